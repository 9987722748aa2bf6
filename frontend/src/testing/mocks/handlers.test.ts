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
});
