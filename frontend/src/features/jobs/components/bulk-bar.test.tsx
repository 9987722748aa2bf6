import { screen, waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  db,
  minutesAgo,
  renderApp,
  requestsTo,
  rowOf,
  server,
  sleep,
} from "@/testing/test-utils";

const bar = () => screen.getByRole("region", { name: "Bulk actions" });
const queryBar = () => screen.queryByRole("region", { name: "Bulk actions" });
const headerCheckbox = () =>
  screen.getByRole("checkbox", { name: "Select all loaded jobs" });
/** "Set status…" in the bulk bar, then a status: opens the confirmation. */
async function chooseBulkStatus(user: UserEvent, status: string) {
  await user.click(within(bar()).getByRole("button", { name: "Set status…" }));
  await user.click(screen.getByRole("menuitem", { name: status }));
}
const bulkBodies = () =>
  requestsTo("POST", "/api/jobs/bulk/").map((r) => r.body);

describe("bulk selection", () => {
  it("selects the loaded rows with the header checkbox, and says how many", async () => {
    db.seedMany(25);
    const { user } = renderApp("/");
    await screen.findByRole("link", { name: "job 25" });
    expect(queryBar()).not.toBeInTheDocument();

    await user.click(screen.getByRole("checkbox", { name: "Select job 25" }));
    expect(headerCheckbox()).toHaveProperty("indeterminate", true);
    expect(bar()).toHaveTextContent("1 selected");

    await user.click(headerCheckbox());
    expect(headerCheckbox()).toBeChecked();
    expect(headerCheckbox()).toHaveProperty("indeterminate", false);
    expect(bar()).toHaveTextContent("20 selected");
    expect(
      within(bar()).getByRole("button", { name: "Select all 25 matching" }),
    ).toBeInTheDocument();

    await user.click(headerCheckbox());
    expect(queryBar()).not.toBeInTheDocument();
    expect(
      screen.getByRole("checkbox", { name: "Select job 25" }),
    ).not.toBeChecked();
  });

  it("keeps the selection through Load more", async () => {
    db.seedMany(25);
    const { user } = renderApp("/");
    await screen.findByRole("link", { name: "job 25" });
    await user.click(screen.getByRole("checkbox", { name: "Select job 25" }));
    await user.click(screen.getByRole("checkbox", { name: "Select job 7" }));
    await user.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByRole("link", { name: "job 1" });
    expect(
      screen.getByRole("checkbox", { name: "Select job 25" }),
    ).toBeChecked();
    expect(
      screen.getByRole("checkbox", { name: "Select job 7" }),
    ).toBeChecked();
    expect(
      screen.getByRole("checkbox", { name: "Select job 1" }),
    ).not.toBeChecked();
    expect(bar()).toHaveTextContent("2 selected");
  });

  it("selects all matching, loaded or not, and keeps new pages selected", async () => {
    db.seedMany(25);
    const { user } = renderApp("/");
    await screen.findByRole("link", { name: "job 25" });
    await user.click(screen.getByRole("checkbox", { name: "Select job 10" }));
    await user.click(
      within(bar()).getByRole("button", { name: "Select all 25 matching" }),
    );
    expect(bar()).toHaveTextContent("All 25 matching jobs selected");
    expect(headerCheckbox()).toBeChecked();
    await user.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByRole("link", { name: "job 1" });
    expect(
      screen.getByRole("checkbox", { name: "Select job 1" }),
    ).toBeChecked();
    // Unticking one row goes back to a selection of rows: the other loaded ones.
    await user.click(screen.getByRole("checkbox", { name: "Select job 1" }));
    expect(bar()).toHaveTextContent("24 selected");
  });

  it("clears when the filter, the search or the sort changes", async () => {
    db.seed([
      { name: "alpha" },
      { name: "bravo", history: [["FAILED", minutesAgo(1)]] },
    ]);
    const { user, router } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    await user.click(screen.getByRole("checkbox", { name: "Select bravo" }));
    expect(bar()).toBeInTheDocument();
    await user.click(screen.getByRole("link", { name: /^Failed/ }));
    await screen.findByRole("link", { name: "bravo" });
    await waitFor(() => expect(queryBar()).not.toBeInTheDocument());
    expect(
      screen.getByRole("checkbox", { name: "Select bravo" }),
    ).not.toBeChecked();

    await user.click(screen.getByRole("checkbox", { name: "Select bravo" }));
    await router.navigate("/?status=FAILED&sort=name_asc");
    await waitFor(() => expect(queryBar()).not.toBeInTheDocument());

    await user.click(screen.getByRole("checkbox", { name: "Select bravo" }));
    await user.type(screen.getByLabelText("Search by name"), "bra");
    await waitFor(() => expect(queryBar()).not.toBeInTheDocument());
  });

  it("offers viewers no checkboxes, operators no delete", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("viewer");
    const { unmount } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    expect(
      within(screen.getByRole("table")).queryByRole("checkbox"),
    ).not.toBeInTheDocument();
    unmount();

    db.signInAs("operator");
    const { user } = renderApp("/");
    await user.click(
      await screen.findByRole("checkbox", { name: "Select alpha" }),
    );
    expect(
      within(bar()).getByRole("button", { name: "Set status…" }),
    ).toBeInTheDocument();
    expect(
      within(bar()).queryByRole("button", { name: "Delete…" }),
    ).not.toBeInTheDocument();
  });
});

