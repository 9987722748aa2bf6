import {
  http,
  HttpResponse,
  type DefaultBodyType,
  type StrictRequest,
} from "msw";
import { JOB_STATUSES, isJobStatus } from "@/features/jobs/types";
import type {
  ActivityRange,
  JobStatusType,
  JobUpdateInput,
} from "@/features/jobs/types";
import type { Role } from "@/lib/auth/get-me";
import { db, LOCKOUT_SECONDS, requests, TransitionNotAllowed } from "./db";

// The server's own messages (backend/jobs/api/serializers.py, DRF and Django), so a
// test that passes here shows what a user of the real API sees.
const NAME_MAX = 200;
const REASON_MAX = 500;
const BULK_MAX_IDS = 1000;
/** settings.BULK_MAX_JOBS */
export const BULK_MAX_JOBS = 100_000;
const BULK_FILTER_KEYS = [
  "status",
  "search",
  "created_after",
  "created_before",
  "changed_after",
];
const STATUS_CHOICES = JOB_STATUSES.join(", ");
const MESSAGES = {
  nameBlank: "Name must not be blank.",
  nameRequired: "Name is required.",
  nameTooLong: "Name must be at most 200 characters.",
  nameNull: "Name must be a string, not null.",
  notAString: "Must be a string.",
  badStatus: (input: string) =>
    `"${input}" is not a valid status. Use one of: ${STATUS_CHOICES}.`,
  nullStatus: `Status must be one of: ${STATUS_CHOICES}.`,
  emptyPatch: "Give at least one of: status_type, name.",
  unknownField: (allowed: string, hint?: string) =>
    hint
      ? `Unknown field. Did you mean '${hint}'? Allowed fields: ${allowed}.`
      : `Unknown field. Allowed fields: ${allowed}.`,
  notFound: "Not found.",
  notSignedIn: "Authentication credentials were not provided.",
  csrfMissing: "CSRF Failed: CSRF token missing.",
  needsRole: (role: Role) => `This needs the ${role} role.`,
  noRole:
    "Your account has no role. Ask an admin to add you to viewer, operator or admin.",
  reasonTooLong: `Reason must be at most ${REASON_MAX} characters.`,
  reasonAlone: "A reason goes with a status change: give status_type too.",
  reasonNull: "Reason must be a string, not null.",
  required: "This field is required.",
  notNull: "This field may not be null.",
  badAction: (input: string) =>
    `"${input}" is not an action. Use set_status or delete.`,
  oneTarget: "Give exactly one target: ids or filter.",
  needsStatus: "set_status needs a status_type.",
  deleteTakesNo: (field: string) => `delete takes no ${field}.`,
  tooManyIds: `Give at most ${BULK_MAX_IDS.toLocaleString("en-US")} ids, or use filter.`,
  noIds: "Give at least one id.",
  badId: "A valid integer is required.",
  badFilterStatus: (input: string) =>
    `Unknown status ${input}. Use one or more of ${STATUS_CHOICES}, separated by commas.`,
  notAList: 'Expected a list of items but got type "str".',
  notADict: 'Expected a dictionary of items but got type "str".',
  notABool: "Must be a valid boolean.",
  unknownFilter: (key: string) =>
    `Unknown filter '${key}'. Use: ${BULK_FILTER_KEYS.join(", ")}.`,
  tooManyJobs: (matched: number) =>
    `This matches ${matched.toLocaleString("en-US")} jobs; a bulk action takes at most ${BULK_MAX_JOBS.toLocaleString("en-US")}. Narrow the filter.`,
  badCredentials: "Wrong username or password.",
  lockedOut: "Too many failed sign-ins. Try again in 15 minutes.",
  badRange: (input: string) => `"${input}" is not a range. Use 24h, 7d or 30d.`,
  badFormat: (input: string) =>
    `"${input}" is not an export format. Use csv or ndjson.`,
};

const isActivityRange = (value: string): value is ActivityRange =>
  value === "24h" || value === "7d" || value === "30d";

/** serializers.not_an_object */
function notAnObject(data: unknown): string {
  const kind =
    data === null
      ? "null"
      : Array.isArray(data)
        ? "an array"
        : typeof data === "string"
          ? "a string"
          : typeof data === "number"
            ? "a number"
            : typeof data === "boolean"
              ? "true/false"
              : typeof data;
  return `The body must be a JSON object, not ${kind}.`;
}

type Body = Record<string, unknown>;

async function log(request: Request): Promise<unknown> {
  const url = new URL(request.url);
  let body: unknown = null;
  if (request.method === "POST" || request.method === "PATCH") {
    try {
      body = await request.clone().json();
    } catch {
      body = null;
    }
  }
  requests.push({
    method: request.method,
    path: url.pathname,
    params: url.searchParams,
    body,
    csrf: request.headers.get("X-CSRFToken"),
  });
  return body;
}

