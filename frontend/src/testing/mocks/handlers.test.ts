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
          "Unknown field. Did you mean 'status_type'? Allowed fields: name, status_type.",
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
