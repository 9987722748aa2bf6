import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../api-client";
import { authKeys } from "./auth-keys";

export function logout(): Promise<void> {
  return apiRequest<void>("/api/auth/logout/", { method: "POST" });
}

/** Signing out forgets the user; the route guard then sends to the sign-in page. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      queryClient.setQueryData(authKeys.me(), null);
    },
  });
}
