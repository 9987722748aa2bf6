import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";
import { authKeys } from "@/lib/auth/auth-keys";

/** Client errors other than throttling will not change on retry. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  ) {
    return false;
  }
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  // Any 401 means the session ended (expired, or signed out elsewhere): forget the
  // user, and the route guard sends to sign-in with the current URL to come back to.
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) {
      client.setQueryData(authKeys.me(), null);
    }
  };
  const client = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // Freshness comes from the stats version poll, so loaded data need not refetch
        // on every mount, nor on focus or reconnect: the poll (which pausing stops)
        // decides, and it alone refetches then (live-updates-provider).
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: shouldRetry,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
