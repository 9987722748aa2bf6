import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useOnline } from "@/hooks/use-online";
import { jobStatsQueryOptions } from "../api/get-job-stats";
import { jobKeys } from "../api/job-keys";
import {
  LiveUpdatesContext,
  type LiveState,
  type LiveUpdates,
} from "../hooks/use-live-updates";

/**
 * Polls the constant-time stats endpoint; when its `version` moves, every loaded list
 * page, job page and activity chart refetches in place. Pausing stops the poll and
 * every refetch it would cause; resuming polls at once. TanStack Query already holds
 * requests while the browser is offline and the tab is hidden.
 */
export function LiveUpdatesProvider({
  intervalMs,
  children,
}: {
  /** false turns polling off (tests drive every request themselves). */
  intervalMs: number | false;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const online = useOnline();
  const [paused, setPaused] = useState(false);
  const polling = intervalMs !== false && !paused;
  const query = useQuery({
    ...jobStatsQueryOptions(),
    refetchInterval: polling ? intervalMs : false,
    refetchOnWindowFocus: polling ? "always" : false,
    refetchOnReconnect: polling ? "always" : false,
  });
  const version = query.data?.version;
  const seenVersion = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (version === undefined || paused) return;
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
    void queryClient.invalidateQueries(
      { queryKey: jobKeys.activities() },
      { cancelRefetch: false },
    );
  }, [version, paused, queryClient]);

  const failing = query.isError || query.failureCount > 0;
  const state: LiveState = !online
    ? "offline"
    : paused
      ? "paused"
      : failing
        ? "reconnecting"
        : "live";
  const syncedAt = query.dataUpdatedAt > 0 ? query.dataUpdatedAt : null;
  const { refetch } = query;

  const value = useMemo<LiveUpdates>(
    () => ({
      state,
      paused,
      syncedAt,
      pause: () => setPaused(true),
      resume: () => {
        setPaused(false);
        void refetch();
      },
    }),
    [state, paused, syncedAt, refetch],
  );

  return (
    <LiveUpdatesContext.Provider value={value}>
      {children}
    </LiveUpdatesContext.Provider>
  );
}
