import type { QueryClient } from "@tanstack/react-query";
import type { ActivityRange, JobListFilters } from "../types";
import type { BulkAction, BulkTarget } from "./bulk-jobs";

/** The one query-key factory for jobs; every variable of a query is in its key. */
export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  list: (filters: JobListFilters) => [...jobKeys.lists(), filters] as const,
  details: () => [...jobKeys.all, "detail"] as const,
  detail: (id: number) => [...jobKeys.details(), id] as const,
  stats: () => [...jobKeys.all, "stats"] as const,
  activities: () => [...jobKeys.all, "activity"] as const,
  activity: (range: ActivityRange) => [...jobKeys.activities(), range] as const,
  /** A bulk action's dry run: what it would change, for this target and action. */
  bulkPreview: (target: BulkTarget, action: BulkAction) =>
    [...jobKeys.all, "bulk-preview", target, action] as const,
  /** Mutation key of creating a job: the list shows the user's own new jobs at once. */
  create: () => [...jobKeys.all, "create"] as const,
};

/** After a write: lists, the job's detail (when known), stats and activity. */
export function invalidateAfterJobWrite(
  queryClient: QueryClient,
  id?: number,
): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: jobKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: jobKeys.stats() }),
    queryClient.invalidateQueries({ queryKey: jobKeys.activities() }),
    id === undefined
      ? Promise.resolve()
      : queryClient.invalidateQueries({ queryKey: jobKeys.detail(id) }),
  ]);
}
