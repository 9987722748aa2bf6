import type {
  ActivityRange,
  Job,
  JobActivity,
  JobActivityPoint,
  JobPage,
  JobStats,
  JobStatusEntry,
  JobStatusType,
  JobUpdateInput,
} from "@/features/jobs/types";
import { canMove, sourcesOf, transitionError } from "@/features/jobs/lifecycle";
import type { Role, User } from "@/lib/auth/get-me";

/** A small in-memory job store so mocked writes behave like the real API. */
// The mock's own copy of a job, which it changes in place (the API's types are read-only).
type StoredJob = {
  -readonly [
    K in keyof Omit<Job, "current_status" | "current_status_at">
  ]: Job[K];
};

export type LoggedRequest = {
  method: string;
  path: string;
  params: URLSearchParams;
  body: unknown;
  /** The X-CSRFToken header sent, if any. */
  csrf: string | null;
};

/** Accounts the mocked sign-in accepts, all with the password "correct-horse". */
export const ACCOUNTS: Record<string, Role> = {
  ada: "admin",
  otto: "operator",
  vera: "viewer",
};
export const PASSWORD = "correct-horse";
/** Failed sign-ins before the mocked lockout (429 with Retry-After). */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_SECONDS = 900;

type Session = {
  user: User | null;
  csrfToken: string;
  failedLogins: number;
};

let jobs: StoredJob[] = [];
/** Who created each job (the export's created_by; null for seeded jobs, as for system loads). */
const creators = new Map<number, string | null>();
let nextJobId = 1;
let nextStatusId = 1;
let version = 1;
let session: Session = freshSession();
export const requests: LoggedRequest[] = [];

function freshSession(): Session {
  return {
    user: { username: "ada", role: "admin" },
    csrfToken: "csrf-token-1",
    failedLogins: 0,
  };
}

function toJob(stored: StoredJob, historyLimit?: number): Job {
  const last = stored.status_history[stored.status_history.length - 1];
  if (!last) throw new Error("job without status");
  return {
    ...stored,
    current_status: last.status_type,
    current_status_at: last.timestamp,
    status_history:
      historyLimit === undefined
        ? [...stored.status_history]
        : stored.status_history.slice(-historyLimit),
  };
}

export type SeedJob = {
  name: string;
  /** [status, ISO timestamp] oldest → newest; defaults to one PENDING now. */
  history?: [JobStatusType, string][];
  id?: number;
};

function insert({ name, history, id }: SeedJob): Job {
  const now = new Date().toISOString();
  const entries: JobStatusEntry[] = (history ?? [["PENDING", now]]).map(
    ([status_type, timestamp]) => ({
      id: nextStatusId++,
      status_type,
      timestamp,
      actor: null,
      reason: null,
    }),
  );
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (!first || !last) throw new Error("history must not be empty");
  const jobId = id ?? nextJobId;
  nextJobId = Math.max(nextJobId, jobId) + 1;
  const stored: StoredJob = {
    id: jobId,
    name,
    created_at: first.timestamp,
    updated_at: last.timestamp,
    status_history: entries,
  };
  jobs.push(stored);
  version += 1;
  return toJob(stored);
}

/** A status change the lifecycle forbids (services.TransitionNotAllowed): a 409. */
export class TransitionNotAllowed extends Error {}

/** What a bulk action did, or in a dry run would do (BulkResultSerializer). */
export type BulkResult = { matched: number; changed: number; skipped: number };

function findIndex(id: number): number {
  return jobs.findIndex((job) => job.id === id);
}