const badRequest = (errors: Record<string, unknown>) =>
  HttpResponse.json(errors, { status: 400 });

const notFound = () =>
  HttpResponse.json({ detail: MESSAGES.notFound }, { status: 404 });

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/**
 * 401 without a session, 403 on a write without the CSRF token or for a role below
 * `need`; null when allowed.
 */
function guard(
  request: StrictRequest<DefaultBodyType>,
  need: Role = "viewer",
): Response | null {
  const { user, csrfToken } = db.session;
  if (!user) {
    return HttpResponse.json({ detail: MESSAGES.notSignedIn }, { status: 401 });
  }
  if (
    request.method !== "GET" &&
    request.headers.get("X-CSRFToken") !== csrfToken
  ) {
    return HttpResponse.json({ detail: MESSAGES.csrfMissing }, { status: 403 });
  }
  if (user.role === null) {
    return HttpResponse.json({ detail: MESSAGES.noRole }, { status: 403 });
  }
  if (RANK[user.role] < RANK[need]) {
    return HttpResponse.json(
      { detail: MESSAGES.needsRole(need) },
      { status: 403 },
    );
  }
  return null;
}

function unknownFields(
  body: Body,
  allowed: string[],
  hints: Record<string, string>,
): Record<string, string[]> | null {
  const unknown = Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .sort();
  if (unknown.length === 0) return null;
  return Object.fromEntries(
    unknown.map((key) => [
      key,
      [MESSAGES.unknownField(allowed.join(", "), hints[key])],
    ]),
  );
}

/** The name rules of serializers.name_field; a trimmed name, or the errors. */
function checkName(
  body: Body,
  required: boolean,
): { name?: string; errors?: string[] } {
  if (!("name" in body)) {
    return required ? { errors: [MESSAGES.nameRequired] } : {};
  }
  const value = body.name;
  if (value === null) return { errors: [MESSAGES.nameNull] };
  if (typeof value !== "string") return { errors: [MESSAGES.notAString] };
  const name = value.trim();
  if (!name) return { errors: [MESSAGES.nameBlank] };
  if ([...name].length > NAME_MAX) return { errors: [MESSAGES.nameTooLong] };
  return { name };
}

/** The reason field of JobUpdateSerializer: optional, trimmed, at most 500. */
function checkReason(body: Body): { reason?: string; errors?: string[] } {
  if (!("reason" in body)) return {};
  const value = body.reason;
  if (value === null) return { errors: [MESSAGES.reasonNull] };
  if (typeof value !== "string") return { errors: [MESSAGES.notAString] };
  const reason = value.trim();
  if (reason.length > REASON_MAX) return { errors: [MESSAGES.reasonTooLong] };
  return { reason };
}

