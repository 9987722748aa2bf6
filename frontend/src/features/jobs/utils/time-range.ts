import { formatMinute } from "@/lib/format";
import {
  TIME_FILTER_KEYS,
  type ActivityRange,
  type TimeFilterKey,
  type TimeFilters,
} from "../types";

/** Presets of "what changed in the last …": each sets changed_after to now minus its span. */
export const TIME_PRESETS = ["1h", "24h", "7d"] as const;
export type TimePreset = (typeof TIME_PRESETS)[number];

const HOUR_MS = 60 * 60 * 1000;

export const PRESET_SPAN_MS: Record<TimePreset, number> = {
  "1h": HOUR_MS,
  "24h": 24 * HOUR_MS,
  "7d": 7 * 24 * HOUR_MS,
};

/** The button's text and its accessible name (which contains the text). */
export const PRESET_LABELS: Record<TimePreset, { text: string; name: string }> =
  {
    "1h": { text: "Last hour", name: "Last hour" },
    "24h": { text: "24 hours", name: "Last 24 hours" },
    "7d": { text: "7 days", name: "Last 7 days" },
  };

/** Which choice the URL's time filters stand for. */
export type TimeRangeKind = TimePreset | "all" | "custom";

/** The URL parameter that remembers a preset for display; the API ignores it. */
export const RANGE_HINT_PARAM = "range";

export const NO_TIME_FILTERS: TimeFilters = {
  created_after: "",
  created_before: "",
  changed_after: "",
};

export function isTimePreset(value: string | null): value is TimePreset {
  return (TIME_PRESETS as readonly (string | null)[]).includes(value);
}

export function hasTimeFilters(filters: TimeFilters): boolean {
  return TIME_FILTER_KEYS.some((key) => filters[key] !== "");
}

/**
 * A preset shows as chosen only when the URL's filters are what it writes: a
 * changed_after and nothing else. Anything else with a time filter is custom.
 */
export function timeRangeKind(
  filters: TimeFilters,
  hint: string | null,
): TimeRangeKind {
  if (!hasTimeFilters(filters)) return "all";
  const presetShape =
    filters.changed_after !== "" &&
    filters.created_after === "" &&
    filters.created_before === "";
  return presetShape && isTimePreset(hint) ? hint : "custom";
}

/** ISO 8601 in UTC, to the second: "2026-11-29T13:03:07Z". */
export function toIsoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace(".000Z", "Z");
}

/** The filters a preset writes, `now` being the moment it was chosen. */
export function presetFilters(preset: TimePreset, now: number): TimeFilters {
  return {
    ...NO_TIME_FILTERS,
    changed_after: toIsoSeconds(now - PRESET_SPAN_MS[preset]),
  };
}

/** A datetime-local value ("2026-11-29T14:00", the browser's zone) as UTC ISO, or null. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) {
    return null;
  }
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : toIsoSeconds(ms);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO time as a datetime-local value in the browser's zone ("" when unreadable). */
export function isoToLocalInput(iso: string): string {
  if (iso === "") return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return date.getSeconds() === 0
    ? `${day}T${time}`
    : `${day}T${time}:${pad(date.getSeconds())}`;
}

/** The activity chart's range for the list's: hours for a day or less, else days. */
export function chartRangeFor(kind: TimeRangeKind): ActivityRange {
  if (kind === "1h" || kind === "24h") return "24h";
  if (kind === "7d") return "7d";
  return "30d";
}

/** What time filters mean, in words: "created Nov 1, 09:00 – Nov 5, 18:00; status changed since …". */
export function describeTimeFilters(
  filters: TimeFilters,
  { utc = false }: { utc?: boolean } = {},
): string {
  // A value the browser can't read is shown as written (the server will say why).
  const at = (iso: string) =>
    Number.isNaN(Date.parse(iso)) ? iso : formatMinute(iso, { utc });
  const parts: string[] = [];
  const { created_after: from, created_before: to } = filters;
  if (from && to) parts.push(`created ${at(from)} – ${at(to)}`);
  else if (from) parts.push(`created since ${at(from)}`);
  else if (to) parts.push(`created before ${at(to)}`);
  if (filters.changed_after) {
    parts.push(`status changed since ${at(filters.changed_after)}`);
  }
  return parts.join("; ");
}

export const RANGE_MESSAGES = {
  incomplete: "Enter a complete date and time, or clear the field.",
  order: "“Created from” must be before “Created before”.",
};

export type TimeFilterErrors = Partial<Record<TimeFilterKey, string>>;

/** Local date-times in, UTC ISO out; checked here before the server sees them. */
export function validateCustomRange(
  values: Record<TimeFilterKey, string>,
  incomplete: Record<TimeFilterKey, boolean>,
): { times: TimeFilters } | { errors: TimeFilterErrors } {
  const errors: TimeFilterErrors = {};
  const times: TimeFilters = { ...NO_TIME_FILTERS };
  for (const key of TIME_FILTER_KEYS) {
    const value = values[key];
    if (incomplete[key]) {
      errors[key] = RANGE_MESSAGES.incomplete;
    } else if (value !== "") {
      const iso = localInputToIso(value);
      if (iso === null) errors[key] = RANGE_MESSAGES.incomplete;
      else times[key] = iso;
    }
  }
  if (
    !errors.created_after &&
    !errors.created_before &&
    times.created_after &&
    times.created_before &&
    Date.parse(times.created_after) >= Date.parse(times.created_before)
  ) {
    errors.created_after = RANGE_MESSAGES.order;
  }
  return Object.keys(errors).length > 0 ? { errors } : { times };
}