export const db = {
  reset() {
    jobs = [];
    creators.clear();
    nextJobId = 1;
    nextStatusId = 1;
    version = 1;
    session = freshSession();
    requests.length = 0;
  },
  get session(): Readonly<Session> {
    return session;
  },
  /** Sign in as a role (the default is ada, an admin), or sign out with null. */
  signInAs(role: Role | null) {
    const username = Object.keys(ACCOUNTS).find((u) => ACCOUNTS[u] === role);
    session.user = role && username ? { username, role } : null;
  },
  login(username: string, password: string): User | "bad" | "locked" {
    if (session.failedLogins >= LOCKOUT_AFTER) return "locked";
    const role = ACCOUNTS[username];
    if (!role || password !== PASSWORD) {
      session.failedLogins += 1;
      return "bad";
    }
    session.failedLogins = 0;
    session.user = { username, role };
    // Django rotates the CSRF token on sign-in.
    session.csrfToken = `csrf-token-${Date.now()}`;
    return session.user;
  },
  logout() {
    session.user = null;
  },
  seed(items: SeedJob[]): Job[] {
    return items.map(insert);
  },
  /** `count` jobs named `${prefix} N`, created one minute apart (N = 1 is oldest). */
  seedMany(count: number, prefix = "job"): Job[] {
    const start = Date.now() - count * 60_000;
    return Array.from({ length: count }, (_, i) =>
      insert({
        name: `${prefix} ${i + 1}`,
        history: [["PENDING", new Date(start + i * 60_000).toISOString()]],
      }),
    );
  },
  create(name: string): Job {
    const job = insert({ name });
    creators.set(job.id, session.user?.username ?? null);
    return job;
  },
  get(id: number): Job | undefined {
    const stored = jobs[findIndex(id)];
    return stored && toJob(stored);
  },
  /**
   * PATCH as services.job_update does it: the lifecycle is enforced (throws
   * TransitionNotAllowed), the status the job already has appends nothing, and a
   * change records who made it and why. `actor` defaults to the signed-in user.
   */
  update(
    id: number,
    patch: JobUpdateInput,
    actor: string | null = session.user?.username ?? null,
  ): Job | undefined {
    const stored = jobs[findIndex(id)];
    if (!stored) return undefined;
    const current = toJob(stored).current_status;
    let status = patch.status_type;
    if (status === current) status = undefined;
    if (status !== undefined && !canMove(current, status)) {
      throw new TransitionNotAllowed(transitionError(current, status));
    }
    const name = patch.name === stored.name ? undefined : patch.name;
    if (name === undefined && status === undefined) return toJob(stored);
    const now = new Date().toISOString();
    if (name !== undefined) stored.name = name;
    if (status !== undefined) {
      stored.status_history.push({
        id: nextStatusId++,
        status_type: status,
        timestamp: now,
        actor,
        reason: patch.reason?.trim() || null,
      });
    }
    stored.updated_at = now;
    version += 1;
    return toJob(stored);
  },
  delete(id: number): boolean {
    const index = findIndex(id);
    if (index === -1) return false;
    jobs.splice(index, 1);
    version += 1;
    return true;
  },
  /** The jobs of a list query (its filters and sort), or the server's 400 errors. */
  matching(params: URLSearchParams): Job[] | Errors {
    const errors: Errors = {};
    const times: Partial<Record<TimeParam, number>> = {};
    for (const key of TIME_PARAMS) {
      const raw = params.get(key) ?? "";
      if (raw === "") continue;
      const ms = parseIsoDateTime(raw);
      if (ms === null) errors[key] = [MESSAGES.badTime];
      else times[key] = ms;
    }
    if (
      times.created_after !== undefined &&
      times.created_before !== undefined &&
      times.created_after >= times.created_before
    ) {
      errors.created_after = [MESSAGES.timeOrder];
    }
    const sort = params.get("sort") || "newest";
    if (!(SORT_NAMES as readonly string[]).includes(sort)) {
      errors.sort = [MESSAGES.badSort(sort)];
    }
    if (Object.keys(errors).length > 0) return errors;

    const statuses = (params.get("status") ?? "").split(",").filter(Boolean);
    const search = (params.get("search") ?? "").toLowerCase();
    const within = (iso: string, from?: number, before?: number) => {
      const ms = Date.parse(iso);
      return (
        (from === undefined || ms >= from) &&
        (before === undefined || ms < before)
      );
    };
    const matching = jobs
      .map((job) => toJob(job, 10))
      .filter(
        (job) => statuses.length === 0 || statuses.includes(job.current_status),
      )
      .filter((job) => job.name.toLowerCase().includes(search))
      .filter((job) =>
        within(job.created_at, times.created_after, times.created_before),
      )
      .filter((job) => within(job.current_status_at, times.changed_after));
    const byTime =
      (key: "created_at" | "current_status_at") => (a: Job, b: Job) =>
        Date.parse(a[key]) - Date.parse(b[key]) || a.id - b.id;
    const byName = (a: Job, b: Job) =>
      a.name.localeCompare(b.name) || a.id - b.id;
    return matching.sort((a, b) => {
      switch (sort) {
        case "oldest":
          return byTime("created_at")(a, b);
        case "name_asc":
          return byName(a, b);
        case "name_desc":
          return byName(b, a);
        case "changed_oldest":
          return byTime("current_status_at")(a, b);
        case "changed_newest":
          return byTime("current_status_at")(b, a);
        default:
          return byTime("created_at")(b, a);
      }
    });
  },
  list(params: URLSearchParams, origin: string): JobPage | Errors {
    const sorted = db.matching(params);
    if (!Array.isArray(sorted)) return sorted;
    const pageSize = Number(params.get("page_size") ?? "20");
    const cursor = params.get("cursor") ?? "";
    const offset = cursor ? Number(atob(cursor).replace("o:", "")) : 0;
    const results = sorted.slice(offset, offset + pageSize);
    const hasMore = offset + pageSize < sorted.length;
    let next: string | null = null;
    if (hasMore) {
      const url = new URL("/api/jobs/", origin);
      params.forEach((value, key) => url.searchParams.set(key, value));
      url.searchParams.set("cursor", btoa(`o:${offset + pageSize}`));
      next = url.toString();
    }
    return {
      count: sorted.length,
      count_capped: false,
      next,
      previous: null,
      results,
    };
  },
  /** The export's CSV (export.csv_lines): a header, then every matching job in order. */
  exportCsv(params: URLSearchParams): string | Errors {
    const sorted = db.matching(params);
    if (!Array.isArray(sorted)) return sorted;
    const lines = [EXPORT_FIELDS.join(",")];
    for (const job of sorted) {
      const row: Record<
        (typeof EXPORT_FIELDS)[number],
        string | number | null
      > = {
        id: job.id,
        name: job.name,
        current_status: job.current_status,
        current_status_at: job.current_status_at,
        created_at: job.created_at,
        updated_at: job.updated_at,
        created_by: creators.get(job.id) ?? null,
      };
      lines.push(EXPORT_FIELDS.map((field) => csvCell(row[field])).join(","));
    }
    return lines.map((line) => `${line}\r\n`).join("");
  },
  /** rollups.activity: per hour (24h) or UTC day (7d, 30d) ending with the current one. */
  activity(range: ActivityRange, now = Date.now()): JobActivity {
    const { bucket, count } = ACTIVITY_RANGES[range];
    const step = bucket === "hour" ? HOUR_MS : DAY_MS;
    const end = Math.floor(now / step) * step + step;
    const start = end - count * step;
    const series: JobActivityPoint[] = Array.from(
      { length: count },
      (_, i) => ({
        t: new Date(start + i * step).toISOString().replace(".000Z", "Z"),
        created: 0,
        RUNNING: 0,
        COMPLETED: 0,
        FAILED: 0,
      }),
    );
    const pointAt = (iso: string) => {
      const ms = Date.parse(iso);
      return ms >= start && ms < end
        ? series[Math.floor((ms - start) / step)]
        : undefined;
    };
    for (const job of jobs) {
      const created = pointAt(job.created_at);
      if (created) created.created += 1;
      for (const entry of job.status_history) {
        const point = pointAt(entry.timestamp);
        if (point && entry.status_type !== "PENDING") {
          point[entry.status_type] += 1;
        }
      }
    }
    return { bucket, series };
  },
  /**
   * POST /api/jobs/bulk/ once validated (services.jobs_bulk_*): the jobs the target
   * names, of which those the lifecycle lets go to `status_type` change (all of them
   * for a delete); the rest are skipped.
   */
  bulk({
    action,
    target,
    status_type,
    reason = "",
    dry_run = false,
  }: {
    action: "set_status" | "delete";
    target: { ids: number[] } | { filter: URLSearchParams };
    status_type?: JobStatusType;
    reason?: string;
    dry_run?: boolean;
  }): BulkResult {
    const targeted =
      "ids" in target
        ? jobs.filter((job) => target.ids.includes(job.id))
        : matchingStored(target.filter);
    const moving =
      action === "delete" || status_type === undefined
        ? targeted
        : targeted.filter((job) =>
            sourcesOf(status_type).includes(toJob(job).current_status),
          );
    const result = {
      matched: targeted.length,
      changed: moving.length,
      skipped: targeted.length - moving.length,
    };
    if (dry_run || moving.length === 0) return result;
    if (action === "delete") {
      jobs = jobs.filter((job) => !moving.includes(job));
    } else if (status_type !== undefined) {
      const now = new Date().toISOString();
      for (const job of moving) {
        job.status_history.push({
          id: nextStatusId++,
          status_type,
          timestamp: now,
          actor: session.user?.username ?? null,
          reason: reason.trim() || null,
        });
        job.updated_at = now;
      }
    }
    version += 1;
    return result;
  },
  stats(): JobStats {
    const by_status: Record<JobStatusType, number> = {
      PENDING: 0,
      RUNNING: 0,
      COMPLETED: 0,
      FAILED: 0,
    };
    for (const job of jobs) by_status[toJob(job).current_status] += 1;
    return { total: jobs.length, by_status, version };
  },
};

