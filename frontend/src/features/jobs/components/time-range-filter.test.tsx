import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  currentUrl,
  db,
  minutesAgo,
  renderApp,
  requestsTo,
} from "@/testing/test-utils";
import { localInputToIso } from "../utils/time-range";

const HOUR = 3_600_000;

function seed() {
  db.seed([
    // Created long ago, changed ten minutes ago: in "last hour".
    {
      name: "recent change",
      history: [
        ["PENDING", minutesAgo(60 * 30)],
        ["FAILED", minutesAgo(10)],
      ],
    },
    // Created and last changed two hours ago: in "24 hours", not in "last hour".
    { name: "quiet", history: [["PENDING", minutesAgo(120)]] },
    // Last changed three days ago.
    { name: "old", history: [["PENDING", minutesAgo(60 * 72)]] },
  ]);
}

const shown = () =>
  screen
    .getAllByRole("link", { name: /^(recent change|quiet|old)$/ })
    .map((link) => link.textContent)
    .sort();

function presets() {
  return screen.getByRole("group", { name: "Status changed" });
}

describe("time range presets", () => {
  it("Last hour asks for jobs whose status changed since an hour ago", async () => {
    seed();
    const { user, router } = renderApp("/");
    await screen.findByRole("link", { name: "old" });
    const before = Date.now();

    await user.click(
      within(presets()).getByRole("button", { name: "Last hour" }),
    );

    await waitFor(() => expect(shown()).toEqual(["recent change"]));
    const url = new URL(currentUrl(router), "http://x");
    const changedAfter = url.searchParams.get("changed_after") ?? "";
    expect(changedAfter).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Now minus an hour, taken at the click (to the second).
    expect(Date.parse(changedAfter)).toBeGreaterThanOrEqual(
      before - HOUR - 1000,
    );
    expect(Date.parse(changedAfter)).toBeLessThanOrEqual(Date.now() - HOUR);
    expect(url.searchParams.get("range")).toBe("1h");
    // The URL shows times and lists readably, and the API gets its own parameter.
    expect(currentUrl(router)).toContain(`changed_after=${changedAfter}`);
    expect(
      requestsTo("GET", "/api/jobs/").at(-1)?.params.get("changed_after"),
    ).toBe(changedAfter);
    expect(
      within(presets()).getByRole("button", { name: "Last hour" }),
    ).toHaveAttribute("aria-pressed", "true");
    expect(
      within(presets()).getByRole("button", { name: "Any time" }),
    ).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByText(/^status changed since /)).toBeInTheDocument();

    await user.click(
      within(presets()).getByRole("button", { name: "Last 24 hours" }),
    );
    await waitFor(() => expect(shown()).toEqual(["quiet", "recent change"]));
    expect(
      new URL(currentUrl(router), "http://x").searchParams.get("range"),
    ).toBe("24h");

    await user.click(
      within(presets()).getByRole("button", { name: "Any time" }),
    );
    await waitFor(() =>
      expect(shown()).toEqual(["old", "quiet", "recent change"]),
    );
    expect(currentUrl(router)).toBe("/");
  });

  it("keeps the other filters, and Back returns to the view before", async () => {
    seed();
    const { user, router } = renderApp("/?status=FAILED&sort=name_asc");
    await screen.findByRole("link", { name: "recent change" });
    await user.click(
      within(presets()).getByRole("button", { name: "Last 7 days" }),
    );
    await waitFor(() =>
      expect(currentUrl(router)).toMatch(
        /^\/\?status=FAILED&sort=name_asc&changed_after=[^&]+&range=7d$/,
      ),
    );
    await router.navigate(-1);
    await waitFor(() =>
      expect(currentUrl(router)).toBe("/?status=FAILED&sort=name_asc"),
    );
    await waitFor(() =>
      expect(
        within(presets()).getByRole("button", { name: "Any time" }),
      ).toHaveAttribute("aria-pressed", "true"),
    );
  });

  it("shows no preset as chosen for a changed_after it did not write", async () => {
    seed();
    renderApp(`/?changed_after=${new Date(Date.now() - HOUR).toISOString()}`);
    await screen.findByRole("link", { name: "recent change" });
    for (const name of [
      "Last hour",
      "Last 24 hours",
      "Last 7 days",
      "Any time",
    ]) {
      expect(within(presets()).getByRole("button", { name })).toHaveAttribute(
        "aria-pressed",
        "false",
      );
    }
    expect(screen.getByText(/^Custom:/)).toBeInTheDocument();
  });
});

