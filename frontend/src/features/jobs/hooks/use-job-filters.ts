import { useCallback, useMemo } from "react";
import { useNavigate, useSearchParams } from "react-router";
import {
  JOB_STATUSES,
  TIME_FILTER_KEYS,
  isJobSort,
  isJobStatus,
  type JobListFilters,
  type JobSort,
  type JobStatusType,
  type TimeFilters,
} from "../types";
import {
  NO_TIME_FILTERS,
  RANGE_HINT_PARAM,
  hasTimeFilters,
  presetFilters,
  timeRangeKind,
  type TimePreset,
} from "../utils/time-range";

export const DEFAULT_SORT: JobSort = "newest";

/**
 * Read filters from URL params. Unknown statuses and sorts are dropped (the tabs and
 * the sort control could not show them); times are passed on as written, so a bad one
 * is answered by the server's own 400 instead of being silently ignored.
 */
export function parseJobFilters(params: URLSearchParams): JobListFilters {
  const wanted = new Set(
    (params.get("status") ?? "")
      .split(",")
      .map((s) => s.trim().toUpperCase())
      .filter(isJobStatus),
  );
  const sortParam = params.get("sort") ?? "";
  return {
    // One order for the same set, so the query key (and the cache) is the same too.
    status: JOB_STATUSES.filter((status) => wanted.has(status)),
    sort: isJobSort(sortParam) ? sortParam : DEFAULT_SORT,
    search: params.get("search") ?? "",
    created_after: (params.get("created_after") ?? "").trim(),
    created_before: (params.get("created_before") ?? "").trim(),
    changed_after: (params.get("changed_after") ?? "").trim(),
  };
}

/** Write filters into URL params with the API's names, omitting defaults. */
export function applyJobFilters(
  params: URLSearchParams,
  filters: JobListFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ["status", "sort", "search", ...TIME_FILTER_KEYS]) {
    next.delete(key);
  }
  if (filters.status.length > 0) next.set("status", filters.status.join(","));
  if (filters.sort !== DEFAULT_SORT) next.set("sort", filters.sort);
  if (filters.search.trim() !== "") next.set("search", filters.search);
  for (const key of TIME_FILTER_KEYS) {
    if (filters[key] !== "") next.set(key, filters[key]);
  }
  return next;
}

/**
 * A query string to show and share: commas (status lists) and colons (times) are left
 * as they are, which a query may hold, instead of %2C and %3A.
 */
export function toSearch(params: URLSearchParams): string {
  const qs = params.toString().replace(/%2C/gi, ",").replace(/%3A/gi, ":");
  return qs ? `?${qs}` : "";
}

export function hasActiveFilters(filters: JobListFilters): boolean {
  return (
    filters.status.length > 0 ||
    filters.search.trim() !== "" ||
    hasTimeFilters(filters)
  );
}

type UpdateOptions = {
  replace?: boolean;
  /** The preset the time filters came from, or null for none; undefined keeps the hint. */
  range?: TimePreset | null;
};

/** The URL is the single source of truth for the list view. */
export function useJobFilters() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const filters = useMemo(() => parseJobFilters(params), [params]);
  const timeRange = timeRangeKind(filters, params.get(RANGE_HINT_PARAM));

  const update = useCallback(
    (change: Partial<JobListFilters>, options: UpdateOptions = {}) => {
      const next = applyJobFilters(params, {
        ...parseJobFilters(params),
        ...change,
      });
      if (options.range === null) next.delete(RANGE_HINT_PARAM);
      else if (options.range) next.set(RANGE_HINT_PARAM, options.range);
      void navigate(
        { search: toSearch(next) },
        { replace: options.replace ?? false },
      );
    },
    [params, navigate],
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
  /** "What changed in the last …": the start is now minus the span, at the time of the click. */
  const setTimePreset = useCallback(
    (preset: TimePreset) =>
      update(presetFilters(preset, Date.now()), { range: preset }),
    [update],
  );
  const setCustomTimeRange = useCallback(
    (times: TimeFilters) => update(times, { range: null }),
    [update],
  );
  const clearTimeRange = useCallback(
    () => update(NO_TIME_FILTERS, { range: null }),
    [update],
  );
  const clear = useCallback(
    () =>
      update(
        { status: [], search: "", sort: DEFAULT_SORT, ...NO_TIME_FILTERS },
        { range: null },
      ),
    [update],
  );

  const searchFor = useCallback(
    (change: Partial<JobListFilters>) => {
      return toSearch(applyJobFilters(params, { ...filters, ...change }));
    },
    [params, filters],
  );

  return {
    filters,
    timeRange,
    setStatus,
    setSort,
    setSearch,
    setTimePreset,
    setCustomTimeRange,
    clearTimeRange,
    clear,
    searchFor,
  };
}
