import { formatNumber } from "@/lib/format";
import type { ActivityRange, JobActivity, JobActivityPoint } from "../types";

export const ACTIVITY_RANGE_LABELS: Record<ActivityRange, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

/** What the chart stacks, bottom up; running shows in the table and the totals only. */
export const CHART_SERIES = [
  { key: "FAILED", label: "Failed" },
  { key: "COMPLETED", label: "Completed" },
  { key: "created", label: "Created" },
] as const satisfies readonly {
  key: keyof JobActivityPoint;
  label: string;
}[];

export type ActivityTotals = {
  created: number;
  RUNNING: number;
  COMPLETED: number;
  FAILED: number;
};

export function activityTotals(series: JobActivityPoint[]): ActivityTotals {
  const totals: ActivityTotals = {
    created: 0,
    RUNNING: 0,
    COMPLETED: 0,
    FAILED: 0,
  };
  for (const point of series) {
    totals.created += point.created;
    totals.RUNNING += point.RUNNING;
    totals.COMPLETED += point.COMPLETED;
    totals.FAILED += point.FAILED;
  }
  return totals;
}

/** The bucket with the most failures (the latest of equals), or null without any. */
export function failurePeak(
  series: JobActivityPoint[],
): JobActivityPoint | null {
  let peak: JobActivityPoint | null = null;
  for (const point of series) {
    if (point.FAILED > 0 && (!peak || point.FAILED >= peak.FAILED)) {
      peak = point;
    }
  }
  return peak;
}

const hourLocal = new Intl.DateTimeFormat("en-US", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const hourUtc = new Intl.DateTimeFormat("en-US", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});
const dayUtc = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

/**
 * A bucket's start as people read it: an hour in the browser's zone ("14:00", or
 * "13:00 UTC"), a day as the server counts it (UTC days: "Nov 27").
 */
export function formatBucket(
  t: string,
  bucket: JobActivity["bucket"],
  { utc = false }: { utc?: boolean } = {},
): string {
  const date = new Date(t);
  if (Number.isNaN(date.getTime())) return t;
  if (bucket === "day") return dayUtc.format(date);
  return utc ? `${hourUtc.format(date)} UTC` : hourLocal.format(date);
}

/** "Last 24 hours: 310 created, 280 completed, 12 failed; failures peaked at 14:00." */
export function activitySummary(
  activity: JobActivity,
  range: ActivityRange,
  options: { utc?: boolean } = {},
): string {
  const totals = activityTotals(activity.series);
  const counts = [
    `${formatNumber(totals.created)} created`,
    `${formatNumber(totals.COMPLETED)} completed`,
    `${formatNumber(totals.FAILED)} failed`,
  ].join(", ");
  const peak = failurePeak(activity.series);
  const when = peak ? formatBucket(peak.t, activity.bucket, options) : "";
  const tail = !peak
    ? "no failures"
    : activity.bucket === "day"
      ? `failures peaked on ${when}`
      : `failures peaked at ${when}`;
  return `${ACTIVITY_RANGE_LABELS[range]}: ${counts}; ${tail}.`;
}

/**
 * The chart's columns for uPlot: x in Unix seconds, then each series' running total
 * bottom up (failed, failed + completed, all three), so drawing the tallest first and
 * the others over it shows stacked bars.
 */
export function stackedColumns(series: JobActivityPoint[]): number[][] {
  const x = series.map((point) => Date.parse(point.t) / 1000);
  let below = series.map(() => 0);
  const stacks = CHART_SERIES.map(({ key }) => {
    below = series.map((point, i) => (below[i] ?? 0) + point[key]);
    return below;
  });
  return [x, ...stacks];
}
