import { describe, expect, it } from "vitest";
import { formatDuration, formatNumber, formatRelative } from "./format";

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
