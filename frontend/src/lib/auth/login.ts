import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../api-client";
import { authKeys } from "./auth-keys";
import type { User } from "./get-me";

export type LoginInput = { username: string; password: string };

/** 200 with the user (session cookie set), 400 bad credentials, 429 locked out. */
export function login(input: LoginInput): Promise<User> {
  return apiRequest<User>("/api/auth/login/", { method: "POST", body: input });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      queryClient.setQueryData(authKeys.me(), user);
    },
  });
}
