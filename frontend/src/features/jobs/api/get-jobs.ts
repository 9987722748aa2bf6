import {
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
} from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type { JobListFilterParams, JobListFilters, JobPage } from "../types";
import { jobKeys } from "./job-keys";

export const JOBS_PAGE_SIZE = 20;

/**
 * The list's filters as the API's parameters: the "filter" target of a bulk action on
 * every job the list matches.
 */
export function toFilterParams(filters: JobListFilters): JobListFilterParams {
  const search = filters.search.trim();
  return {
    status: filters.status.length > 0 ? filters.status.join(",") : undefined,
    search: search || undefined,
    created_after: filters.created_after || undefined,
    created_before: filters.created_before || undefined,
    changed_after: filters.changed_after || undefined,
  };
}

/** The filters and the sort: what GET /api/jobs/ is sent (the export takes them too). */
export function jobListParams(
  filters: JobListFilters,
): JobListFilterParams & { sort: JobListFilters["sort"] } {
  return { ...toFilterParams(filters), sort: filters.sort };
}

export function getJobs({
  filters,
  cursor,
  signal,
}: {
  filters: JobListFilters;
  cursor: string;
  signal?: AbortSignal;
}): Promise<JobPage> {
  return apiRequest<JobPage>("/api/jobs/", {
    query: { cursor, ...jobListParams(filters), page_size: JOBS_PAGE_SIZE },
    signal,
  });
}

/** The opaque keyset cursor carried in `next`, or undefined on the last page. */
export function getNextCursor(page: JobPage): string | undefined {
  if (!page.next) return undefined;
  try {
    return (
      new URL(page.next, window.location.origin).searchParams.get("cursor") ??
      undefined
    );
  } catch {
    return undefined;
  }
}

export function jobsInfiniteQueryOptions(filters: JobListFilters) {
  return infiniteQueryOptions({
    queryKey: jobKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      getJobs({ filters, cursor: pageParam, signal }),
    initialPageParam: "",
    getNextPageParam: getNextCursor,
    // Filter changes keep showing the old rows (dimmed) instead of a skeleton.
    placeholderData: keepPreviousData,
  });
}

export function useJobs(filters: JobListFilters) {
  return useInfiniteQuery(jobsInfiniteQueryOptions(filters));
}