/** Requests the app sent, optionally filtered by method and path. */
export function requestsTo(method: string, path: string): LoggedRequest[] {
  return requests.filter((r) => r.method === method && r.path === path);
}

export type Errors = Record<string, string[]>;

/** The server's messages for the list's parameters (backend/jobs/api/filters.py). */
export const LIST_MESSAGES = {
  badTime: "Enter an ISO 8601 date and time, e.g. 2026-11-29T14:00:00Z.",
  timeOrder: "created_after must be before created_before.",
  badSort: (value: string) =>
    `"${value}" is not a valid sort. Use one of: ${SORT_NAMES.join(", ")}.`,
};
const MESSAGES = LIST_MESSAGES;

const SORT_NAMES = [
  "newest",
  "oldest",
  "name_asc",
  "name_desc",
  "changed_newest",
  "changed_oldest",
] as const;

const TIME_PARAMS = [
  "created_after",
  "created_before",
  "changed_after",
] as const;
type TimeParam = (typeof TIME_PARAMS)[number];

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** What Django's ISO 8601 parsing accepts (no offset means UTC), as ms; null otherwise. */
export function parseIsoDateTime(value: string): number | null {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return null;
  const [, y, mo, d, h = "00", mi = "00", sec = "00", frac = "", zone = "Z"] =
    match;
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (
    Number(mo) < 1 ||
    Number(mo) > 12 ||
    Number(d) < 1 ||
    Number(d) > days ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec) > 59
  ) {
    return null;
  }
  const offset =
    zone === "Z"
      ? "Z"
      : `${zone.slice(0, 3)}:${zone.slice(3).replace(":", "").padEnd(2, "0")}`;
  const ms = Date.parse(
    `${y}-${mo}-${d}T${h}:${mi}:${sec}.${frac.padEnd(3, "0").slice(0, 3)}${offset}`,
  );
  return Number.isNaN(ms) ? null : ms;
}

const EXPORT_FIELDS = [
  "id",
  "name",
  "current_status",
  "current_status_at",
  "created_at",
  "updated_at",
  "created_by",
] as const;

/** RFC 4180 quoting, and a leading apostrophe for what a spreadsheet reads as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const ACTIVITY_RANGES: Record<
  ActivityRange,
  { bucket: JobActivity["bucket"]; count: number }
> = {
  "24h": { bucket: "hour", count: 24 },
  "7d": { bucket: "day", count: 7 },
  "30d": { bucket: "day", count: 30 },
};

/** The stored jobs a valid list query matches (the caller has checked for errors). */
function matchingStored(params: URLSearchParams): StoredJob[] {
  const found = db.matching(params);
  if (!Array.isArray(found)) return [];
  const ids = new Set(found.map((job) => job.id));
  return jobs.filter((job) => ids.has(job.id));
}
