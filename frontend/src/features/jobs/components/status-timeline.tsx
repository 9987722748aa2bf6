import { RelativeTime } from "@/components/relative-time";
import { formatDateTime, formatDuration } from "@/lib/format";
import type { JobStatusEntry } from "../types";
import { buildTimeline } from "../utils/status-durations";
import { StatusBadge } from "./status-badge";

export function StatusTimeline({
  history,
  now,
}: {
  history: JobStatusEntry[];
  now: number;
}) {
  const entries = buildTimeline(history, now);
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
              <RelativeTime iso={entry.timestamp} now={now} />
              <span className="muted num">
                {" "}
                · {formatDateTime(entry.timestamp)}
              </span>
            </span>
          </div>
          <div className="timeline__duration num">
            {entry.ongoing
              ? `ongoing · ${formatDuration(entry.durationMs)}`
              : `for ${formatDuration(entry.durationMs)}`}
          </div>
        </li>
      ))}
    </ol>
  );
}
