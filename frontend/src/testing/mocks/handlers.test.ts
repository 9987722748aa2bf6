import { describe, expect, it } from "vitest";
import { db } from "./db";

/**
 * The mocks answer with the server's own messages (backend/jobs/api/serializers.py),
 * so what a component test shows is what a user of the real API would see.
 */
async function send(method: string, path: string, body?: unknown) {
  const response = await fetch(path, {
    method,
    headers: {
      "Content-Type": "application/json",
      "X-CSRFToken": db.session.csrfToken,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: response.status === 204 ? null : ((await response.json()) as unknown),
  };
}

describe("mocked API messages", () => {
  it.each([
    [{ name: "   " }, { name: ["Name must not be blank."] }],
    [{}, { name: ["Name is required."] }],
    [
      { name: "a".repeat(201) },
      { name: ["Name must be at most 200 characters."] },
    ],
    [{ name: null }, { name: ["Name must be a string, not null."] }],
    [{ name: 5 }, { name: ["Must be a string."] }],
    [
      { title: "x" },
      {
        title: ["Unknown field. Did you mean 'name'? Allowed fields: name."],
      },
    ],
    [
      [],
      { non_field_errors: ["The body must be a JSON object, not an array."] },
    ],
  ])("POST /api/jobs/ %j answers 400 %j", async (body, expected) => {
    expect(await send("POST", "/api/jobs/", body)).toEqual({
      status: 400,
      body: expected,
    });
  });

  it.each([
    [
      { status_type: "DONE" },
      {
        status_type: [
          '"DONE" is not a valid status. Use one of: PENDING, RUNNING, COMPLETED, FAILED.',
        ],
      },
    ],
    [
      { status: "RUNNING" },
      {
        status: [
          "Unknown field. Did you mean 'status_type'? Allowed fields: name, status_type, reason.",
        ],
      },
    ],
    [{}, { non_field_errors: ["Give at least one of: status_type, name."] }],
  ])("PATCH /api/jobs/1/ %j answers 400 %j", async (body, expected) => {
    db.seed([{ name: "alpha" }]);
    expect(await send("PATCH", "/api/jobs/1/", body)).toEqual({
      status: 400,
      body: expected,
    });
  });

  it("answers 404 with Not found. for a missing job", async () => {
    expect(await send("GET", "/api/jobs/9/")).toEqual({
      status: 404,
      body: { detail: "Not found." },
    });
  });

  it("answers 401 without a session, 403 for a role that may not", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("operator");
    expect((await send("DELETE", "/api/jobs/1/")).status).toBe(403);
    db.signInAs(null);
    expect(await send("GET", "/api/jobs/")).toEqual({
      status: 401,
      body: { detail: "Authentication credentials were not provided." },
    });
  });

  it.each([
    [
      { reason: "x" },
      { reason: ["A reason goes with a status change: give status_type too."] },
    ],
    [
      { status_type: "RUNNING", reason: "a".repeat(501) },
      { reason: ["Reason must be at most 500 characters."] },
    ],
    [
      { status_type: "RUNNING", reason: null },
      { reason: ["Reason must be a string, not null."] },
    ],
  ])("PATCH /api/jobs/1/ %j answers 400 %j", async (body, expected) => {
    db.seed([{ name: "alpha" }]);
    expect(await send("PATCH", "/api/jobs/1/", body)).toEqual({
      status: 400,
      body: expected,
    });
  });

  it("applies the lifecycle: 409 naming what is allowed, same status a no-op", async () => {
    db.seed([{ name: "alpha" }]);
    expect(
      await send("PATCH", "/api/jobs/1/", { status_type: "COMPLETED" }),
    ).toEqual({
      status: 409,
      body: {
        status_type: [
          "Cannot go from PENDING to COMPLETED; allowed: RUNNING, FAILED.",
        ],
      },
    });
    const same = await send("PATCH", "/api/jobs/1/", {
      status_type: "PENDING",
      reason: "again",
    });
    expect(same.status).toBe(200);
    expect(db.get(1)?.status_history).toHaveLength(1);
  });

  it("records who changed a status and why, trimmed", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("operator");
    const { status } = await send("PATCH", "/api/jobs/1/", {
      status_type: "RUNNING",
      reason: "  why  ",
    });
    expect(status).toBe(200);
    expect(db.get(1)?.status_history[1]).toMatchObject({
      status_type: "RUNNING",
      actor: "otto",
      reason: "why",
    });
  });

  const bulk = (body: unknown) => send("POST", "/api/jobs/bulk/", body);
  const PENDING_IDS = { action: "set_status", status_type: "PENDING" };

  // Each answer below is what the backend gave for the same body.
  it.each([
    [{}, { action: ["This field is required."] }],
    [
      { action: "nope", ids: [1] },
      { action: ['"nope" is not an action. Use set_status or delete.'] },
    ],
    [
      { action: "set_status", ids: [1] },
      { status_type: ["set_status needs a status_type."] },
    ],
    [
      PENDING_IDS,
      { non_field_errors: ["Give exactly one target: ids or filter."] },
    ],
    [
      { ...PENDING_IDS, ids: [1], filter: {} },
      { non_field_errors: ["Give exactly one target: ids or filter."] },
    ],
    [{ ...PENDING_IDS, ids: [] }, { ids: ["Give at least one id."] }],
    [
      { ...PENDING_IDS, ids: Array.from({ length: 1002 }, (_, i) => i + 1) },
      { ids: ["Give at most 1,000 ids, or use filter."] },
    ],
    [
      { ...PENDING_IDS, ids: ["a"] },
      { ids: { 0: ["A valid integer is required."] } },
    ],
    [
      { ...PENDING_IDS, ids: "1" },
      { ids: ['Expected a list of items but got type "str".'] },
    ],
    [
      { ...PENDING_IDS, filter: { bogus: "x", sort: "x" } },
      {
        filter: [
          "Unknown filter 'bogus'. Use: status, search, created_after, created_before, changed_after.",
          "Unknown filter 'sort'. Use: status, search, created_after, created_before, changed_after.",
        ],
      },
    ],
    [
      { ...PENDING_IDS, filter: { status: "NOPE" } },
      {
        filter: {
          status: [
            "Unknown status NOPE. Use one or more of PENDING, RUNNING, COMPLETED, FAILED, separated by commas.",
          ],
        },
      },
    ],
    [
      { ...PENDING_IDS, filter: "x" },
      { filter: ['Expected a dictionary of items but got type "str".'] },
    ],
    [
      { action: "delete", status_type: "PENDING", reason: "x", ids: [1] },
      {
        status_type: ["delete takes no status_type."],
        reason: ["delete takes no reason."],
      },
    ],
    [
      { ...PENDING_IDS, job_ids: [1] },
      {
        job_ids: [
          "Unknown field. Did you mean 'ids'? Allowed fields: action, status_type, reason, ids, filter, dry_run.",
        ],
      },
    ],
    [
      { action: "delete", ids: [1], dry_run: "x" },
      { dry_run: ["Must be a valid boolean."] },
    ],
  ])("POST /api/jobs/bulk/ %j answers 400 %j", async (body, expected) => {
    expect(await bulk(body)).toEqual({ status: 400, body: expected });
  });

  it("lets operators set statuses in bulk and only admins delete", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("viewer");
    expect(await bulk({ ...PENDING_IDS, ids: [1] })).toEqual({
      status: 403,
      body: { detail: "This needs the operator role." },
    });
    db.signInAs("operator");
    expect(await bulk({ action: "delete", ids: [1] })).toEqual({
      status: 403,
      body: { detail: "This needs the admin role." },
    });
    expect((await bulk({ ...PENDING_IDS, ids: [1] })).status).toBe(200);
  });

  it("counts in a dry run, changes nothing, then applies with actor and reason", async () => {
    db.seed([
      { name: "fail-a", history: [["FAILED", new Date().toISOString()]] },
      { name: "fail-b", history: [["FAILED", new Date().toISOString()]] },
      { name: "fail-c" },
      { name: "other", history: [["FAILED", new Date().toISOString()]] },
    ]);
    const retry = {
      action: "set_status",
      status_type: "PENDING",
      filter: { search: "FAIL-" },
    };
    expect(await bulk({ ...retry, dry_run: true })).toEqual({
      status: 200,
      body: { matched: 3, changed: 2, skipped: 1 },
    });
    expect(db.stats().by_status.FAILED).toBe(3);
    expect(await bulk({ ...retry, reason: " retry " })).toEqual({
      status: 200,
      body: { matched: 3, changed: 2, skipped: 1 },
    });
    expect(db.get(1)?.status_history.at(-1)).toMatchObject({
      status_type: "PENDING",
      actor: "ada",
      reason: "retry",
    });
    expect(db.get(3)?.status_history).toHaveLength(1);
    expect(db.stats().by_status).toMatchObject({ FAILED: 1, PENDING: 3 });
  });

  it("deletes by ids, counting the ids that exist", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    expect(await bulk({ action: "delete", ids: [1, 99] })).toEqual({
      status: 200,
      body: { matched: 1, changed: 1, skipped: 0 },
    });
    expect(db.get(1)).toBeUndefined();
    expect(db.get(2)).toBeDefined();
  });
});

