import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError, apiRequest } from "../api-client";
import { authKeys } from "./auth-keys";

// The sign-in endpoints are not in backend/openapi.json yet; these shapes follow the
// SPEC ("Identity and permissions") until `make schema` generates them.
export type Role = "viewer" | "operator" | "admin";

export type User = {
  username: string;
  /** null: signed in, but given no role yet, so allowed nothing. */
  role: Role | null;
  /** True only for the stand-in user of an API without sign-in (see getMe). */
  anonymous?: boolean;
};

/**
 * TEMPORARY: an API that answers 404 for /api/auth/me/ has no sign-in at all (the
 * backend before authentication lands), so everyone may do everything there. Remove
 * this fallback, and the 404 branch in getMe, when the backend serves /api/auth/.
 */
export const ANONYMOUS_ADMIN: User = {
  username: "",
  role: "admin",
  anonymous: true,
};

/** The signed-in user, or null when nobody is (401). Also sets the csrftoken cookie. */
export async function getMe({
  signal,
}: { signal?: AbortSignal } = {}): Promise<User | null> {
  try {
    return await apiRequest<User>("/api/auth/me/", { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    if (error instanceof ApiError && error.status === 404) {
      return ANONYMOUS_ADMIN;
    }
    throw error;
  }
}

export function meQueryOptions() {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => getMe({ signal }),
    // Changes only by signing in or out, or by a 401 from any other call.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useUser() {
  return useQuery(meQueryOptions());
}
