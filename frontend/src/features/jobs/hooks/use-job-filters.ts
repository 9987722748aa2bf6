import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import {
  isJobSort,
  isJobStatus,
  type JobListFilters,
  type JobSort,
  type JobStatusType,
} from "../types";

export const DEFAULT_SORT: JobSort = "newest";

/** Read filters from URL params, ignoring values the API would reject. */
export function parseJobFilters(params: URLSearchParams): JobListFilters {
  const status = [
    ...new Set(
      (params.get("status") ?? "")
        .split(",")
        .map((s) => s.trim().toUpperCase())
        .filter(isJobStatus),
    ),
  ];
  const sortParam = params.get("sort") ?? "";
  return {
    status,
    sort: isJobSort(sortParam) ? sortParam : DEFAULT_SORT,
    search: params.get("search") ?? "",
  };
}

/** Write filters into URL params with the API's names, omitting defaults. */
export function applyJobFilters(
  params: URLSearchParams,
  filters: JobListFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete("status");
  next.delete("sort");
  next.delete("search");
  if (filters.status.length > 0) next.set("status", filters.status.join(","));
  if (filters.sort !== DEFAULT_SORT) next.set("sort", filters.sort);
  if (filters.search.trim() !== "") next.set("search", filters.search);
  return next;
}

export function hasActiveFilters(filters: JobListFilters): boolean {
  return filters.status.length > 0 || filters.search.trim() !== "";
}

/** The URL is the single source of truth for the list view. */
export function useJobFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseJobFilters(params), [params]);

  const update = useCallback(
    (change: Partial<JobListFilters>, options?: { replace?: boolean }) => {
      setParams(
        (prev) =>
          applyJobFilters(prev, { ...parseJobFilters(prev), ...change }),
        { replace: options?.replace ?? false },
      );
    },
    [setParams],
  );

  const setStatus = useCallback(
    (status: JobStatusType[]) => update({ status }),
    [update],
  );
  const setSort = useCallback((sort: JobSort) => update({ sort }), [update]);
  // Typing replaces the entry so Back leaves the search instead of stepping through keystrokes.
  const setSearch = useCallback(
    (search: string) => update({ search }, { replace: true }),
    [update],
  );
  const clear = useCallback(
    () => update({ status: [], search: "", sort: DEFAULT_SORT }),
    [update],
  );

  const searchFor = useCallback(
    (change: Partial<JobListFilters>) => {
      const qs = applyJobFilters(params, { ...filters, ...change }).toString();
      return qs ? `?${qs}` : "";
    },
    [params, filters],
  );

  return { filters, setStatus, setSort, setSearch, clear, searchFor };
}