/** BulkActionSerializer's checks, then the action (views.JobViewSet.bulk). */
function bulk(body: Body): Response {
  const { action, status_type, reason, ids, filter, dry_run } = body;
  // reject_non_strings runs before the unknown-field check.
  const notStrings = Object.fromEntries(
    (["action", "status_type", "reason"] as const)
      .filter((key) => key in body && body[key] !== null)
      .filter((key) => typeof body[key] !== "string")
      .map((key) => [key, [MESSAGES.notAString]]),
  );
  if (Object.keys(notStrings).length > 0) return badRequest(notStrings);
  const unknown = unknownFields(
    body,
    ["action", "status_type", "reason", "ids", "filter", "dry_run"],
    { status: "status_type", job_ids: "ids", filters: "filter" },
  );
  if (unknown) return badRequest(unknown);
  const errors: Record<string, unknown> = {};
  if (action === undefined) errors.action = [MESSAGES.required];
  else if (typeof action !== "string") errors.action = [MESSAGES.notNull];
  else if (action !== "set_status" && action !== "delete") {
    errors.action = [MESSAGES.badAction(action)];
  }
  if (typeof status_type === "string" && !isJobStatus(status_type)) {
    errors.status_type = [MESSAGES.badStatus(status_type)];
  }
  if (typeof reason === "string" && reason.trim().length > REASON_MAX) {
    errors.reason = [MESSAGES.reasonTooLong];
  }
  if (ids !== undefined) {
    if (!Array.isArray(ids)) errors.ids = [MESSAGES.notAList];
    else if (ids.length === 0) errors.ids = [MESSAGES.noIds];
    else if (ids.length > BULK_MAX_IDS) errors.ids = [MESSAGES.tooManyIds];
    else {
      const bad = ids.findIndex((id) => !Number.isInteger(id) || id < 1);
      if (bad !== -1) errors.ids = { [bad]: [MESSAGES.badId] };
    }
  }
  const query = new URLSearchParams();
  if (filter !== undefined) {
    const object = asObject(filter);
    if (!object) errors.filter = [MESSAGES.notADict];
    else {
      const unknownKeys = Object.keys(object)
        .filter((key) => !BULK_FILTER_KEYS.includes(key))
        .sort();
      for (const [key, value] of Object.entries(object)) {
        const text = Array.isArray(value) ? value.join(",") : value;
        if (typeof text !== "string") {
          errors.filter = { [key]: [MESSAGES.notAString] };
        } else if (text !== "") query.set(key, text);
      }
      const bad = (query.get("status") ?? "")
        .split(",")
        .find((status) => status !== "" && !isJobStatus(status.trim()));
      if (unknownKeys.length > 0) {
        errors.filter = unknownKeys.map(MESSAGES.unknownFilter);
      } else if (bad !== undefined) {
        errors.filter = { status: [MESSAGES.badFilterStatus(bad)] };
      }
    }
  }
  if (dry_run !== undefined && typeof dry_run !== "boolean") {
    errors.dry_run = [MESSAGES.notABool];
  }
  if (Object.keys(errors).length > 0) return badRequest(errors);
  if ((ids === undefined) === (filter === undefined)) {
    errors.non_field_errors = [MESSAGES.oneTarget];
  }
  if (action === "set_status" && status_type === undefined) {
    errors.status_type = [MESSAGES.needsStatus];
  }
  if (action === "delete") {
    for (const field of ["status_type", "reason"]) {
      if (field in body) errors[field] = [MESSAGES.deleteTakesNo(field)];
    }
  }
  if (Object.keys(errors).length > 0) return badRequest(errors);
  if (filter !== undefined) {
    const found = db.matching(query);
    if (!Array.isArray(found)) return badRequest({ filter: found });
  }

  const input = {
    action: action as "set_status" | "delete",
    target: Array.isArray(ids) ? { ids: ids as number[] } : { filter: query },
    status_type: status_type as JobStatusType | undefined,
    reason: typeof reason === "string" ? reason : "",
  };
  const preview = db.bulk({ ...input, dry_run: true });
  if (preview.matched > BULK_MAX_JOBS) {
    return badRequest({ filter: [MESSAGES.tooManyJobs(preview.matched)] });
  }
  return HttpResponse.json(
    dry_run === true ? preview : db.bulk({ ...input, dry_run: false }),
  );
}

function parseId(raw: unknown): number | null {
  return typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : null;
}

function asObject(body: unknown): Body | null {
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? (body as Body)
    : null;
}

