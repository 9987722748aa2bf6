import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  currentUrl,
  db,
  findRows,
  minutesAgo,
  renderApp,
  requestsTo,
  server,
} from "@/testing/test-utils";

describe("job list", () => {
  it("shows the jobs and how many of how many", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    renderApp("/");
    expect(await findRows()).toHaveLength(2);
    expect(screen.getByText("Showing 2 of 2")).toBeInTheDocument();
    expect(document.title).toBe("Jobs · Job Dashboard");
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

  it("freezes durations while paused and says so", async () => {
    db.seed([{ name: "runner", history: [["RUNNING", minutesAgo(1)]] }]);
    const { user } = renderApp("/", { pollIntervalMs: 60_000 });
    const link = await screen.findByRole("link", { name: "runner" });
    const running = () =>
      within(link.closest("tr") as HTMLElement).getByText(/^1m \d\ds$/);
    expect(screen.queryByText(/Durations frozen at/)).not.toBeInTheDocument();

    await user.click(
      screen.getByRole("button", { name: "Pause live updates" }),
    );
    expect(
      screen.getByText(/^Durations frozen at \d\d:\d\d:\d\d$/),
    ).toBeVisible();
    const frozen = running().textContent;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(running()).toHaveTextContent(frozen ?? "");

    await user.click(
      screen.getByRole("button", { name: "Resume live updates" }),
    );
    await waitFor(() =>
      expect(screen.queryByText(/Durations frozen at/)).not.toBeInTheDocument(),
    );
  });
});