describe("bulk confirmation", () => {
  it("counts with a dry run, takes a reason, applies, then summarises and clears", async () => {
    db.seed([
      { name: "cfd-1", history: [["FAILED", minutesAgo(9)]] },
      { name: "cfd-2", history: [["FAILED", minutesAgo(8)]] },
      { name: "cfd-3", history: [["COMPLETED", minutesAgo(7)]] },
      { name: "cfd-4", history: [["PENDING", minutesAgo(6)]] },
      { name: "other", history: [["FAILED", minutesAgo(5)]] },
    ]);
    const { user } = renderApp("/?search=cfd");
    await screen.findByRole("link", { name: "cfd-1" });
    await user.click(screen.getByRole("checkbox", { name: "Select cfd-1" }));
    await user.click(
      within(bar()).getByRole("button", { name: "Select all 4 matching" }),
    );
    await chooseBulkStatus(user, "Pending");

    const dialog = screen.getByRole("dialog", {
      name: "Set status to Pending",
    });
    expect(
      await within(dialog).findByText(/This will change/),
    ).toHaveTextContent("This will change 3 jobs; 1 will be skipped.");
    expect(bulkBodies()).toEqual([
      {
        action: "set_status",
        status_type: "PENDING",
        filter: { search: "cfd" },
        dry_run: true,
      },
    ]);
    // Nothing changed yet.
    expect(db.stats().by_status.FAILED).toBe(3);

    await user.keyboard("nightly retry{Enter}");
    const summary = await screen.findByText(
      "Changed 3 jobs to Pending; skipped 1",
    );
    expect(summary).toHaveAttribute("role", "status");
    await waitFor(() => expect(summary).toHaveFocus());
    expect(bulkBodies()[1]).toEqual({
      action: "set_status",
      status_type: "PENDING",
      filter: { search: "cfd" },
      reason: "nightly retry",
      dry_run: false,
    });
    expect(queryBar()).not.toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    for (const name of ["cfd-1", "cfd-2", "cfd-3", "cfd-4"]) {
      expect(
        within(rowOf(name)).getByText("Pending", { selector: ".badge" }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole("checkbox", { name: `Select ${name}` }),
      ).not.toBeChecked();
    }
    expect(db.get(5)?.current_status).toBe("FAILED");
    expect(db.get(1)?.status_history.at(-1)).toMatchObject({
      actor: "ada",
      reason: "nightly retry",
    });
  });

  it("still says what it did when the list it emptied shows no rows", async () => {
    db.seed([
      { name: "f-1", history: [["FAILED", minutesAgo(2)]] },
      { name: "f-2", history: [["FAILED", minutesAgo(1)]] },
    ]);
    const { user } = renderApp("/?status=FAILED");
    await user.click(
      await screen.findByRole("checkbox", { name: "Select all loaded jobs" }),
    );
    await chooseBulkStatus(user, "Pending");
    await screen.findByText(/This will change/);
    await user.keyboard("{Enter}");
    expect(
      await screen.findByText("No jobs match these filters."),
    ).toBeInTheDocument();
    const summary = screen.getByText("Changed 2 jobs to Pending");
    await waitFor(() => expect(summary).toHaveFocus());
  });

  it("keeps the confirmation and its result when a live refresh empties the list first", async () => {
    db.seed([
      { name: "f-1", history: [["FAILED", minutesAgo(2)]] },
      { name: "f-2", history: [["FAILED", minutesAgo(1)]] },
    ]);
    // The change is made at once, the answer comes late: the live poll sees the
    // change and refetches (the rows leave the Failed view) before it arrives.
    server.use(
      http.post("/api/jobs/bulk/", async ({ request }) => {
        const body = (await request.clone().json()) as { dry_run: boolean };
        if (body.dry_run) return undefined;
        const result = db.bulk({
          action: "set_status",
          target: { ids: [1, 2] },
          status_type: "PENDING",
        });
        await sleep(600);
        return HttpResponse.json(result);
      }),
    );
    const { user } = renderApp("/?status=FAILED", { pollIntervalMs: 100 });
    await user.click(
      await screen.findByRole("checkbox", { name: "Select all loaded jobs" }),
    );
    await chooseBulkStatus(user, "Pending");
    await screen.findByText(/This will change/);
    await user.keyboard("{Enter}");
    expect(
      await screen.findByText("No jobs match these filters."),
    ).toBeInTheDocument();
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    expect(
      await screen.findByText("Changed 2 jobs to Pending"),
    ).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("acts on the picked rows by id, and Escape sends nothing more", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }, { name: "charlie" }]);
    const { user } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    await user.click(screen.getByRole("checkbox", { name: "Select alpha" }));
    await user.click(screen.getByRole("checkbox", { name: "Select charlie" }));
    await chooseBulkStatus(user, "Failed");
    const dialog = screen.getByRole("dialog", { name: "Set status to Failed" });
    expect(
      await within(dialog).findByText(/This will change/),
    ).toHaveTextContent("This will change 2 jobs.");
    expect(bulkBodies()[0]).toMatchObject({ ids: [3, 1], dry_run: true });
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(bulkBodies()).toHaveLength(1);
    expect(bar()).toHaveTextContent("2 selected");
  });

  it("says when nothing would change, and does not offer to apply", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    await user.click(
      await screen.findByRole("checkbox", { name: "Select alpha" }),
    );
    await chooseBulkStatus(user, "Completed");
    const dialog = screen.getByRole("dialog");
    expect(
      await within(dialog).findByText(/Nothing to change/),
    ).toHaveTextContent(
      "Nothing to change: none of the 1 job can go to Completed",
    );
    expect(
      within(dialog).getByRole("button", { name: "Change 0 jobs" }),
    ).toBeDisabled();
    await user.keyboard("{Enter}");
    expect(bulkBodies()).toHaveLength(1);
  });

  it("deletes after a counted confirmation (admins)", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }, { name: "charlie" }]);
    const { user } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    await user.click(screen.getByRole("checkbox", { name: "Select alpha" }));
    await user.click(screen.getByRole("checkbox", { name: "Select bravo" }));
    await user.click(within(bar()).getByRole("button", { name: "Delete…" }));
    const dialog = screen.getByRole("alertdialog", { name: "Delete jobs" });
    expect(
      await within(dialog).findByText(/This will delete/),
    ).toHaveTextContent(
      "This will delete 2 jobs and their whole status history. This cannot be undone.",
    );
    expect(
      within(dialog).getByRole("button", { name: "Cancel" }),
    ).toHaveFocus();
    await user.click(
      within(dialog).getByRole("button", { name: "Delete 2 jobs" }),
    );
    expect(await screen.findByText("Deleted 2 jobs")).toBeInTheDocument();
    expect(
      screen.queryByRole("link", { name: "alpha" }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "charlie" })).toBeInTheDocument();
    expect(bulkBodies()[1]).toEqual({
      action: "delete",
      ids: [2, 1],
      dry_run: false,
    });
  });

  it("says when the list's count is capped, and counts exactly in the dry run", async () => {
    db.seedMany(25);
    server.use(
      http.get("/api/jobs/", ({ request }) => {
        const url = new URL(request.url);
        const page = db.list(url.searchParams, url.origin);
        return HttpResponse.json({ ...page, count: 10000, count_capped: true });
      }),
    );
    const { user } = renderApp("/?search=job");
    await user.click(
      await screen.findByRole("checkbox", { name: "Select job 25" }),
    );
    await user.click(
      within(bar()).getByRole("button", {
        name: "Select all 10,000+ matching",
      }),
    );
    expect(bar()).toHaveTextContent("All 10,000+ matching jobs selected");
    await chooseBulkStatus(user, "Failed");
    expect(await screen.findByText(/This will change/)).toHaveTextContent(
      "This will change 25 jobs.",
    );
  });

  it("shows the server's refusal of the dry run and offers no apply", async () => {
    db.seedMany(3);
    server.use(
      http.post("/api/jobs/bulk/", () =>
        HttpResponse.json(
          {
            filter: [
              "This matches 250,000 jobs; a bulk action takes at most 100,000. Narrow the filter.",
            ],
          },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderApp("/");
    await user.click(
      await screen.findByRole("checkbox", { name: "Select job 1" }),
    );
    await user.click(
      within(bar()).getByRole("button", { name: "Select all 3 matching" }),
    );
    await user.click(within(bar()).getByRole("button", { name: "Delete…" }));
    const dialog = screen.getByRole("alertdialog");
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Couldn’t count the jobs: filter: This matches 250,000 jobs; a bulk action takes at most 100,000. Narrow the filter.",
    );
    expect(
      within(dialog).getByRole("button", { name: "Delete jobs" }),
    ).toBeDisabled();
  });
});
