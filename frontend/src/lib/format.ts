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

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : dateFormat.format(date);
}

/** Exact local time, used in tooltips and beside relative times. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : dateTimeFormat.format(date);
}
