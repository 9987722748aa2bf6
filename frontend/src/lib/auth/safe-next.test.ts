import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it.each([
    ["/jobs/5?x=y", "/jobs/5?x=y"],
    ["/?status=RUNNING&sort=name_asc", "/?status=RUNNING&sort=name_asc"],
    [null, "/"],
    ["", "/"],
    ["jobs/5", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["/login", "/"],
    ["/login?next=/x", "/"],
    ["/loginish", "/loginish"],
  ])("%s goes to %s", (raw, expected) => {
    expect(safeNext(raw)).toBe(expected);
  });
});
