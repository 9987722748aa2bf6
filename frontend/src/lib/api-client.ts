/** A failed API call: HTTP status (0 when the server could not be reached) and the parsed body. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  /** Seconds to wait, from a Retry-After header (429, 503), or null. */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    body: unknown,
    message: string,
    retryAfter: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(
  value: string | null,
  now = Date.now(),
): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date)
    ? null
    : Math.max(0, Math.ceil((date - now) / 1000));
}

const UNSAFE_METHODS = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** Django's CSRF token: the `csrftoken` cookie, echoed in X-CSRFToken on session writes. */
export function readCsrfToken(): string | null {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === "csrftoken") return decodeURIComponent(rest.join("="));
  }
  return null;
}

type Query = Record<string, string | number | undefined>;

export type RequestOptions = {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
};

/** A relative API URL with its query string; undefined values are left out. */
export function buildPath(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function messageFor(status: number, body: unknown): string {
  if (isRecord(body) && typeof body.detail === "string") return body.detail;
  if (status === 502 || status === 504) {
    return "The server is not responding. Try again in a moment.";
  }
  if (status >= 500) return `Server error (${status}).`;
  return `Request failed (${status}).`;
}

/** The one API client: relative URLs, JSON in and out, throws ApiError on any failure. */
export async function apiRequest<T>(
  path: string,
  { method = "GET", query, body, signal }: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const csrf = UNSAFE_METHODS.has(method) ? readCsrfToken() : null;
  if (csrf) headers["X-CSRFToken"] = csrf;

  let response: Response;
  try {
    response = await fetch(buildPath(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: "same-origin",
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") {
      throw error;
    }
    throw new ApiError(
      0,
      null,
      "Could not reach the server. Check your connection.",
    );
  }

  const parsed = parseBody(await response.text());
  if (!response.ok) {
    throw new ApiError(
      response.status,
      parsed,
      messageFor(response.status, parsed),
      parseRetryAfter(response.headers.get("Retry-After")),
    );
  }
  return parsed as T;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Field → messages from a DRF-style 400 (or 409) body; empty when the error is not one. */
export function getFieldErrors(error: unknown): Record<string, string[]> {
  if (!(error instanceof ApiError)) return {};
  if (error.status !== 400 && error.status !== 409) return {};
  if (!isRecord(error.body)) return {};
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(error.body)) {
    if (Array.isArray(value)) {
      out[key] = value.map((item) => String(item));
    } else if (typeof value === "string") {
      out[key] = [value];
    }
  }
  return out;
}

/** A human sentence for any thrown value. */
export function getErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    // 409: a status change the lifecycle forbids, keyed by field like a 400.
    if (error.status === 400 || error.status === 409) {
      const fields = getFieldErrors(error);
      // A 409's message names the statuses it is about; a field prefix adds nothing.
      const bare = (field: string) =>
        error.status === 409 ||
        field === "non_field_errors" ||
        field === "detail";
      const parts = Object.entries(fields).map(([field, messages]) =>
        bare(field) ? messages.join(" ") : `${field}: ${messages.join(" ")}`,
      );
      if (parts.length > 0) return parts.join(" ");
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
