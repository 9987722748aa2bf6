import type { Job, JobStatusEntry, JobStatusType } from "../types";

export type TimelineEntry = JobStatusEntry & {
  /** ms spent in this status: until the next entry, or until `now` for the last one. */
  durationMs: number;
  ongoing: boolean;
};

/** Attach a duration to every history entry (history is oldest → newest). */
export function buildTimeline(
  history: JobStatusEntry[],
  now: number,
): TimelineEntry[] {
  return history.map((entry, index) => {
    const start = Date.parse(entry.timestamp);
    const nextEntry = history[index + 1];
    const end = nextEntry ? Date.parse(nextEntry.timestamp) : now;
    return {
      ...entry,
      durationMs: Math.max(0, end - start),
      ongoing: nextEntry === undefined,
    };
  });
}

export function totalsByStatus(
  history: JobStatusEntry[],
  now: number,
): Record<JobStatusType, number> {
  const totals: Record<JobStatusType, number> = {
    PENDING: 0,
    RUNNING: 0,
    COMPLETED: 0,
    FAILED: 0,
  };
  for (const entry of buildTimeline(history, now)) {
    totals[entry.status_type] += entry.durationMs;
  }
  return totals;
}

export const LIST_HISTORY_LIMIT = 10;

/**
 * List results carry only the newest 10 statuses; when older ones were cut off,
 * the totals are lower bounds. The first status is written with the job, so a
 * gap between created_at and the oldest entry shows the cut.
 */
export function isHistoryTruncated(job: Job): boolean {
  const first = job.status_history[0];
  if (!first || job.status_history.length < LIST_HISTORY_LIMIT) return false;
  return Date.parse(first.timestamp) - Date.parse(job.created_at) > 2000;
}