describe("mocked list, activity and export messages", () => {
  it.each([
    [
      "/api/jobs/?created_after=yesterday",
      {
        created_after: [
          "Enter an ISO 8601 date and time, e.g. 2026-11-29T14:00:00Z.",
        ],
      },
    ],
    [
      "/api/jobs/?created_after=2026-02-02T00:00:00Z&created_before=2026-02-01T00:00:00Z",
      { created_after: ["created_after must be before created_before."] },
    ],
    [
      "/api/jobs/?created_after=2026-02-01T00:00:00Z&created_before=2026-02-01T00:00:00Z",
      { created_after: ["created_after must be before created_before."] },
    ],
    [
      "/api/jobs/?changed_after=2026-02-30T00:00:00Z",
      {
        changed_after: [
          "Enter an ISO 8601 date and time, e.g. 2026-11-29T14:00:00Z.",
        ],
      },
    ],
    [
      "/api/jobs/?sort=changed",
      {
        sort: [
          '"changed" is not a valid sort. Use one of: newest, oldest, name_asc, name_desc, changed_newest, changed_oldest.',
        ],
      },
    ],
    [
      "/api/jobs/activity/?range=1h",
      { range: ['"1h" is not a range. Use 24h, 7d or 30d.'] },
    ],
    [
      "/api/jobs/export/?format=xls",
      { format: ['"xls" is not an export format. Use csv or ndjson.'] },
    ],
    [
      "/api/jobs/export/?created_before=soon",
      {
        created_before: [
          "Enter an ISO 8601 date and time, e.g. 2026-11-29T14:00:00Z.",
        ],
      },
    ],
  ])("GET %s answers 400 %j", async (path, expected) => {
    expect(await send("GET", path)).toEqual({ status: 400, body: expected });
  });

  it.each([
    "2026-02-01",
    "2026-02-01T10:00",
    "2026-02-01T10:00:00+05:30",
    "2026-02-01T10:00Z",
  ])("accepts the ISO 8601 forms the server accepts: %s", async (value) => {
    const response = await send(
      "GET",
      `/api/jobs/?created_after=${encodeURIComponent(value)}`,
    );
    expect(response.status).toBe(200);
  });

  it("answers activity in the server's shape: 24 hours, oldest first, the last is now", async () => {
    const { status, body } = await send("GET", "/api/jobs/activity/?range=24h");
    expect(status).toBe(200);
    const activity = body as { bucket: string; series: { t: string }[] };
    expect(activity.bucket).toBe("hour");
    expect(activity.series).toHaveLength(24);
    const last = Date.parse(activity.series.at(-1)?.t ?? "");
    expect(Date.now() - last).toBeGreaterThanOrEqual(0);
    expect(Date.now() - last).toBeLessThan(3_600_000);
    expect(activity.series[0]?.t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
  });
});
