import {
  keepPreviousData,
  queryOptions,
  useQuery,
} from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { ActivityRange, JobActivity } from "../types";
import { jobKeys } from "./job-keys";

export function getJobActivity({
  range,
  signal,
}: {
  range: ActivityRange;
  signal?: AbortSignal;
}): Promise<JobActivity> {
  return apiRequest<JobActivity>("/api/jobs/activity/", {
    query: { range },
    signal,
  });
}

export function jobActivityQueryOptions(range: ActivityRange) {
  return queryOptions({
    queryKey: jobKeys.activity(range),
    queryFn: ({ signal }) => getJobActivity({ range, signal }),
    // A range change keeps the old bars until the new ones arrive.
    placeholderData: keepPreviousData,
  });
}

export function useJobActivity(range: ActivityRange) {
  return useQuery(jobActivityQueryOptions(range));
}
