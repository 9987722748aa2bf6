import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { apiRequest } from "@/lib/api-client";
import type {
  BulkActionInput,
  BulkResult,
  JobListFilterParams,
  JobStatusType,
} from "../types";
import { invalidateAfterJobWrite, jobKeys } from "./job-keys";

/** Which jobs a bulk action is for: listed ids, or every job the list's filter matches. */
export type BulkTarget = { ids: number[] } | { filter: JobListFilterParams };

/** What to do to them; the reason goes with the real run, not the dry run. */
export type BulkAction =
  { action: "set_status"; status_type: JobStatusType } | { action: "delete" };

export type BulkInput = {
  target: BulkTarget;
  action: BulkAction;
  /** For set_status: why, kept in each job's history. */
  reason?: string;
  dryRun: boolean;
};

export function bulkJobs({
  target,
  action,
  reason,
  dryRun,
  signal,
}: BulkInput & { signal?: AbortSignal }): Promise<BulkResult> {
  const why = action.action === "set_status" ? reason?.trim() : undefined;
  const body: BulkActionInput = {
    ...action,
    ...target,
    ...(why ? { reason: why } : {}),
    dry_run: dryRun,
  };
  return apiRequest<BulkResult>("/api/jobs/bulk/", {
    method: "POST",
    body,
    signal,
  });
}

/**
 * A dry run: how many jobs the action would change and skip. It changes nothing, so
 * it is a query (keyed by its target and action), not a mutation.
 */
export function bulkPreviewQueryOptions(
  target: BulkTarget,
  action: BulkAction,
) {
  return queryOptions({
    queryKey: jobKeys.bulkPreview(target, action),
    queryFn: ({ signal }) => bulkJobs({ target, action, dryRun: true, signal }),
    // The answer is for this moment: ask again each time a confirmation opens.
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

export function useBulkPreview(target: BulkTarget, action: BulkAction) {
  return useQuery(bulkPreviewQueryOptions(target, action));
}

export function useBulkJobs() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<BulkInput, "dryRun">) =>
      bulkJobs({ ...input, dryRun: false }),
    onSuccess: () =>
      // Any loaded job may have changed: every list, every job page and the stats.
      // Returned, so the mutation stays pending until the list shows the result.
      Promise.all([
        invalidateAfterJobWrite(queryClient),
        queryClient.invalidateQueries({ queryKey: jobKeys.details() }),
      ]),
  });
}
