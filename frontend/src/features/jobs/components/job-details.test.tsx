import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  currentUrl,
  db,
  minutesAgo,
  renderApp,
  requestsTo,
} from "@/testing/test-utils";

describe("job page", () => {
  it("shows the job, its exact times and its totals", async () => {
    db.seed([
      {
        name: "cfd-wing",
        history: [
          ["PENDING", minutesAgo(60)],
          ["RUNNING", minutesAgo(58)],
          ["FAILED", minutesAgo(40)],
          ["PENDING", minutesAgo(39)],
          ["RUNNING", minutesAgo(30)],
        ],
      },
    ]);
    renderApp("/jobs/1");

    const heading = await screen.findByRole("heading", {
      level: 1,
      name: "cfd-wing",
    });
    expect(heading.parentElement?.querySelector(".badge")).toHaveTextContent(
      "Running",
    );
    expect(document.title).toBe("cfd-wing · Job Dashboard");
    expect(
      within(
        screen.getByRole("list", { name: "Status history, oldest first" }),
      ).getAllByRole("listitem"),
    ).toHaveLength(5);
    // The exact time is always shown on this page, not only on hover.
    const created = screen.getByText("Created").nextElementSibling;
    expect(created).toHaveTextContent(/1 h ago\w{3} \d+, \d\d:\d\d:\d\d/);
    const queued = screen.getByText("Time queued").nextElementSibling;
    expect(queued).toHaveTextContent("11m 00s");
    const running = screen.getByText("Time running").nextElementSibling;
    expect(running).toHaveTextContent(/^48m 0\ds$/);
    expect(screen.getByRole("link", { name: "← All jobs" })).toHaveAttribute(
      "href",
      "/",
    );
  });

  it("deletes after confirmation and goes back to the list", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    const { user, router } = renderApp("/jobs/1");
    await user.click(await screen.findByRole("button", { name: "Delete" }));
    await user.click(
      within(screen.getByRole("alertdialog")).getByRole("button", {
        name: "Delete job",
      }),
    );

    await waitFor(() => expect(currentUrl(router)).toBe("/"));
    expect(
      await screen.findByRole("link", { name: "bravo" }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("link", { name: "alpha" }),
    ).not.toBeInTheDocument();
    expect(requestsTo("DELETE", "/api/jobs/1/")).toHaveLength(1);
    expect(requestsTo("GET", "/api/jobs/1/")).toHaveLength(1);
  });

  it("changes status through the dialog, with only the allowed moves, and shows who and why", async () => {
    db.seed([{ name: "alpha", history: [["RUNNING", minutesAgo(3)]] }]);
    const { user } = renderApp("/jobs/1");
    await user.click(
      await screen.findByRole("button", { name: "Change status" }),
    );
    expect(
      screen.getAllByRole("menuitem").map((item) => item.textContent),
    ).toEqual([
      "Complete (→ Completed)",
      "Fail (→ Failed)",
      "Requeue (→ Pending)",
    ]);
    await user.click(
      screen.getByRole("menuitem", { name: "Requeue (→ Pending)" }),
    );
    await user.keyboard("node drained{Enter}");

    const history = screen.getByRole("list", {
      name: "Status history, oldest first",
    });
    await waitFor(() =>
      expect(within(history).getAllByRole("listitem")).toHaveLength(2),
    );
    const last = within(history).getAllByRole("listitem")[1];
    expect(last).toHaveTextContent("Pending");
    expect(last).toHaveTextContent("by ada");
    expect(last).toHaveTextContent("node drained");
    expect(screen.getByRole("button", { name: "Change status" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Change status" }));
    expect(
      screen.getAllByRole("menuitem").map((item) => item.textContent),
    ).toEqual(["Start (→ Running)", "Cancel (→ Failed)"]);
  });

  it("offers a viewer no status change and no delete", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("viewer");
    renderApp("/jobs/1");
    await screen.findByRole("heading", { level: 1, name: "alpha" });
    expect(
      screen.queryByRole("button", { name: "Change status" }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Delete" }),
    ).not.toBeInTheDocument();
  });

  it("offers an operator the status change but no delete", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("operator");
    renderApp("/jobs/1");
    expect(
      await screen.findByRole("button", { name: "Change status" }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Delete" }),
    ).not.toBeInTheDocument();
  });

  it("shows not found for an unknown id", async () => {
    renderApp("/jobs/999");
    expect(
      await screen.findByRole("heading", { name: "Job not found" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Back to all jobs" }),
    ).toHaveAttribute("href", "/");
    expect(document.title).toBe("Job not found · Job Dashboard");
  });

  it("shows not found for a non-numeric id without a request", async () => {
    renderApp("/jobs/abc");
    expect(
      await screen.findByRole("heading", { name: "Job not found" }),
    ).toBeInTheDocument();
    expect(requestsTo("GET", "/api/jobs/abc/")).toHaveLength(0);
  });

  it("links back to the filtered list it came from", async () => {
    db.seed([{ name: "alpha" }]);
    const { user, router } = renderApp("/?search=alp");
    await user.click(await screen.findByRole("link", { name: "alpha" }));
    await screen.findByRole("heading", { level: 1, name: "alpha" });
    await user.click(screen.getByRole("link", { name: "← All jobs" }));
    expect(currentUrl(router)).toBe("/?search=alp");
  });

  it("freezes durations when updates stop, and says so", async () => {
    db.seed([{ name: "runner", history: [["RUNNING", minutesAgo(1)]] }]);
    const { user } = renderApp("/jobs/1", { pollIntervalMs: 60_000 });
    await screen.findByRole("heading", { level: 1, name: "runner" });
    await user.click(
      screen.getByRole("button", { name: "Pause live updates" }),
    );
    expect(
      screen.getByText(/^Durations frozen at \d\d:\d\d:\d\d/),
    ).toBeInTheDocument();
  });
});
