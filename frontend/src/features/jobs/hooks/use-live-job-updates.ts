import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { jobStatsQueryOptions } from "../api/get-job-stats";
import { jobKeys } from "../api/job-keys";

export const LIVE_POLL_INTERVAL_MS = 2000;

/**
 * Polls the constant-time stats endpoint; when its `version` moves, every
 * loaded list page and job detail refetches in place. Polling pauses while the
 * tab is hidden (TanStack's default) and resumes with a fetch on focus.
 */
export function useLiveJobUpdates(
  intervalMs: number | false = LIVE_POLL_INTERVAL_MS,
) {
  const queryClient = useQueryClient();
  const query = useQuery({
    ...jobStatsQueryOptions(),
    refetchInterval: intervalMs,
    refetchOnWindowFocus: "always",
  });
  const version = query.data?.version;
  const seenVersion = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (version === undefined) return;
    const previous = seenVersion.current;
    seenVersion.current = version;
    if (previous === undefined || previous === version) return;
    // cancelRefetch: false lets a fetch already under way (our own mutation's
    // refetch, or "Load more") finish instead of being restarted.
    void queryClient.invalidateQueries(
      { queryKey: jobKeys.lists() },
      { cancelRefetch: false },
    );
    void queryClient.invalidateQueries(
      { queryKey: jobKeys.details() },
      { cancelRefetch: false },
    );
  }, [version, queryClient]);

  return query;
}
