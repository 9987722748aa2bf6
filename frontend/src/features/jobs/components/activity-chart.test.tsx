import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { currentPlot, FakePlot } from "@/testing/mocks/uplot";
import {
  db,
  minutesAgo,
  renderApp,
  requestsTo,
  sleep,
} from "@/testing/test-utils";
import { stackedColumns } from "../utils/activity";

const todayUtc = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
}).format(new Date());

// Seconds apart, so that every change falls in the current hour and UTC day.
function seed() {
  db.seed([
    { name: "new" },
    {
      name: "done",
      history: [
        ["PENDING", minutesAgo(0.5)],
        ["RUNNING", minutesAgo(0.4)],
        ["COMPLETED", minutesAgo(0.3)],
      ],
    },
    {
      name: "broken",
      history: [
        ["PENDING", minutesAgo(0.5)],
        ["FAILED", minutesAgo(0.2)],
      ],
    },
  ]);
}

/** The chart's section, once the page is there. */
function activitySection() {
  return screen.getByRole("region", { name: /^Activity/ });
}

function findActivitySection() {
  return screen.findByRole("region", { name: /^Activity/ });
}

describe("activity chart", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("summarises all jobs over 30 days while the list has no time range", async () => {
    seed();
    renderApp("/");
    expect(
      await within(await findActivitySection()).findByText(
        `Last 30 days: 3 created, 1 completed, 1 failed; failures peaked on ${todayUtc}.`,
      ),
    ).toBeInTheDocument();
    expect(
      requestsTo("GET", "/api/jobs/activity/").map((r) =>
        r.params.get("range"),
      ),
    ).toEqual(["30d"]);
  });

  it("follows the list's range: hours for the last hour and day, days for 7 days", async () => {
    seed();
    const { user } = renderApp("/");
    await within(await findActivitySection()).findByText(/^Last 30 days/);
    const group = screen.getByRole("group", { name: "Status changed" });

    await user.click(within(group).getByRole("button", { name: "Last hour" }));
    expect(
      await within(activitySection()).findByText(
        /^Last 24 hours: 3 created, 1 completed, 1 failed; failures peaked at \d\d:00\.$/,
      ),
    ).toBeInTheDocument();
    expect(
      requestsTo("GET", "/api/jobs/activity/").at(-1)?.params.get("range"),
    ).toBe("24h");

    await user.click(
      within(group).getByRole("button", { name: "Last 7 days" }),
    );
    expect(
      await within(activitySection()).findByText(/^Last 7 days: 3 created/),
    ).toBeInTheDocument();
    expect(
      requestsTo("GET", "/api/jobs/activity/").at(-1)?.params.get("range"),
    ).toBe("7d");
  });

  it("draws stacked bars of the same numbers, and names the bar under the pointer", async () => {
    seed();
    renderApp("/?changed_after=2026-01-01T00:00:00Z&range=24h");
    await within(await findActivitySection()).findByText(/^Last 24 hours/);
    await waitFor(() => expect(currentPlot()).toBeDefined());
    const plot = currentPlot();
    if (!plot) throw new Error("no chart");
    const activity = db.activity("24h");
    const [x, failed, completed, created] = stackedColumns(activity.series);
    // Drawn tallest first: created on top of completed on top of failed.
    expect(plot.data).toEqual([x, created, completed, failed]);
    expect(plot.opts.series.slice(1).map((s) => s.label)).toEqual([
      "Created",
      "Completed",
      "Failed",
    ]);
    // This hour: 1 failed, + 1 completed, + 3 created.
    expect([failed?.at(-1), completed?.at(-1), created?.at(-1)]).toEqual([
      1, 2, 5,
    ]);

    plot.hover(23);
    expect(
      await within(activitySection()).findByText(
        /^\d\d:00: 3 created · 1 completed · 1 failed$/,
      ),
    ).toBeInTheDocument();
    plot.hover(null);
    await waitFor(() =>
      expect(within(activitySection()).queryByText(/ created · /)).toBeNull(),
    );
  });

  it("shows the same numbers as a table on request", async () => {
    seed();
    const { user } = renderApp("/");
    await within(await findActivitySection()).findByText(/^Last 30 days/);
    const toggle = screen.getByRole("button", { name: "Show as table" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);

    const table = within(activitySection()).getByRole("table", {
      name: "Activity of all jobs, last 30 days, per day",
    });
    expect(screen.getByRole("button", { name: "Hide table" })).toHaveAttribute(
      "aria-expanded",
      "true",
    );
    const rows = within(table).getAllByRole("row");
    // Header, 30 days, total.
    expect(rows).toHaveLength(32);
    const cells = (row: HTMLElement) =>
      [
        ...within(row).getAllByRole("rowheader"),
        ...within(row).getAllByRole("cell"),
      ].map((cell) => cell.textContent);
    expect(cells(rows[30] as HTMLElement)).toEqual([
      todayUtc,
      "3",
      "1",
      "1",
      "1",
    ]);
    expect(cells(rows[31] as HTMLElement)).toEqual([
      "Total",
      "3",
      "1",
      "1",
      "1",
    ]);
  });

  it("refetches when the stats version moves, and not while paused", async () => {
    seed();
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await within(await findActivitySection()).findByText(
      /^Last 30 days: 3 created/,
    );

    db.create("another");
    expect(
      await within(activitySection()).findByText(/^Last 30 days: 4 created/),
    ).toBeInTheDocument();

    await user.click(
      screen.getByRole("button", { name: "Pause live updates" }),
    );
    const calls = requestsTo("GET", "/api/jobs/activity/").length;
    db.create("while paused");
    await sleep(400);
    expect(requestsTo("GET", "/api/jobs/activity/")).toHaveLength(calls);
    expect(
      within(activitySection()).getByText(/^Last 30 days: 4 created/),
    ).toBeInTheDocument();

    await user.click(
      screen.getByRole("button", { name: "Resume live updates" }),
    );
    expect(
      await within(activitySection()).findByText(/^Last 30 days: 5 created/),
    ).toBeInTheDocument();
  });

  it("draws again in the other theme's colours", async () => {
    seed();
    const { user } = renderApp("/");
    await waitFor(() => expect(currentPlot()).toBeDefined());
    const first = currentPlot();
    await user.click(screen.getByRole("button", { name: "Dark theme" }));
    await waitFor(() => expect(currentPlot()).not.toBe(first));
    expect(first?.destroyed).toBe(true);
    expect(FakePlot.instances.filter((plot) => !plot.destroyed)).toHaveLength(
      1,
    );
  });

  it("folds to its summary on a small screen, and unfolds on request", async () => {
    vi.stubGlobal("matchMedia", (query: string) => ({
      matches: query === "(max-width: 760px)",
      media: query,
      addEventListener: () => {},
      removeEventListener: () => {},
    }));
    seed();
    const { user } = renderApp("/");
    await within(await findActivitySection()).findByText(/^Last 30 days/);
    const toggle = screen.getByRole("button", { name: "Show chart" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await sleep(50);
    expect(FakePlot.instances).toHaveLength(0);

    await user.click(toggle);
    expect(screen.getByRole("button", { name: "Hide chart" })).toHaveAttribute(
      "aria-expanded",
      "true",
    );
    await waitFor(() => expect(currentPlot()).toBeDefined());
  });

  it("says so when activity can't load, with a retry", async () => {
    seed();
    const { server } = await import("@/testing/test-utils");
    const { http, HttpResponse } = await import("msw");
    server.use(
      http.get(
        "/api/jobs/activity/",
        () =>
          HttpResponse.json(
            { detail: "Database unavailable." },
            { status: 503 },
          ),
        { once: true },
      ),
    );
    const { user } = renderApp("/");
    expect(
      await within(await findActivitySection()).findByText(
        /Couldn’t load activity: Database unavailable\./,
      ),
    ).toBeInTheDocument();
    await user.click(
      within(activitySection()).getByRole("button", { name: "Retry" }),
    );
    expect(
      await within(activitySection()).findByText(/^Last 30 days: 3 created/),
    ).toBeInTheDocument();
  });
});
