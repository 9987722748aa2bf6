import { describe, expect, it } from "vitest";
import type { Job, JobStatusEntry } from "../types";
import {
  buildTimeline,
  isHistoryTruncated,
  totalsByStatus,
} from "./status-durations";

const history: JobStatusEntry[] = [
  {
    id: 1,
    status_type: "PENDING",
    timestamp: "2026-11-29T10:00:00Z",
    actor: null,
    reason: null,
  },
  {
    id: 2,
    status_type: "RUNNING",
    timestamp: "2026-11-29T10:02:00Z",
    actor: null,
    reason: null,
  },
  {
    id: 3,
    status_type: "PENDING",
    timestamp: "2026-11-29T10:05:00Z",
    actor: null,
    reason: null,
  },
  {
    id: 4,
    status_type: "RUNNING",
    timestamp: "2026-11-29T10:06:00Z",
    actor: null,
    reason: null,
  },
];
const now = Date.parse("2026-11-29T10:10:00Z");

describe("buildTimeline", () => {
  it("gives each entry the time until the next, and the last one until now", () => {
    const timeline = buildTimeline(history, now);
    expect(timeline.map((e) => e.durationMs)).toEqual([
      120_000, 180_000, 60_000, 240_000,
    ]);
    expect(timeline.map((e) => e.ongoing)).toEqual([false, false, false, true]);
  });
});

describe("totalsByStatus", () => {
  it("sums the time spent in each status", () => {
    const totals = totalsByStatus(history, now);
    expect(totals.PENDING).toBe(180_000);
    expect(totals.RUNNING).toBe(420_000);
    expect(totals.COMPLETED).toBe(0);
  });

  it("stops counting when the job is finished", () => {
    const finished: JobStatusEntry[] = [
      ...history,
      {
        id: 5,
        status_type: "COMPLETED",
        timestamp: "2026-11-29T10:07:00Z",
        actor: null,
        reason: null,
      },
    ];
    const totals = totalsByStatus(finished, now);
    expect(totals.RUNNING).toBe(240_000);
    expect(totals.COMPLETED).toBe(180_000);
  });
});

describe("isHistoryTruncated", () => {
  const base: Job = {
    id: 1,
    name: "x",
    current_status: "RUNNING",
    current_status_at: "2026-11-29T10:00:00Z",
    created_at: "2026-11-29T09:00:00Z",
    updated_at: "2026-11-29T10:00:00Z",
    status_history: [],
  };
  it("is false for a short history", () => {
    expect(isHistoryTruncated({ ...base, status_history: history })).toBe(
      false,
    );
  });
  it("is true when ten entries start well after creation", () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      status_type: "RUNNING" as const,
      timestamp: new Date(
        Date.parse("2026-11-29T09:30:00Z") + i * 1000,
      ).toISOString(),
      actor: null,
      reason: null,
    }));
    expect(isHistoryTruncated({ ...base, status_history: ten })).toBe(true);
  });
});
