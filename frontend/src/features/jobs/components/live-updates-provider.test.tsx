import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  db,
  loadTwoPages,
  renderApp,
  requestsTo,
  rowOf,
  sleep,
} from "@/testing/test-utils";

describe("live updates", () => {
  it("refetches loaded pages in place when the stats version changes", async () => {
    db.seedMany(25);
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await loadTwoPages(user);

    // Idle: only stats requests, no list refetch.
    const listCalls = requestsTo("GET", "/api/jobs/").length;
    const statsCalls = requestsTo("GET", "/api/jobs/stats/").length;
    await waitFor(() =>
      expect(requestsTo("GET", "/api/jobs/stats/").length).toBeGreaterThan(
        statsCalls + 1,
      ),
    );
    expect(requestsTo("GET", "/api/jobs/")).toHaveLength(listCalls);

    // Another client writes.
    db.update(3, { status_type: "FAILED" });

    await waitFor(() =>
      expect(
        within(rowOf("job 3")).getByText("Failed", { selector: ".badge" }),
      ).toBeInTheDocument(),
    );
    // Both loaded pages came back, nothing reset to page 1.
    expect(screen.getByText("Showing 25 of 25")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "job 1" })).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: /^Failed\s*1$/ }),
    ).toBeInTheDocument();
  });

  it("updates an open job page when it changes elsewhere", async () => {
    db.seed([{ name: "alpha" }]);
    renderApp("/jobs/1", { pollIntervalMs: 100 });
    await screen.findByRole("heading", { level: 1, name: "alpha" });
    db.update(1, { status_type: "RUNNING", name: "alpha renamed" });
    expect(
      await screen.findByRole("heading", { level: 1, name: "alpha renamed" }),
    ).toBeInTheDocument();
  });

  it("does not poll when turned off", async () => {
    renderApp("/");
    await screen.findByText("No jobs yet.");
    const calls = requestsTo("GET", "/api/jobs/stats/").length;
    await sleep(300);
    expect(requestsTo("GET", "/api/jobs/stats/")).toHaveLength(calls);
  });

  it("sends nothing while paused, and catches up at once on resume", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await screen.findByRole("link", { name: "alpha" });
    await user.click(
      screen.getByRole("button", { name: "Pause live updates" }),
    );
    const calls = requestsTo("GET", "/api/jobs/stats/").length;
    const listCalls = requestsTo("GET", "/api/jobs/").length;
    db.update(1, { name: "alpha renamed" });
    await sleep(400);
    expect(requestsTo("GET", "/api/jobs/stats/")).toHaveLength(calls);
    expect(requestsTo("GET", "/api/jobs/")).toHaveLength(listCalls);
    expect(screen.getByRole("link", { name: "alpha" })).toBeInTheDocument();

    await user.click(
      screen.getByRole("button", { name: "Resume live updates" }),
    );
    expect(
      await screen.findByRole("link", { name: "alpha renamed" }),
    ).toBeInTheDocument();
  });
});
