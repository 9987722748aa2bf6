import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Job } from "../types";
import { invalidateAfterJobWrite } from "./job-keys";

export type CreateJobInput = { name: string };

export function createJob(input: CreateJobInput): Promise<Job> {
  return apiRequest<Job>("/api/jobs/", { method: "POST", body: input });
}

export function useCreateJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createJob,
    onSuccess: () => {
      void invalidateAfterJobWrite(queryClient);
    },
  });
}
