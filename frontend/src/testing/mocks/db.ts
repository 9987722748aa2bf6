import type {
  Job,
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
    return insert({ name });
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
  list(params: URLSearchParams, origin: string): JobPage {
    const sort = params.get("sort") ?? "newest";
    const pageSize = Number(params.get("page_size") ?? "20");
    const cursor = params.get("cursor") ?? "";
    const offset = cursor ? Number(atob(cursor).replace("o:", "")) : 0;

    const matching = matchingJobs(params).map((job) => toJob(job, 10));
    const byCreated = (a: Job, b: Job) =>
      a.created_at.localeCompare(b.created_at) || a.id - b.id;
    const byName = (a: Job, b: Job) =>
      a.name.localeCompare(b.name) || a.id - b.id;
    const sorted = matching.sort((a, b) => {
      switch (sort) {
        case "oldest":
          return byCreated(a, b);
        case "name_asc":
          return byName(a, b);
        case "name_desc":
          return byName(b, a);
        default:
          return byCreated(b, a);
      }
    });
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
        : matchingJobs(target.filter);
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

/**
 * The jobs matching the list's filters (status, search and the time ranges), as
 * selectors.job_matching reads them from the query string.
 */
function matchingJobs(params: URLSearchParams): StoredJob[] {
  const statuses = (params.get("status") ?? "").split(",").filter(Boolean);
  const search = (params.get("search") ?? "").toLowerCase();
  const time = (key: string) => {
    const value = params.get(key);
    return value ? Date.parse(value) : null;
  };
  const createdAfter = time("created_after");
  const createdBefore = time("created_before");
  const changedAfter = time("changed_after");
  return jobs.filter((stored) => {
    const job = toJob(stored);
    const created = Date.parse(job.created_at);
    return (
      (statuses.length === 0 || statuses.includes(job.current_status)) &&
      job.name.toLowerCase().includes(search) &&
      (createdAfter === null || created >= createdAfter) &&
      (createdBefore === null || created < createdBefore) &&
      (changedAfter === null ||
        Date.parse(job.current_status_at) >= changedAfter)
    );
  });
}

/** Requests the app sent, optionally filtered by method and path. */
export function requestsTo(method: string, path: string): LoggedRequest[] {
  return requests.filter((r) => r.method === method && r.path === path);
}
