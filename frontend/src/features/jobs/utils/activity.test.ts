import { describe, expect, it } from "vitest";
import type { JobActivity } from "../types";
import {
  activitySummary,
  activityTotals,
  failurePeak,
  formatBucket,
  stackedColumns,
} from "./activity";

function hours(
  rows: [created: number, running: number, completed: number, failed: number][],
): JobActivity {
  const start = Date.parse("2026-11-29T12:00:00Z");
  return {
    bucket: "hour",
    series: rows.map(([created, RUNNING, COMPLETED, FAILED], i) => ({
      t: new Date(start + i * 3_600_000).toISOString().replace(".000Z", "Z"),
      created,
      RUNNING,
      COMPLETED,
      FAILED,
    })),
  };
}

describe("activity data", () => {
  const activity = hours([
    [100, 90, 80, 2],
    [150, 140, 120, 9],
    [60, 50, 80, 1],
  ]);

  it("totals every series", () => {
    expect(activityTotals(activity.series)).toEqual({
      created: 310,
      RUNNING: 280,
      COMPLETED: 280,
      FAILED: 12,
    });
  });

  it("summarises the range in one sentence, with the failure peak", () => {
    expect(activitySummary(activity, "24h", { utc: true })).toBe(
      "Last 24 hours: 310 created, 280 completed, 12 failed; failures peaked at 13:00 UTC.",
    );
    const local = new Intl.DateTimeFormat("en-US", {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(new Date("2026-11-29T13:00:00Z"));
    expect(activitySummary(activity, "24h")).toBe(
      `Last 24 hours: 310 created, 280 completed, 12 failed; failures peaked at ${local}.`,
    );
    expect(activitySummary(hours([[1_500, 0, 3, 0]]), "24h")).toBe(
      "Last 24 hours: 1,500 created, 3 completed, 0 failed; no failures.",
    );
  });

  it("names days as the server counts them, in UTC", () => {
    const days: JobActivity = {
      bucket: "day",
      series: [
        {
          t: "2026-11-27T00:00:00Z",
          created: 4,
          RUNNING: 0,
          COMPLETED: 1,
          FAILED: 3,
        },
        {
          t: "2026-11-28T00:00:00Z",
          created: 2,
          RUNNING: 0,
          COMPLETED: 0,
          FAILED: 1,
        },
      ],
    };
    expect(activitySummary(days, "7d")).toBe(
      "Last 7 days: 6 created, 1 completed, 4 failed; failures peaked on Nov 27.",
    );
    expect(formatBucket("2026-11-28T00:00:00Z", "day")).toBe("Nov 28");
  });

  it("takes the latest of equal failure peaks, and none without failures", () => {
    const tied = hours([
      [0, 0, 0, 5],
      [0, 0, 0, 5],
    ]);
    expect(failurePeak(tied.series)?.t).toBe("2026-11-29T13:00:00Z");
    expect(failurePeak(hours([[3, 1, 1, 0]]).series)).toBeNull();
  });

  it("stacks failed, then completed, then created, per bucket", () => {
    expect(stackedColumns(activity.series)).toEqual([
      [
        Date.parse("2026-11-29T12:00:00Z") / 1000,
        Date.parse("2026-11-29T13:00:00Z") / 1000,
        Date.parse("2026-11-29T14:00:00Z") / 1000,
      ],
      [2, 9, 1],
      [82, 129, 81],
      [182, 279, 141],
    ]);
  });
});
