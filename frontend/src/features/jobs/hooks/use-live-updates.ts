import { createContext, useContext } from "react";
import { useNow } from "@/hooks/use-now";

export const LIVE_POLL_INTERVAL_MS = 2000;

/**
 * What the shown data can be trusted for:
 * - live: the stats poll answers, changes show within one poll;
 * - paused: the user stopped updates, nothing is requested;
 * - reconnecting: the last poll failed, it is being retried;
 * - offline: the browser has no network (navigator.onLine is false).
 * A session that ended (401) is not a state here: it goes to the sign-in page.
 */
export type LiveState = "live" | "paused" | "reconnecting" | "offline";

export type LiveUpdates = {
  state: LiveState;
  /** Paused by the user (also while offline, which `state` shows first). */
  paused: boolean;
  pause: () => void;
  resume: () => void;
  /** When the data was last known to be current (ms since epoch), or null before the first poll. */
  syncedAt: number | null;
};

export const LiveUpdatesContext = createContext<LiveUpdates>({
  state: "live",
  paused: false,
  pause: () => {},
  resume: () => {},
  syncedAt: null,
});

export function useLiveUpdates(): LiveUpdates {
  return useContext(LiveUpdatesContext);
}

/**
 * The clock for the page whose data was fetched at `fetchedAt`: `now` ticks for
 * relative times, which stay true; `durationNow` stops while the data is stale, where
 * it was last known current (the last sync, never before it was fetched), so a running
 * job's duration does not count on as if it were known to be still running.
 */
export function useLiveClock(fetchedAt: number) {
  const { state, syncedAt } = useLiveUpdates();
  const now = useNow(1000);
  const frozen = state !== "live" && syncedAt !== null;
  const durationNow = frozen ? Math.max(syncedAt, fetchedAt) : now;
  return { now, durationNow, frozen, state };
}
