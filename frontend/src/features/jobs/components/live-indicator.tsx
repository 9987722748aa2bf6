import { PauseIcon, PlayIcon } from "@/components/icons";
import { formatClock } from "@/lib/format";
import { useLiveUpdates, type LiveState } from "../hooks/use-live-updates";

const LABELS: Record<LiveState, string> = {
  live: "Live",
  paused: "Paused",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

const EXPLANATIONS: Record<LiveState, string> = {
  live: "Changes from any client appear within about 2 seconds.",
  paused: "Live updates are paused; nothing is being requested.",
  reconnecting: "The server did not answer; retrying.",
  offline: "This browser is offline.",
};

/** The live state in the header, honest about stale data, with pause and resume. */
export function LiveIndicator() {
  const { state, paused, pause, resume, syncedAt } = useLiveUpdates();
  const stale = state !== "live";
  const since =
    stale && syncedAt !== null ? ` Last update ${formatClock(syncedAt)}.` : "";
  return (
    <div className="live">
      <p
        role="status"
        className={`live__state live--${state}`}
        title={`${EXPLANATIONS[state]}${since}`}
      >
        <span className="live__dot" aria-hidden="true" />
        {LABELS[state]}
      </p>
      <button
        type="button"
        className="button button--icon"
        onClick={paused ? resume : pause}
        aria-label={paused ? "Resume live updates" : "Pause live updates"}
        title={paused ? "Resume live updates" : "Pause live updates"}
      >
        {paused ? <PlayIcon /> : <PauseIcon />}
      </button>
    </div>
  );
}
