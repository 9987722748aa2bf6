import {
  useMutation,
  useQueryClient,
  type InfiniteData,
} from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Job, JobPage, JobUpdateInput } from "../types";
import { LIST_HISTORY_LIMIT } from "../utils/status-durations";
import { invalidateAfterJobWrite, jobKeys } from "./job-keys";

export type UpdateJobInput = {
  id: number;
  patch: JobUpdateInput;
};

export function updateJob({ id, patch }: UpdateJobInput): Promise<Job> {
  return apiRequest<Job>(`/api/jobs/${id}/`, { method: "PATCH", body: patch });
}

export function useUpdateJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateJob,
    onSuccess: (job) => {
      // Show the server's answer at once; the refetch below settles filters and order.
      queryClient.setQueryData(jobKeys.detail(job.id), job);
      const listJob: Job = {
        ...job,
        status_history: job.status_history.slice(-LIST_HISTORY_LIMIT),
      };
      queryClient.setQueriesData<InfiniteData<JobPage>>(
        { queryKey: jobKeys.lists() },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              results: page.results.map((item) =>
                item.id === job.id ? listJob : item,
              ),
            })),
          },
      );
      void invalidateAfterJobWrite(queryClient, job.id);
    },
  });
}