describe("custom time range", () => {
  async function openCustom() {
    const rendered = renderApp("/");
    await screen.findByRole("link", { name: "old" });
    await rendered.user.click(
      within(presets()).getByRole("button", { name: "Custom…" }),
    );
    return rendered;
  }

  function setLocal(label: string, value: string) {
    // jsdom keeps only complete datetime-local values, so type the whole value at once.
    fireEvent.change(screen.getByLabelText(label), { target: { value } });
  }

  it("sets a created range from local times, in UTC in the URL", async () => {
    seed();
    const { user, router } = await openCustom();
    const from = new Date(Date.now() - 3 * HOUR);
    const to = new Date(Date.now() - HOUR);
    const local = (d: Date) =>
      new Date(d.getTime() - d.getTimezoneOffset() * 60_000)
        .toISOString()
        .slice(0, 16);
    setLocal("Created from", local(from));
    setLocal("Created before", local(to));
    await user.click(screen.getByRole("button", { name: "Apply" }));

    await waitFor(() => expect(shown()).toEqual(["quiet"]));
    const params = new URL(currentUrl(router), "http://x").searchParams;
    expect(params.get("created_after")).toBe(localInputToIso(local(from)));
    expect(params.get("created_before")).toBe(localInputToIso(local(to)));
    expect(params.get("created_after")).toMatch(/Z$/);
    expect(params.has("range")).toBe(false);
    expect(params.has("changed_after")).toBe(false);
    expect(
      screen.queryByRole("form", { name: "Custom time range" }),
    ).toBeNull();
    expect(
      within(presets()).getByRole("button", { name: "Custom…" }),
    ).toHaveFocus();
    expect(screen.getByText(/^Custom:/)).toHaveTextContent(/created .+ – .+/);
  });

  it("refuses a start that is not before the end, and sends nothing", async () => {
    seed();
    const { user, router } = await openCustom();
    const calls = requestsTo("GET", "/api/jobs/").length;
    setLocal("Created from", "2026-11-29T15:00");
    setLocal("Created before", "2026-11-29T14:00");
    await user.click(screen.getByRole("button", { name: "Apply" }));

    const from = screen.getByLabelText("Created from");
    expect(from).toHaveAttribute("aria-invalid", "true");
    expect(from).toHaveAccessibleDescription(
      "“Created from” must be before “Created before”.",
    );
    expect(from).toHaveFocus();
    expect(currentUrl(router)).toBe("/");
    expect(requestsTo("GET", "/api/jobs/")).toHaveLength(calls);

    setLocal("Created before", "2026-11-29T16:00");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    await waitFor(() => expect(currentUrl(router)).toMatch(/created_before=/));
  });

  it("sets changed_after alone, and Escape closes without applying", async () => {
    seed();
    const { user, router } = await openCustom();
    await user.click(screen.getByLabelText("Status changed since"));
    setLocal("Status changed since", "2026-11-29T12:00");
    await user.keyboard("{Escape}");
    expect(screen.queryByLabelText("Status changed since")).toBeNull();
    expect(currentUrl(router)).toBe("/");

    await user.click(
      within(presets()).getByRole("button", { name: "Custom…" }),
    );
    setLocal("Status changed since", "2026-11-29T12:00");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    await waitFor(() =>
      expect(currentUrl(router)).toBe(
        `/?changed_after=${localInputToIso("2026-11-29T12:00")}`,
      ),
    );
  });

  it("opens with the URL's times and shows the server's 400 for a bad one", async () => {
    seed();
    const { user } = renderApp(
      "/?created_after=2026-11-02T09:00:00Z&created_before=yesterday",
    );
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(
      "created_before: Enter an ISO 8601 date and time, e.g. 2026-11-29T14:00:00Z.",
    );
    await user.click(
      within(presets()).getByRole("button", { name: "Custom…" }),
    );
    expect(screen.getByLabelText("Created from")).toHaveValue(
      new Date("2026-11-02T09:00:00Z")
        .toLocaleString("sv")
        .slice(0, 16)
        .replace(" ", "T"),
    );
    expect(screen.getByLabelText("Created before")).toHaveValue("");

    await user.click(
      within(alert).getByRole("button", { name: "Clear filters" }),
    );
    expect(
      await screen.findByRole("link", { name: "old" }),
    ).toBeInTheDocument();
  });

  it("shows the server's 400 when the range runs backwards in the URL", async () => {
    seed();
    renderApp(
      "/?created_after=2026-11-02T09:00:00Z&created_before=2026-11-01T09:00:00Z",
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "created_after: created_after must be before created_before.",
    );
  });
});
