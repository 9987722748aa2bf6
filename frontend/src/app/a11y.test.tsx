import { fireEvent, screen } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import {
  chooseRowAction,
  db,
  loadTwoPages,
  minutesAgo,
  renderApp,
} from "@/testing/test-utils";

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
  it("has no serious violations on the list, with a row menu and the delete dialog open", async () => {
    db.seed([
      { name: "alpha" },
      { name: "<b>markup</b>", history: [["RUNNING", minutesAgo(1)]] },
    ]);
    const { user } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Actions for alpha" }));
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("menuitem", { name: "Delete…" }));
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations with the status dialog open, with an error", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Start (→ Running)");
    await screen.findByRole("dialog", { name: "Change status" });
    expect(await seriousViolations()).toEqual([]);
    db.update(1, { status_type: "FAILED" });
    await user.keyboard("{Enter}");
    await screen.findByRole("alert");
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations with rows selected, the bulk bar and its dialogs open", async () => {
    db.seedMany(25);
    const { user } = renderApp("/");
    await user.click(
      await screen.findByRole("checkbox", { name: "Select job 25" }),
    );
    await screen.findByRole("region", { name: "Bulk actions" });
    expect(await seriousViolations()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Set status…" }));
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("menuitem", { name: "Failed" }));
    await screen.findByText(/This will change/);
    expect(await seriousViolations()).toEqual([]);
    await user.keyboard("{Escape}");

    await user.click(screen.getByRole("button", { name: "Delete…" }));
    await screen.findByText(/This will delete/);
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Delete 1 job" }));
    await screen.findByText("Deleted 1 job");
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations with held jobs in the banner, paused", async () => {
    db.seedMany(25);
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await loadTwoPages(user);
    db.create("new");
    await screen.findByRole("button", { name: "1 new job · Show" });
    await user.click(
      screen.getByRole("button", { name: "Pause live updates" }),
    );
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations with a custom range open, an error, and the activity table", async () => {
    db.seed([
      { name: "alpha" },
      { name: "beta", history: [["FAILED", minutesAgo(1)]] },
    ]);
    const { user } = renderApp("/?status=RUNNING,FAILED&range=1h");
    await screen.findByRole("link", { name: "beta" });
    await user.click(screen.getByRole("button", { name: "Show as table" }));
    await screen.findByRole("table", { name: /^Activity of all jobs/ });
    await user.click(screen.getByRole("button", { name: "Custom…" }));
    const from = screen.getByLabelText("Created from");
    fireEvent.change(from, { target: { value: "2026-11-29T15:00" } });
    fireEvent.change(screen.getByLabelText("Created before"), {
      target: { value: "2026-11-29T14:00" },
    });
    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(from).toHaveAttribute("aria-invalid", "true");
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations on the job page, its status menu and dialog", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/jobs/1");
    await screen.findByRole("heading", { level: 1, name: "alpha" });
    expect(await seriousViolations()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Change status" }));
    expect(await seriousViolations()).toEqual([]);
    await user.click(
      screen.getByRole("menuitem", { name: "Start (→ Running)" }),
    );
    await user.keyboard("because{Enter}");
    await screen.findByText("because");
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations on the create form with an error", async () => {
    const { user } = renderApp("/");
    await user.click(await screen.findByRole("button", { name: "New job" }));
    await user.click(screen.getByRole("button", { name: "Create job" }));
    await screen.findByText("Enter a job name.");
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations on the sign-in page with an error", async () => {
    db.signInAs(null);
    const { user } = renderApp("/login");
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    await screen.findByText("Enter your username.");
    expect(await seriousViolations()).toEqual([]);
  });

  it("has no serious violations in the shortcuts help", async () => {
    const { user } = renderApp("/");
    await screen.findByText("No jobs yet.");
    await user.keyboard("?");
    await screen.findByRole("dialog", { name: "Keyboard shortcuts" });
    expect(await seriousViolations()).toEqual([]);
  });
});
