import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { JobStats } from "../types";
import { jobKeys } from "./job-keys";

export function getJobStats({
  signal,
}: { signal?: AbortSignal } = {}): Promise<JobStats> {
  return apiRequest<JobStats>("/api/jobs/stats/", { signal });
}

export function jobStatsQueryOptions() {
  return queryOptions({
    queryKey: jobKeys.stats(),
    queryFn: ({ signal }) => getJobStats({ signal }),
    staleTime: 0,
  });
}

/** Reads the stats that the live poll keeps fresh, without polling on its own. */
export function useJobStats() {
  return useQuery({
    ...jobStatsQueryOptions(),
    refetchOnMount: false,
  });
}
