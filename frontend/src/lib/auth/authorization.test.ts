import { describe, expect, it } from "vitest";
import { canRole, type Action } from "./authorization";
import type { Role } from "./get-me";

const ACTIONS: Action[] = ["create", "change_status", "rename", "delete"];

describe("canRole", () => {
  it.each<[Role, Action[]]>([
    ["viewer", []],
    ["operator", ["create", "change_status", "rename"]],
    ["admin", ["create", "change_status", "rename", "delete"]],
  ])("lets %s do exactly %j", (role, allowed) => {
    expect(ACTIONS.filter((action) => canRole(role, action))).toEqual(allowed);
  });

  it("lets no role, or a role the SPA does not know, do nothing", () => {
    expect(ACTIONS.some((action) => canRole(null, action))).toBe(false);
    expect(canRole("superuser" as Role, "create")).toBe(false);
  });
});
