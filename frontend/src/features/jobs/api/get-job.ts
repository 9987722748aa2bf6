import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { Job } from "../types";
import { jobKeys } from "./job-keys";

export function getJob({
  id,
  signal,
}: {
  id: number;
  signal?: AbortSignal;
}): Promise<Job> {
  return apiRequest<Job>(`/api/jobs/${id}/`, { signal });
}

export function jobQueryOptions(id: number) {
  return queryOptions({
    queryKey: jobKeys.detail(id),
    queryFn: ({ signal }) => getJob({ id, signal }),
  });
}

export function useJob(id: number) {
  return useQuery(jobQueryOptions(id));
}
