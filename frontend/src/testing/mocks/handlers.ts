import { http, HttpResponse } from "msw";
import { isJobStatus, MAX_NAME_LENGTH } from "@/features/jobs/types";
import { db, requests } from "./db";

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
  });
  return body;
}

function validateName(value: unknown): string[] | null {
  if (typeof value !== "string") return ["This field is required."];
  const name = value.trim();
  if (!name) return ["This field may not be blank."];
  if ([...name].length > MAX_NAME_LENGTH) {
    return [
      `Ensure this field has no more than ${MAX_NAME_LENGTH} characters.`,
    ];
  }
  return null;
}

const notFound = () =>
  HttpResponse.json({ detail: "Not found." }, { status: 404 });

function parseId(raw: unknown): number | null {
  return typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : null;
}

export const handlers = [
  http.get("/api/jobs/stats/", async ({ request }) => {
    await log(request);
    return HttpResponse.json(db.stats());
  }),

  http.get("/api/jobs/", async ({ request }) => {
    await log(request);
    const url = new URL(request.url);
    return HttpResponse.json(db.list(url.searchParams, url.origin));
  }),

  http.post("/api/jobs/", async ({ request }) => {
    const body = await log(request);
    const errors = validateName(
      typeof body === "object" && body !== null && "name" in body
        ? body.name
        : undefined,
    );
    if (errors) return HttpResponse.json({ name: errors }, { status: 400 });
    const name = (body as { name: string }).name.trim();
    return HttpResponse.json(db.create(name), { status: 201 });
  }),

  http.get("/api/jobs/:id/", async ({ request, params }) => {
    await log(request);
    const id = parseId(params.id);
    const job = id === null ? undefined : db.get(id);
    return job ? HttpResponse.json(job) : notFound();
  }),

  http.patch("/api/jobs/:id/", async ({ request, params }) => {
    const body = (await log(request)) as Record<string, unknown> | null;
    const id = parseId(params.id);
    if (id === null || !db.get(id)) return notFound();
    const patch: { name?: string; status_type?: "PENDING" } = {};
    if (body && "status_type" in body) {
      if (
        typeof body.status_type !== "string" ||
        !isJobStatus(body.status_type)
      ) {
        return HttpResponse.json(
          { status_type: ["Not a valid choice."] },
          { status: 400 },
        );
      }
      patch.status_type = body.status_type as "PENDING";
    }
    if (body && "name" in body) {
      const errors = validateName(body.name);
      if (errors) return HttpResponse.json({ name: errors }, { status: 400 });
      patch.name = (body.name as string).trim();
    }
    return HttpResponse.json(db.update(id, patch));
  }),

  http.delete("/api/jobs/:id/", async ({ request, params }) => {
    await log(request);
    const id = parseId(params.id);
    if (id === null || !db.delete(id)) return notFound();
    return new HttpResponse(null, { status: 204 });
  }),
];
