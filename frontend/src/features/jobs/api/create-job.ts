import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Job, JobCreateInput } from "../types";
import { invalidateAfterJobWrite, jobKeys } from "./job-keys";

export function createJob(input: JobCreateInput): Promise<Job> {
  return apiRequest<Job>("/api/jobs/", { method: "POST", body: input });
}

export function useCreateJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: jobKeys.create(),
    mutationFn: createJob,
    onSuccess: () => {
      void invalidateAfterJobWrite(queryClient);
    },
  });
}
