import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  currentUrl,
  db,
  renderApp,
  requestsTo,
  server,
} from "@/testing/test-utils";

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

async function findRows() {
  const table = await screen.findByRole("table");
  return within(table).getAllByRole("row").slice(1);
}

describe("job list", () => {
  it("renders jobs with status, times and queued/running totals", async () => {
    db.seed([
      {
        name: "cfd-wing",
        history: [
          ["PENDING", minutesAgo(30)],
          ["RUNNING", minutesAgo(25)],
          ["PENDING", minutesAgo(20)],
          ["RUNNING", minutesAgo(12)],
        ],
      },
    ]);
    renderApp("/");

    const link = await screen.findByRole("link", { name: "cfd-wing" });
    expect(link).toHaveAttribute("href", "/jobs/1");
    const row = link.closest("tr");
    expect(row).not.toBeNull();
    const cells = within(row as HTMLElement);
    expect(
      cells.getByText("Running", { selector: ".badge" }),
    ).toBeInTheDocument();
    expect(cells.getByText("30 min ago")).toHaveAttribute(
      "datetime",
      expect.stringMatching(/Z$/),
    );
    expect(cells.getByText("30 min ago").tagName).toBe("TIME");
    // queued: 5 + 8 min; running: 5 min + 12 min ongoing
    expect(cells.getByText("13m 00s")).toHaveAttribute("data-label", "Queued");
    expect(cells.getByText(/^17m 0\ds$/)).toHaveAttribute(
      "data-label",
      "Running",
    );
    expect(
      cells.getByRole("combobox", { name: "Change status for cfd-wing" }),
    ).toHaveValue("RUNNING");
    expect(screen.getByText("Showing 1 of 1")).toBeInTheDocument();
    expect(document.title).toBe("Jobs · Job Dashboard");
  });

  it("shows markup in a name as text", async () => {
    const name = "<img src=x onerror=alert(1)><b>bold</b>";
    db.seed([{ name }]);
    renderApp("/");
    expect(await screen.findByRole("link", { name })).toHaveTextContent(name);
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("b")).toBeNull();
  });

  it("shows live counts in the status tabs and marks the selected one", async () => {
    db.seed([
      { name: "a", history: [["RUNNING", minutesAgo(1)]] },
      { name: "b", history: [["RUNNING", minutesAgo(1)]] },
      { name: "c", history: [["FAILED", minutesAgo(1)]] },
    ]);
    renderApp("/?status=RUNNING");
    const nav = screen.getByRole("navigation", { name: "Filter by status" });
    const running = await within(nav).findByRole("link", {
      name: /Running\s*2/,
    });
    expect(running).toHaveAttribute("aria-current", "page");
    expect(
      within(nav).getByRole("link", { name: /All\s*3/ }),
    ).not.toHaveAttribute("aria-current");
    expect(
      within(nav).getByRole("link", { name: /Failed\s*1/ }),
    ).toBeInTheDocument();
    expect(await findRows()).toHaveLength(2);
  });

  it("loads the next page through the keyset cursor", async () => {
    db.seedMany(25);
    const { user } = renderApp("/");

    expect(await findRows()).toHaveLength(20);
    expect(screen.getByText("Showing 20 of 25")).toBeInTheDocument();
    // newest first
    expect(
      screen.getAllByRole("link", { name: /^job \d+$/ })[0],
    ).toHaveTextContent("job 25");

    await user.click(screen.getByRole("button", { name: "Load more" }));

    await waitFor(() =>
      expect(screen.getByText("Showing 25 of 25")).toBeInTheDocument(),
    );
    expect(await findRows()).toHaveLength(25);
    expect(
      screen.queryByRole("button", { name: "Load more" }),
    ).not.toBeInTheDocument();
    const listRequests = requestsTo("GET", "/api/jobs/");
    expect(listRequests[0]?.params.get("cursor")).toBe("");
    expect(listRequests[1]?.params.get("cursor")).toBe(btoa("o:20"));
  });

  it("filters by status through the URL and the request", async () => {
    db.seed([
      { name: "runner", history: [["RUNNING", minutesAgo(1)]] },
      { name: "waiter" },
    ]);
    const { user, router } = renderApp("/");
    await screen.findByRole("link", { name: "waiter" });

    await user.click(screen.getByRole("link", { name: /^Running/ }));

    await waitFor(() =>
      expect(
        screen.queryByRole("link", { name: "waiter" }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByRole("link", { name: "runner" })).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/?status=RUNNING");
    expect(requestsTo("GET", "/api/jobs/").at(-1)?.params.get("status")).toBe(
      "RUNNING",
    );

    // Back restores the unfiltered view.
    await router.navigate(-1);
    expect(
      await screen.findByRole("link", { name: "waiter" }),
    ).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/");
  });

  it("sorts through the URL and the request", async () => {
    db.seed([{ name: "bravo" }, { name: "alpha" }, { name: "charlie" }]);
    const { user, router } = renderApp("/");
    await screen.findByRole("link", { name: "alpha" });

    await user.selectOptions(screen.getByLabelText("Sort by"), "name_asc");

    await waitFor(() =>
      expect(
        screen
          .getAllByRole("link", { name: /^(alpha|bravo|charlie)$/ })
          .map((a) => a.textContent),
      ).toEqual(["alpha", "bravo", "charlie"]),
    );
    expect(currentUrl(router)).toBe("/?sort=name_asc");
    expect(requestsTo("GET", "/api/jobs/").at(-1)?.params.get("sort")).toBe(
      "name_asc",
    );
  });

  it("debounces the search and puts it in the URL", async () => {
    db.seed([{ name: "cfd-wing" }, { name: "render-frame" }]);
    const { user, router } = renderApp("/?sort=oldest");
    await screen.findByRole("link", { name: "render-frame" });
    const before = requestsTo("GET", "/api/jobs/").length;

    await user.type(screen.getByLabelText("Search by name"), "cfd");
    // Nothing is sent per keystroke.
    expect(requestsTo("GET", "/api/jobs/")).toHaveLength(before);

    await waitFor(() =>
      expect(
        screen.queryByRole("link", { name: "render-frame" }),
      ).not.toBeInTheDocument(),
    );
    expect(currentUrl(router)).toBe("/?sort=oldest&search=cfd");
    const searches = requestsTo("GET", "/api/jobs/")
      .slice(before)
      .map((r) => r.params.get("search"));
    expect(searches).toEqual(["cfd"]);
  });

  it("restores the search box from the URL on Back", async () => {
    db.seed([{ name: "cfd-wing" }]);
    const { router } = renderApp("/?search=cfd");
    expect(await screen.findByLabelText("Search by name")).toHaveValue("cfd");
    await router.navigate("/?search=wing");
    await waitFor(() =>
      expect(screen.getByLabelText("Search by name")).toHaveValue("wing"),
    );
    await router.navigate(-1);
    await waitFor(() =>
      expect(screen.getByLabelText("Search by name")).toHaveValue("cfd"),
    );
  });

  it("shows an empty state with a way to clear filters", async () => {
    db.seed([{ name: "alpha" }]);
    const { user, router } = renderApp("/?status=FAILED&search=zzz");
    expect(
      await screen.findByText("No jobs match these filters."),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(
      await screen.findByRole("link", { name: "alpha" }),
    ).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/");
    expect(screen.getByLabelText("Search by name")).toHaveValue("");
  });

  it("shows a first-run empty state", async () => {
    renderApp("/");
    expect(await screen.findByText("No jobs yet.")).toBeInTheDocument();
  });

  it("shows an error with a working Retry", async () => {
    db.seed([{ name: "alpha" }]);
    server.use(
      http.get(
        "/api/jobs/",
        () =>
          HttpResponse.json(
            { detail: "Database unavailable." },
            { status: 503 },
          ),
        { once: true },
      ),
    );
    const { user } = renderApp("/");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Couldn’t load jobs.");
    expect(alert).toHaveTextContent("Database unavailable.");

    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(
      await screen.findByRole("link", { name: "alpha" }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("handles a non-JSON proxy error", async () => {
    server.use(
      http.get(
        "/api/jobs/",
        () =>
          new HttpResponse("<html><body>502 Bad Gateway</body></html>", {
            status: 502,
            headers: { "Content-Type": "text/html" },
          }),
      ),
    );
    renderApp("/");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The server is not responding.",
    );
  });

  it("changes a job's status with a PATCH", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    const select = await screen.findByRole("combobox", {
      name: "Change status for alpha",
    });

    await user.selectOptions(select, "COMPLETED");

    await waitFor(() =>
      expect(requestsTo("PATCH", "/api/jobs/1/")).toHaveLength(1),
    );
    expect(requestsTo("PATCH", "/api/jobs/1/")[0]?.body).toEqual({
      status_type: "COMPLETED",
    });
    const row = screen
      .getByRole("link", { name: "alpha" })
      .closest("tr") as HTMLElement;
    await waitFor(() =>
      expect(
        within(row).getByText("Completed", { selector: ".badge" }),
      ).toBeInTheDocument(),
    );
    expect(select).toHaveValue("COMPLETED");
    // stats were refetched after the write
    const nav = screen.getByRole("navigation", { name: "Filter by status" });
    expect(
      await within(nav).findByRole("link", { name: /Completed\s*1/ }),
    ).toBeInTheDocument();
  });

  it("shows an error when a status change fails", async () => {
    db.seed([{ name: "alpha" }]);
    server.use(
      http.patch("/api/jobs/:id/", () =>
        HttpResponse.json(
          { detail: "Request was throttled. Expected available in 3 seconds." },
          { status: 429 },
        ),
      ),
    );
    const { user } = renderApp("/");
    await user.selectOptions(
      await screen.findByRole("combobox", { name: "Change status for alpha" }),
      "RUNNING",
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn’t change status: Request was throttled.",
    );
    expect(
      screen.getByRole("combobox", { name: "Change status for alpha" }),
    ).toHaveValue("PENDING");
  });

  it("asks for confirmation before deleting; Cancel and Escape send nothing", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    const { user } = renderApp("/");
    const trigger = await screen.findByRole("button", { name: "Delete alpha" });

    await user.click(trigger);
    let dialog = screen.getByRole("alertdialog", { name: "Delete this job?" });
    expect(dialog).toHaveTextContent("alpha");
    expect(
      within(dialog).getByRole("button", { name: "Cancel" }),
    ).toHaveFocus();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();

    await user.click(trigger);
    dialog = screen.getByRole("alertdialog");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(requestsTo("DELETE", "/api/jobs/1/")).toHaveLength(0);

    await user.click(trigger);
    dialog = screen.getByRole("alertdialog");
    // Tab stays inside the dialog.
    await user.tab();
    await user.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    await user.click(
      within(dialog).getByRole("button", { name: "Delete job" }),
    );

    await waitFor(() =>
      expect(
        screen.queryByRole("link", { name: "alpha" }),
      ).not.toBeInTheDocument(),
    );
    expect(requestsTo("DELETE", "/api/jobs/1/")).toHaveLength(1);
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "bravo" })).toBeInTheDocument();
    expect(screen.getByText("Showing 1 of 1")).toBeInTheDocument();
  });

  it("keeps the dialog open with an error when a delete fails", async () => {
    db.seed([{ name: "alpha" }]);
    server.use(
      http.delete("/api/jobs/:id/", () =>
        HttpResponse.json({ detail: "Database unavailable." }, { status: 503 }),
      ),
    );
    const { user } = renderApp("/");
    await user.click(
      await screen.findByRole("button", { name: "Delete alpha" }),
    );
    const dialog = screen.getByRole("alertdialog");
    await user.click(
      within(dialog).getByRole("button", { name: "Delete job" }),
    );
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Database unavailable.",
    );
    expect(screen.getByRole("link", { name: "alpha" })).toBeInTheDocument();
  });

  it("says when the count is capped", async () => {
    db.seedMany(25);
    server.use(
      http.get("/api/jobs/", ({ request }) => {
        const url = new URL(request.url);
        const page = db.list(url.searchParams, url.origin);
        return HttpResponse.json({ ...page, count: 10000, count_capped: true });
      }),
    );
    renderApp("/?search=job");
    expect(
      await screen.findByText("Showing 20 of 10,000+"),
    ).toBeInTheDocument();
  });

  it("passes several statuses from the URL to the API", async () => {
    db.seed([
      { name: "runner", history: [["RUNNING", minutesAgo(1)]] },
      { name: "failer", history: [["FAILED", minutesAgo(1)]] },
      { name: "waiter" },
    ]);
    renderApp("/?status=running,FAILED,bogus&sort=nope");
    await screen.findByRole("link", { name: "runner" });
    expect(screen.getByRole("link", { name: "failer" })).toBeInTheDocument();
    expect(
      screen.queryByRole("link", { name: "waiter" }),
    ).not.toBeInTheDocument();
    const params = requestsTo("GET", "/api/jobs/")[0]?.params;
    expect(params?.get("status")).toBe("RUNNING,FAILED");
    expect(params?.get("sort")).toBe("newest");
  });

  it("moves focus to main after deleting the focused row", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    const { user } = renderApp("/");
    await user.click(
      await screen.findByRole("button", { name: "Delete alpha" }),
    );
    await user.click(screen.getByRole("button", { name: "Delete job" }));
    await waitFor(() =>
      expect(
        screen.queryByRole("link", { name: "alpha" }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByRole("main")).toHaveFocus();
  });
});
