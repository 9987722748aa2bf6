import { screen } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import { db, renderApp } from "@/testing/test-utils";

async function seriousViolations() {
  const results = await axe.run(document.body, {
    // jsdom does no layout, so contrast is checked in the browser (e2e), not here.
    rules: { "color-contrast": { enabled: false } },
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
}

describe("accessibility (axe)", () => {
  it("has no serious violations on the list, with the delete dialog open", async () => {
    db.seed([
      { name: "alpha" },
      {
        name: "<b>markup</b>",
        history: [["RUNNING", new Date().toISOString()]],
      },
    ]);
    const { user } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Delete alpha" }));
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations on the job page", async () => {
    db.seed([{ name: "alpha" }]);
    renderApp("/jobs/1");
    await screen.findByRole("heading", { level: 1, name: "alpha" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations on the create form with an error", async () => {
    const { user } = renderApp("/");
    await screen.findByText("No jobs yet.");
    await user.click(screen.getByRole("button", { name: "Create job" }));
    expect(await seriousViolations()).toEqual([]);
  });
});
