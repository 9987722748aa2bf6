import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import {
  db,
  findRows,
  loadTwoPages,
  renderApp,
  requestsTo,
  rowOf,
  sleep,
} from "@/testing/test-utils";

async function rowNames(): Promise<string[]> {
  return (await findRows()).map(
    (row) => row.querySelector("a")?.textContent ?? "",
  );
}

function scrollTo(y: number) {
  Object.defineProperty(window, "scrollY", { value: y, configurable: true });
  fireEvent.scroll(window);
}

afterEach(() => scrollTo(0));

describe("new jobs banner", () => {
  it("holds a new job back while more pages are loaded, and shows it on request", async () => {
    db.seedMany(25);
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await loadTwoPages(user);
    const before = await rowNames();

    db.create("from curl");

    const banner = await screen.findByRole("button", {
      name: "1 new job · Show",
    });
    expect(banner.closest('[role="status"]')).not.toBeNull();
    // The rows in view did not move; the held job is not among them.
    expect(await rowNames()).toEqual(before);
    expect(
      screen.queryByRole("link", { name: "from curl" }),
    ).not.toBeInTheDocument();

    await user.click(banner);
    expect(await rowNames()).toEqual(["from curl", ...before]);
    expect(rowOf("from curl")).toHaveClass("is-changed");
    await waitFor(() =>
      expect(screen.getByRole("link", { name: "from curl" })).toHaveFocus(),
    );
    expect(
      screen.queryByRole("button", { name: /new job/ }),
    ).not.toBeInTheDocument();
  });

  it("counts several held jobs", async () => {
    db.seedMany(25);
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await loadTwoPages(user);
    db.create("one");
    db.create("two");
    expect(
      await screen.findByRole("button", { name: "2 new jobs · Show" }),
    ).toBeInTheDocument();
  });

  it("holds new jobs while scrolled down, even on the first page", async () => {
    db.seed([{ name: "alpha" }]);
    renderApp("/", { pollIntervalMs: 100 });
    await screen.findByRole("link", { name: "alpha" });
    scrollTo(600);
    db.create("bravo");
    expect(
      await screen.findByRole("button", { name: "1 new job · Show" }),
    ).toBeInTheDocument();
    expect(await rowNames()).toEqual(["alpha"]);
  });

  it("puts a new job straight in, highlighted, at the top of a single page", async () => {
    db.seed([{ name: "alpha" }]);
    renderApp("/", { pollIntervalMs: 100 });
    await screen.findByRole("link", { name: "alpha" });
    db.create("bravo");
    expect(await screen.findByRole("link", { name: "bravo" })).toBeVisible();
    expect(await rowNames()).toEqual(["bravo", "alpha"]);
    expect(rowOf("bravo")).toHaveClass("is-changed");
    expect(rowOf("alpha")).not.toHaveClass("is-changed");
    expect(
      screen.queryByRole("button", { name: /new job/ }),
    ).not.toBeInTheDocument();
  });

  it("highlights a row that changed in place, briefly", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    renderApp("/", { pollIntervalMs: 100 });
    await screen.findByRole("link", { name: "alpha" });
    db.update(1, { status_type: "RUNNING" });
    await waitFor(() => expect(rowOf("alpha")).toHaveClass("is-changed"));
    expect(rowOf("bravo")).not.toHaveClass("is-changed");
    await waitFor(() => expect(rowOf("alpha")).not.toHaveClass("is-changed"), {
      timeout: 5000,
    });
  });

  it("shows this user's own new job at once, even while holding others", async () => {
    db.seedMany(25);
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await loadTwoPages(user);

    await user.click(screen.getByRole("button", { name: "New job" }));
    await user.type(screen.getByLabelText("Job name"), "mine");
    await user.click(screen.getByRole("button", { name: "Create job" }));

    expect(
      await within(screen.getByRole("table")).findByRole("link", {
        name: "mine",
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: /new job ·/ }),
    ).not.toBeInTheDocument();
  });

  it("changes nothing while paused; on resume a held job waits in the banner", async () => {
    db.seedMany(25);
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await loadTwoPages(user);
    await user.click(
      screen.getByRole("button", { name: "Pause live updates" }),
    );
    const listCalls = requestsTo("GET", "/api/jobs/").length;
    db.create("while paused");
    await sleep(400);
    expect(requestsTo("GET", "/api/jobs/")).toHaveLength(listCalls);
    expect(
      screen.queryByRole("button", { name: /new job ·/ }),
    ).not.toBeInTheDocument();

    await user.click(
      screen.getByRole("button", { name: "Resume live updates" }),
    );
    expect(
      await screen.findByRole("button", { name: "1 new job · Show" }),
    ).toBeInTheDocument();
  });
});
