import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { db, renderApp, requestsTo } from "@/testing/test-utils";

describe("live updates", () => {
  it("refetches loaded pages in place when the stats version changes", async () => {
    db.seedMany(25);
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await screen.findByRole("link", { name: "job 25" });
    await user.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByRole("link", { name: "job 1" });

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
    db.create("from curl");
    db.update(3, { status_type: "FAILED" });

    expect(
      await screen.findByRole("link", { name: "from curl" }),
    ).toBeInTheDocument();
    // Both loaded pages came back, nothing reset to page 1.
    await waitFor(() =>
      expect(screen.getByText("Showing 26 of 26")).toBeInTheDocument(),
    );
    expect(screen.getByRole("link", { name: "job 1" })).toBeInTheDocument();
    expect(
      screen.getByRole("combobox", { name: "Change status for job 3" }),
    ).toHaveValue("FAILED");
    expect(
      screen.getByRole("link", { name: /^Failed\s*1$/ }),
    ).toBeInTheDocument();
  });

  it("updates an open job page when it changes elsewhere", async () => {
    db.seed([{ name: "alpha" }]);
    renderApp("/jobs/1", { pollIntervalMs: 100 });
    await screen.findByRole("heading", { level: 1, name: "alpha" });
    db.update(1, { status_type: "COMPLETED", name: "alpha renamed" });
    expect(
      await screen.findByRole("heading", { level: 1, name: "alpha renamed" }),
    ).toBeInTheDocument();
  });

  it("does not poll when turned off", async () => {
    renderApp("/");
    await screen.findByText("No jobs yet.");
    const calls = requestsTo("GET", "/api/jobs/stats/").length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requestsTo("GET", "/api/jobs/stats/")).toHaveLength(calls);
  });
});
