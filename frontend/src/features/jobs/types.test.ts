/// <reference types="node" />
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  JOB_SORTS,
  JOB_STATUSES,
  MAX_BULK_IDS,
  MAX_NAME_LENGTH,
  MAX_REASON_LENGTH,
} from "./types";

// Read at run time, not imported: the SPA's own build (the Docker image) sees only
// frontend/, while the tests run in the repository (from frontend/).
const schema = JSON.parse(
  readFileSync(resolve(process.cwd(), "../backend/openapi.json"), "utf8"),
) as {
  components: {
    schemas: {
      JobCreateRequest: { properties: { name: { pattern: string } } };
      PatchedJobUpdateRequest: {
        properties: { reason: { pattern: string } };
      };
      BulkActionRequest: {
        properties: {
          reason: { pattern: string };
          ids: { maxItems: number };
        };
      };
      StatusTypeEnum: { enum: string[] };
    };
  };
  paths: {
    "/api/jobs/": {
      get: { parameters: { name: string; schema: { enum?: string[] } }[] };
    };
  };
};

/**
 * The length limit a trimmed-text pattern sets: a first and a last character around
 * {0,n} others.
 */
function trimmedMaxLength(pattern: string): number {
  return Number(/\{0,(\d+)\}/.exec(pattern)?.[1]) + 2;
}

describe("UI constants agree with the checked-in OpenAPI schema", () => {
  it("uses the schema's name length limit", () => {
    expect(
      trimmedMaxLength(
        schema.components.schemas.JobCreateRequest.properties.name.pattern,
      ),
    ).toBe(MAX_NAME_LENGTH);
  });

  it("uses the schema's limits for a reason and for bulk ids", () => {
    const { PatchedJobUpdateRequest, BulkActionRequest } =
      schema.components.schemas;
    expect(
      trimmedMaxLength(PatchedJobUpdateRequest.properties.reason.pattern),
    ).toBe(MAX_REASON_LENGTH);
    expect(trimmedMaxLength(BulkActionRequest.properties.reason.pattern)).toBe(
      MAX_REASON_LENGTH,
    );
    expect(BulkActionRequest.properties.ids.maxItems).toBe(MAX_BULK_IDS);
  });

  it("labels every status, in the schema's order, and every sort", () => {
    expect(JOB_STATUSES).toEqual(schema.components.schemas.StatusTypeEnum.enum);
    const sort = schema.paths["/api/jobs/"].get.parameters.find(
      (p) => p.name === "sort",
    );
    // The schema lists sorts alphabetically; the UI keeps its own order.
    expect([...JOB_SORTS].sort()).toEqual(
      [...(sort?.schema.enum ?? [])].sort(),
    );
  });
});
