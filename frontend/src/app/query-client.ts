import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";

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
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Freshness comes from the stats version poll, so loaded data need not refetch on every mount.
        staleTime: 10_000,
        retry: shouldRetry,
      },
      mutations: { retry: false },
    },
  });
}
