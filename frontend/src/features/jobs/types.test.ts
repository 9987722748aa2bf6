import { describe, expect, it } from "vitest";
import schema from "../../../../backend/openapi.json";
import { JOB_SORTS, JOB_STATUSES, MAX_NAME_LENGTH } from "./types";

describe("UI constants agree with the checked-in OpenAPI schema", () => {
  it("uses the schema's name length limit", () => {
    expect(
      schema.components.schemas.JobCreateRequest.properties.name.maxLength,
    ).toBe(MAX_NAME_LENGTH);
  });

  it("labels every status and every sort, in the schema's order", () => {
    expect(JOB_STATUSES).toEqual(schema.components.schemas.StatusTypeEnum.enum);
    const sort = schema.paths["/api/jobs/"].get.parameters.find(
      (p) => p.name === "sort",
    );
    expect(JOB_SORTS).toEqual(sort?.schema.enum);
  });
});
