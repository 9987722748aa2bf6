import { describe, expect, it } from "vitest";
import {
  formatDuration,
  formatNumber,
  formatRelative,
  formatTime,
  formatUtc,
  formatWait,
} from "./format";

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [-5, "0s"],
    [45_000, "45s"],
    [192_000, "3m 12s"],
    [2 * 3_600_000 + 5 * 60_000, "2h 05m"],
    [3 * 86_400_000 + 4 * 3_600_000, "3d 4h"],
  ])("formats %i ms as %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("formatRelative", () => {
  const now = Date.parse("2026-11-29T10:00:00Z");
  it.each([
    ["2026-11-29T09:59:55Z", "just now"],
    ["2026-11-29T09:59:15Z", "45 s ago"],
    ["2026-11-29T09:57:00Z", "3 min ago"],
    ["2026-11-29T07:00:00Z", "3 h ago"],
    ["2026-11-27T10:00:00Z", "2 d ago"],
    ["2026-11-29T10:00:30Z", "just now"],
    ["2026-11-29T10:05:00Z", "in 5 min"],
  ])("formats %s as %s", (iso, expected) => {
    expect(formatRelative(iso, now)).toBe(expected);
  });

  it("returns a dash for an invalid date", () => {
    expect(formatRelative("nope", now)).toBe("—");
  });
});

it("formats numbers with thousands separators", () => {
  expect(formatNumber(10000)).toBe("10,000");
});

describe("formatUtc and formatTime", () => {
  const now = Date.parse("2026-11-29T10:00:00Z");
  it("writes UTC with seconds, and the year only when it is not this one", () => {
    expect(formatUtc("2026-11-29T09:05:07Z", now)).toBe("Nov 29, 09:05:07 UTC");
    expect(formatUtc("2025-01-02T23:00:00Z", now)).toBe(
      "Jan 2, 2025, 23:00:00 UTC",
    );
    expect(formatUtc("nope", now)).toBe("—");
  });

  it("follows the chosen format", () => {
    expect(formatTime("2026-11-29T09:57:00Z", "relative", now)).toBe(
      "3 min ago",
    );
    expect(formatTime("2026-11-29T09:57:00Z", "utc", now)).toBe(
      "Nov 29, 09:57:00 UTC",
    );
    expect(formatTime("2026-11-29T09:57:00Z", "local", now)).toMatch(
      /^Nov 29, \d\d:57:00$/,
    );
  });
});

describe("formatWait", () => {
  it.each([
    [1, "1 second"],
    [45, "45 seconds"],
    [60, "1 minute"],
    [61, "2 minutes"],
    [900, "15 minutes"],
  ])("says %i s as %s", (seconds, expected) => {
    expect(formatWait(seconds)).toBe(expected);
  });
});
