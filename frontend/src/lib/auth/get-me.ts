import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError, apiRequest } from "../api-client";
import type { components } from "../api-schema";
import { authKeys } from "./auth-keys";

export type Role = components["schemas"]["RoleEnum"];

/** Who is signed in; role null: signed in, but given no role yet, so allowed nothing. */
export type User = components["schemas"]["Me"];

/** The signed-in user, or null when nobody is (401). Also sets the csrftoken cookie. */
export async function getMe({
  signal,
}: { signal?: AbortSignal } = {}): Promise<User | null> {
  try {
    return await apiRequest<User>("/api/auth/me/", { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function meQueryOptions() {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => getMe({ signal }),
    // Changes only by signing in or out, or by a 401 from any other call.
    staleTime: Infinity,
  });
}

export function useUser() {
  return useQuery(meQueryOptions());
}
