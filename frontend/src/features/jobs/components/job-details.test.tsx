import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { currentUrl, db, renderApp, requestsTo } from "@/testing/test-utils";

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

describe("job page", () => {
  it("shows the job with its whole history and durations", async () => {
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

    expect(
      await screen.findByRole("heading", { level: 1, name: "cfd-wing" }),
    ).toBeInTheDocument();
    expect(document.title).toBe("cfd-wing · Job Dashboard");
    const history = screen.getByRole("list", {
      name: "Status history, oldest first",
    });
    const items = within(history).getAllByRole("listitem");
    expect(items.map((li) => li.querySelector(".badge")?.textContent)).toEqual([
      "Pending",
      "Running",
      "Failed",
      "Pending",
      "Running",
    ]);
    expect(items[0]).toHaveTextContent("for 2m 00s");
    expect(items[1]).toHaveTextContent("for 18m 00s");
    expect(items[2]).toHaveTextContent("for 1m 00s");
    expect(items[3]).toHaveTextContent("for 9m 00s");
    expect(items[4]).toHaveTextContent(/ongoing · 30m 0\ds/);

    const queued = screen.getByText("Time queued").nextElementSibling;
    expect(queued).toHaveTextContent("11m 00s");
    const running = screen.getByText("Time running").nextElementSibling;
    expect(running).toHaveTextContent(/^48m 0\ds$/);
    expect(screen.getByRole("link", { name: "← All jobs" })).toHaveAttribute(
      "href",
      "/",
    );
  });

  it("changes the status from the job page", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/jobs/1");
    const select = await screen.findByRole("combobox", {
      name: "Change status",
    });
    await user.selectOptions(select, "RUNNING");
    const history = screen.getByRole("list", {
      name: "Status history, oldest first",
    });
    await waitFor(() =>
      expect(within(history).getAllByRole("listitem")).toHaveLength(2),
    );
    expect(requestsTo("PATCH", "/api/jobs/1/")[0]?.body).toEqual({
      status_type: "RUNNING",
    });
    expect(
      screen
        .getByRole("heading", { level: 1 })
        .parentElement?.querySelector(".badge"),
    ).toHaveTextContent("Running");
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
});
