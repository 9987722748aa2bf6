import { describe, expect, it } from "vitest";
import {
  NO_TIME_FILTERS,
  RANGE_MESSAGES,
  chartRangeFor,
  describeTimeFilters,
  isoToLocalInput,
  localInputToIso,
  presetFilters,
  timeRangeKind,
  toIsoSeconds,
  validateCustomRange,
} from "./time-range";

const NOW = Date.parse("2026-11-29T14:03:07.456Z");
const none = {
  created_after: false,
  created_before: false,
  changed_after: false,
};

describe("time range", () => {
  it("presets set changed_after to now minus their span, to the second, in UTC", () => {
    expect(presetFilters("1h", NOW)).toEqual({
      ...NO_TIME_FILTERS,
      changed_after: "2026-11-29T13:03:07Z",
    });
    expect(presetFilters("24h", NOW).changed_after).toBe(
      "2026-11-28T14:03:07Z",
    );
    expect(presetFilters("7d", NOW).changed_after).toBe("2026-11-22T14:03:07Z");
  });

  it("shows a preset as chosen only for what the preset writes", () => {
    const preset = {
      ...NO_TIME_FILTERS,
      changed_after: "2026-11-29T13:03:07Z",
    };
    expect(timeRangeKind(preset, "1h")).toBe("1h");
    expect(timeRangeKind(preset, "7d")).toBe("7d");
    // No hint, an unknown one, or a created bound as well: the user's own range.
    expect(timeRangeKind(preset, null)).toBe("custom");
    expect(timeRangeKind(preset, "2h")).toBe("custom");
    expect(
      timeRangeKind({ ...preset, created_after: "2026-11-01T00:00:00Z" }, "1h"),
    ).toBe("custom");
    // A hint without a time filter is no filter at all.
    expect(timeRangeKind(NO_TIME_FILTERS, "1h")).toBe("all");
  });

  it("maps the list's range to the chart's", () => {
    expect(chartRangeFor("1h")).toBe("24h");
    expect(chartRangeFor("24h")).toBe("24h");
    expect(chartRangeFor("7d")).toBe("7d");
    expect(chartRangeFor("all")).toBe("30d");
    expect(chartRangeFor("custom")).toBe("30d");
  });

  it("reads datetime-local values in the browser's zone and writes UTC", () => {
    const local = "2026-11-29T14:00";
    const expected = toIsoSeconds(new Date(2026, 10, 29, 14, 0).getTime());
    expect(localInputToIso(local)).toBe(expected);
    expect(isoToLocalInput(expected)).toBe(local);
    expect(isoToLocalInput("2026-11-29T13:03:07Z")).toMatch(
      /^2026-11-\d\dT\d\d:\d\d:07$/,
    );
    expect(localInputToIso("")).toBeNull();
    expect(localInputToIso("2026-11-29")).toBeNull();
    expect(isoToLocalInput("yesterday")).toBe("");
  });

  const range = (
    created_after: string,
    created_before: string,
    changed_after = "",
  ) => ({ created_after, created_before, changed_after });

  it.each([
    ["after the end", range("2026-11-29T15:00", "2026-11-29T14:00")],
    ["at the end", range("2026-11-29T14:00", "2026-11-29T14:00")],
  ])("refuses a created start %s", (_, values) => {
    expect(validateCustomRange(values, none)).toEqual({
      errors: { created_after: RANGE_MESSAGES.order },
    });
  });

  it("refuses a half-typed date-time, which the input reports as empty", () => {
    expect(
      validateCustomRange(range("", ""), { ...none, changed_after: true }),
    ).toEqual({ errors: { changed_after: RANGE_MESSAGES.incomplete } });
  });

  it("turns a valid custom range into UTC filters", () => {
    const values = range(
      "2026-11-29T13:00",
      "2026-11-29T14:00",
      "2026-11-29T13:30",
    );
    expect(validateCustomRange(values, none)).toEqual({
      times: {
        created_after: localInputToIso("2026-11-29T13:00"),
        created_before: localInputToIso("2026-11-29T14:00"),
        changed_after: localInputToIso("2026-11-29T13:30"),
      },
    });
    expect(validateCustomRange(range("", ""), none)).toEqual({
      times: NO_TIME_FILTERS,
    });
  });

  it("says what the filters are in words", () => {
    expect(
      describeTimeFilters(
        {
          created_after: "2026-11-01T09:00:00Z",
          created_before: "2026-11-05T18:30:00Z",
          changed_after: "2026-11-29T13:03:07Z",
        },
        { utc: true },
      ),
    ).toBe(
      "created Nov 1, 09:00 UTC – Nov 5, 18:30 UTC; status changed since Nov 29, 13:03 UTC",
    );
    expect(
      describeTimeFilters(
        { ...NO_TIME_FILTERS, created_before: "2026-11-05T18:30:00Z" },
        { utc: true },
      ),
    ).toBe("created before Nov 5, 18:30 UTC");
    expect(describeTimeFilters(NO_TIME_FILTERS)).toBe("");
    expect(
      describeTimeFilters({ ...NO_TIME_FILTERS, created_before: "soon" }),
    ).toBe("created before soon");
  });
});
