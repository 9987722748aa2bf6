const numberFormat = new Intl.NumberFormat("en-US");

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Compact duration: "0s", "45s", "3m 12s", "2h 05m", "3d 4h". */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < MINUTE) return `${Math.floor(safe / SECOND)}s`;
  if (safe < HOUR) {
    const m = Math.floor(safe / MINUTE);
    const s = Math.floor((safe % MINUTE) / SECOND);
    return `${m}m ${String(s).padStart(2, "0")}s`;
  }
  if (safe < DAY) {
    const h = Math.floor(safe / HOUR);
    const m = Math.floor((safe % HOUR) / MINUTE);
    return `${h}h ${String(m).padStart(2, "0")}m`;
  }
  const d = Math.floor(safe / DAY);
  const h = Math.floor((safe % DAY) / HOUR);
  return `${d}d ${h}h`;
}

/** "just now", "45 s ago", "3 min ago", "2 h ago", "5 d ago", then a date. */
export function formatRelative(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "—";
  const diff = now - then;
  const abs = Math.abs(diff);
  // Small clock skew between server and browser reads as "just now".
  if (abs < 10 * SECOND || (diff < 0 && abs < MINUTE)) return "just now";
  let amount: string;
  if (abs < MINUTE) amount = `${Math.floor(abs / SECOND)} s`;
  else if (abs < HOUR) amount = `${Math.floor(abs / MINUTE)} min`;
  else if (abs < DAY) amount = `${Math.floor(abs / HOUR)} h`;
  else if (abs < 30 * DAY) amount = `${Math.floor(abs / DAY)} d`;
  else return formatDate(iso);
  return diff >= 0 ? `${amount} ago` : `in ${amount}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
});

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZoneName: "short",
});

/** "45 seconds", "1 minute", "15 minutes": how long to wait. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return s === 1 ? "1 second" : `${s} seconds`;
  const m = Math.ceil(s / 60);
  return m === 1 ? "1 minute" : `${m} minutes`;
}

export const TIME_FORMATS = ["relative", "local", "utc"] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

export const TIME_FORMAT_LABELS: Record<TimeFormat, string> = {
  relative: "Relative",
  local: "Local time",
  utc: "UTC",
};

/**
 * A date and time in the browser's zone or in UTC, with the year only when it is not
 * this year's (in the same zone); "—" for what is not a time.
 */
function zonedFormatter(parts: Intl.DateTimeFormatOptions) {
  const make = (extra: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-US", { ...parts, ...extra });
  const local = make({});
  const localYear = make({ year: "numeric" });
  const utc = make({ timeZone: "UTC" });
  const utcYear = make({ year: "numeric", timeZone: "UTC" });
  return (iso: string, now: number, inUtc: boolean): string => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return "—";
    const year = (d: Date) => (inUtc ? d.getUTCFullYear() : d.getFullYear());
    const sameYear = year(date) === year(new Date(now));
    if (inUtc) return `${(sameYear ? utc : utcYear).format(date)} UTC`;
    return (sameYear ? local : localYear).format(date);
  };
}

const clockParts: Intl.DateTimeFormatOptions = {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};
const formatToSecond = zonedFormatter({ ...clockParts, second: "2-digit" });
const formatToMinute = zonedFormatter(clockParts);

/** "Nov 29, 14:03:07" in the browser's zone; the year only when it is not this year's. */
export function formatLocal(iso: string, now: number): string {
  return formatToSecond(iso, now, false);
}

/** "Nov 29, 14:03:07 UTC"; the year only when it is not this year's (in UTC). */
export function formatUtc(iso: string, now: number): string {
  return formatToSecond(iso, now, true);
}

/** "Nov 29, 14:03" in the browser's zone, or "Nov 29, 13:03 UTC"; the year when not this year's. */
export function formatMinute(
  iso: string,
  { utc = false, now = Date.now() }: { utc?: boolean; now?: number } = {},
): string {
  return formatToMinute(iso, now, utc);
}

/** A timestamp in the chosen format. */
export function formatTime(
  iso: string,
  format: TimeFormat,
  now: number,
): string {
  if (format === "local") return formatLocal(iso, now);
  if (format === "utc") return formatUtc(iso, now);
  return formatRelative(iso, now);
}

const clockFormat = new Intl.DateTimeFormat("en-US", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** "14:03:07", local: when data was last current. */
export function formatClock(ms: number): string {
  return clockFormat.format(new Date(ms));
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : dateFormat.format(date);
}

/** Exact local time, used in tooltips and beside relative times. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : dateTimeFormat.format(date);
}