export const handlers = [
  http.get("/api/auth/me/", async ({ request }) => {
    await log(request);
    const { user, csrfToken } = db.session;
    // Django's get_token: the me endpoint always sets the CSRF cookie.
    const headers = { "Set-Cookie": `csrftoken=${csrfToken}; Path=/` };
    return user
      ? HttpResponse.json(user, { headers })
      : HttpResponse.json(
          { detail: MESSAGES.notSignedIn },
          { status: 401, headers },
        );
  }),

  http.post("/api/auth/login/", async ({ request }) => {
    const body = asObject(await log(request)) ?? {};
    if (request.headers.get("X-CSRFToken") !== db.session.csrfToken) {
      return HttpResponse.json(
        { detail: MESSAGES.csrfMissing },
        { status: 403 },
      );
    }
    const result = db.login(
      typeof body.username === "string" ? body.username : "",
      typeof body.password === "string" ? body.password : "",
    );
    if (result === "locked") {
      return HttpResponse.json(
        { detail: MESSAGES.lockedOut, retry_after: LOCKOUT_SECONDS },
        { status: 429, headers: { "Retry-After": String(LOCKOUT_SECONDS) } },
      );
    }
    if (result === "bad") {
      return badRequest({ non_field_errors: [MESSAGES.badCredentials] });
    }
    return HttpResponse.json(result, {
      headers: { "Set-Cookie": `csrftoken=${db.session.csrfToken}; Path=/` },
    });
  }),

  http.post("/api/auth/logout/", async ({ request }) => {
    await log(request);
    const denied = guard(request);
    if (denied) return denied;
    db.logout();
    return new HttpResponse(null, { status: 204 });
  }),

  http.get("/api/jobs/stats/", async ({ request }) => {
    await log(request);
    return guard(request) ?? HttpResponse.json(db.stats());
  }),

  http.get("/api/jobs/", async ({ request }) => {
    await log(request);
    const denied = guard(request);
    if (denied) return denied;
    const url = new URL(request.url);
    const page = db.list(url.searchParams, url.origin);
    return "results" in page ? HttpResponse.json(page) : badRequest(page);
  }),

  http.get("/api/jobs/activity/", async ({ request }) => {
    await log(request);
    const denied = guard(request);
    if (denied) return denied;
    const range = new URL(request.url).searchParams.get("range") || "24h";
    if (!isActivityRange(range)) {
      return badRequest({ range: [MESSAGES.badRange(range)] });
    }
    return HttpResponse.json(db.activity(range));
  }),

  http.get("/api/jobs/export/", async ({ request }) => {
    await log(request);
    const denied = guard(request);
    if (denied) return denied;
    const params = new URL(request.url).searchParams;
    const format = params.get("format") || "csv";
    if (format !== "csv") {
      // The mock writes CSV only; NDJSON is the server's alone.
      return badRequest({ format: [MESSAGES.badFormat(format)] });
    }
    const csv = db.exportCsv(params);
    if (typeof csv !== "string") return badRequest(csv);
    // export's "%Y-%m-%d-%H%M%S", in UTC
    const now = new Date().toISOString();
    const stamp = `${now.slice(0, 10)}-${now.slice(11, 19).replaceAll(":", "")}`;
    return new HttpResponse(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="jobs-${stamp}.csv"`,
      },
    });
  }),

  http.post("/api/jobs/", async ({ request }) => {
    const raw = await log(request);
    const denied = guard(request, "operator");
    if (denied) return denied;
    const body = asObject(raw);
    if (!body) return badRequest({ non_field_errors: [notAnObject(raw)] });
    const unknown = unknownFields(body, ["name"], {
      title: "name",
      job_name: "name",
    });
    if (unknown) return badRequest(unknown);
    const { name, errors } = checkName(body, true);
    if (errors || name === undefined) return badRequest({ name: errors ?? [] });
    return HttpResponse.json(db.create(name), { status: 201 });
  }),

  http.get("/api/jobs/:id/", async ({ request, params }) => {
    await log(request);
    const denied = guard(request);
    if (denied) return denied;
    const id = parseId(params.id);
    const job = id === null ? undefined : db.get(id);
    return job ? HttpResponse.json(job) : notFound();
  }),

  http.patch("/api/jobs/:id/", async ({ request, params }) => {
    const raw = await log(request);
    const denied = guard(request, "operator");
    if (denied) return denied;
    const id = parseId(params.id);
    if (id === null || !db.get(id)) return notFound();
    const body = asObject(raw);
    if (!body) return badRequest({ non_field_errors: [notAnObject(raw)] });
    const unknown = unknownFields(body, ["name", "status_type", "reason"], {
      status: "status_type",
      state: "status_type",
      current_status: "status_type",
    });
    if (unknown) return badRequest(unknown);
    const patch: JobUpdateInput = {};
    const errors: Record<string, string[]> = {};
    if ("status_type" in body) {
      const value = body.status_type;
      if (value === null) errors.status_type = [MESSAGES.nullStatus];
      else if (typeof value !== "string") {
        errors.status_type = [MESSAGES.notAString];
      } else if (!isJobStatus(value)) {
        errors.status_type = [MESSAGES.badStatus(value)];
      } else patch.status_type = value;
    }
    const name = checkName(body, false);
    if (name.errors) errors.name = name.errors;
    else if (name.name !== undefined) patch.name = name.name;
    const reason = checkReason(body);
    if (reason.errors) errors.reason = reason.errors;
    else if (reason.reason !== undefined) patch.reason = reason.reason;
    if (Object.keys(errors).length > 0) return badRequest(errors);
    if (patch.reason !== undefined && patch.status_type === undefined) {
      return badRequest({ reason: [MESSAGES.reasonAlone] });
    }
    if (Object.keys(patch).length === 0) {
      return badRequest({ non_field_errors: [MESSAGES.emptyPatch] });
    }
    try {
      return HttpResponse.json(db.update(id, patch));
    } catch (error) {
      if (!(error instanceof TransitionNotAllowed)) throw error;
      return HttpResponse.json(
        { status_type: [error.message] },
        { status: 409 },
      );
    }
  }),

  http.post("/api/jobs/bulk/", async ({ request }) => {
    const raw = await log(request);
    const denied = guard(request, "operator");
    if (denied) return denied;
    const body = asObject(raw);
    if (!body) return badRequest({ non_field_errors: [notAnObject(raw)] });
    // IsAdminToDelete: a bulk delete needs an admin.
    if (body.action === "delete") {
      const notAdmin = guard(request, "admin");
      if (notAdmin) return notAdmin;
    }
    return bulk(body);
  }),

  http.delete("/api/jobs/:id/", async ({ request, params }) => {
    await log(request);
    const denied = guard(request, "admin");
    if (denied) return denied;
    const id = parseId(params.id);
    if (id === null || !db.delete(id)) return notFound();
    return new HttpResponse(null, { status: 204 });
  }),
];
