import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "@/testing/mocks/server";
import { ApiError, apiRequest, parseRetryAfter } from "./api-client";

describe("apiRequest", () => {
  it("sends the csrftoken cookie as X-CSRFToken on writes only", async () => {
    document.cookie = "csrftoken=tok%3D1; path=/";
    const seen: Record<string, string | null> = {};
    server.use(
      http.all("/api/probe/", ({ request }) => {
        seen[request.method] = request.headers.get("X-CSRFToken");
        return HttpResponse.json({});
      }),
    );
    await apiRequest("/api/probe/");
    await apiRequest("/api/probe/", { method: "POST", body: {} });
    await apiRequest("/api/probe/", { method: "PATCH", body: {} });
    await apiRequest("/api/probe/", { method: "DELETE" });
    expect(seen).toEqual({
      GET: null,
      POST: "tok=1",
      PATCH: "tok=1",
      DELETE: "tok=1",
    });
  });

  it("keeps the wait a 429 asks for", async () => {
    server.use(
      http.get("/api/probe/", () =>
        HttpResponse.json(
          { detail: "Slow down." },
          { status: 429, headers: { "Retry-After": "120" } },
        ),
      ),
    );
    const error = await apiRequest("/api/probe/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).retryAfter).toBe(120);
    expect((error as ApiError).message).toBe("Slow down.");
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-29T10:00:00Z");
  it.each([
    ["30", 30],
    [" 5 ", 5],
    ["Sun, 29 Nov 2026 10:01:00 GMT", 60],
    ["soon", null],
    [null, null],
  ])("reads %j as %j seconds", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
