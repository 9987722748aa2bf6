import { Timestamp } from "@/components/timestamp";
import { formatDuration } from "@/lib/format";
import type { JobStatusEntry } from "../types";
import { buildTimeline } from "../utils/status-durations";
import { StatusBadge } from "./status-badge";

export function StatusTimeline({
  history,
  now,
  durationNow,
}: {
  history: JobStatusEntry[];
  /** Ticks, for relative times. */
  now: number;
  /** What the ongoing status counts to: `now` while live, the last sync while stale. */
  durationNow: number;
}) {
  const entries = buildTimeline(history, durationNow);
  if (entries.length === 0) {
    return <p className="muted">No status history.</p>;
  }
  return (
    <ol className="timeline" aria-label="Status history, oldest first">
      {entries.map((entry) => (
        <li key={entry.id} className="timeline__item">
          <span className="timeline__marker" aria-hidden="true" />
          <div className="timeline__main">
            <StatusBadge status={entry.status_type} />
            <span className="timeline__when">
              <Timestamp iso={entry.timestamp} now={now} exact="always" />
            </span>
          </div>
          <div className="timeline__duration num">
            {entry.ongoing
              ? `ongoing · ${formatDuration(entry.durationMs)}`
              : `for ${formatDuration(entry.durationMs)}`}
          </div>
          <p className="timeline__who">
            {entry.actor === null ? (
              <span className="muted">by the system</span>
            ) : (
              <>
                by <span className="break-anywhere">{entry.actor}</span>
              </>
            )}
            {entry.reason !== null ? (
              <>
                <span aria-hidden="true"> · </span>
                <span className="visually-hidden">, reason: </span>
                <q className="timeline__reason break-anywhere">
                  {entry.reason}
                </q>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ol>
  );
}
