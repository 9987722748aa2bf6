/// <reference types="node" />
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  LIFECYCLE,
  allowedNext,
  sourcesOf,
  transitionError,
  transitionVerb,
} from "./lifecycle";
import { JOB_STATUSES } from "./types";

/**
 * The backend's table, read from its source at run time (like types.test.ts reads
 * openapi.json): `ALLOWED_NEXT = { StatusType.X: (StatusType.Y, ...), ... }`.
 */
function backendAllowedNext(): Record<string, string[]> {
  const source = readFileSync(
    resolve(process.cwd(), "../backend/jobs/models.py"),
    "utf8",
  );
  const block = /^ALLOWED_NEXT\b[^=]*=\s*\{([\s\S]*?)^\}/m.exec(source)?.[1];
  if (!block)
    throw new Error("ALLOWED_NEXT not found in backend/jobs/models.py");
  const table: Record<string, string[]> = {};
  for (const [, from, targets] of block.matchAll(
    /StatusType\.(\w+)\s*:\s*\(([^)]*)\)/g,
  )) {
    if (from === undefined || targets === undefined) continue;
    table[from] = [...targets.matchAll(/StatusType\.(\w+)/g)].map(
      (m) => m[1] ?? "",
    );
  }
  return table;
}

describe("lifecycle", () => {
  it("is the backend's ALLOWED_NEXT, in its order", () => {
    const backend = backendAllowedNext();
    // Every status is a key: the parse found the whole table, not part of it.
    expect(Object.keys(backend).sort()).toEqual([...JOB_STATUSES].sort());
    for (const from of JOB_STATUSES) {
      expect(allowedNext(from), from).toEqual(backend[from]);
    }
  });

  it("names each move and knows where a status can be reached from", () => {
    expect(transitionVerb("FAILED", "PENDING")).toBe("Retry");
    expect(transitionVerb("PENDING", "FAILED")).toBe("Cancel");
    expect(sourcesOf("PENDING")).toEqual(["RUNNING", "COMPLETED", "FAILED"]);
    expect(sourcesOf("COMPLETED")).toEqual(["RUNNING"]);
    expect(Object.keys(LIFECYCLE)).toEqual(JOB_STATUSES);
  });

  it("words a forbidden move as the server does", () => {
    expect(transitionError("COMPLETED", "RUNNING")).toBe(
      "Cannot go from COMPLETED to RUNNING; allowed: PENDING.",
    );
  });
});
