import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  currentUrl,
  db,
  findRows,
  minutesAgo,
  renderApp,
  requestsTo,
} from "@/testing/test-utils";

describe("status tabs", () => {
  it("show live counts and mark the selected one", async () => {
    db.seed([
      { name: "a", history: [["RUNNING", minutesAgo(1)]] },
      { name: "b", history: [["RUNNING", minutesAgo(1)]] },
      { name: "c", history: [["FAILED", minutesAgo(1)]] },
    ]);
    renderApp("/?status=RUNNING");
    const nav = await screen.findByRole("navigation", {
      name: "Filter by status",
    });
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

  it("filter through the URL and the request, and Back undoes it", async () => {
    db.seed([
      { name: "runner", history: [["RUNNING", minutesAgo(1)]] },
      { name: "waiter" },
    ]);
    const { user, router } = renderApp("/");
    await screen.findByRole("link", { name: "waiter" });

    await user.click(screen.getByRole("link", { name: /^Running\s*\d/ }));

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

    await router.navigate(-1);
    expect(
      await screen.findByRole("link", { name: "waiter" }),
    ).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/");
  });
});

describe("several statuses", () => {
  function seed() {
    db.seed([
      { name: "waiter" },
      { name: "runner", history: [["RUNNING", minutesAgo(2)]] },
      { name: "done", history: [["COMPLETED", minutesAgo(2)]] },
      { name: "broken", history: [["FAILED", minutesAgo(2)]] },
    ]);
  }

  const shown = () =>
    screen
      .getAllByRole("link", { name: /^(waiter|runner|done|broken)$/ })
      .map((link) => link.textContent)
      .sort();

  it("tick every status with All; clearing some leaves their union", async () => {
    seed();
    const { user, router } = renderApp("/");
    await screen.findByRole("link", { name: "waiter" });
    for (const label of ["Pending", "Running", "Completed", "Failed"]) {
      expect(
        screen.getByRole("checkbox", { name: `Include ${label}` }),
      ).toBeChecked();
    }

    await user.click(screen.getByRole("checkbox", { name: "Include Pending" }));
    await user.click(
      screen.getByRole("checkbox", { name: "Include Completed" }),
    );

    await waitFor(() => expect(shown()).toEqual(["broken", "runner"]));
    expect(currentUrl(router)).toBe("/?status=RUNNING,FAILED");
    expect(requestsTo("GET", "/api/jobs/").at(-1)?.params.get("status")).toBe(
      "RUNNING,FAILED",
    );
    expect(
      screen.getByRole("checkbox", { name: "Include Pending" }),
    ).not.toBeChecked();
    expect(
      screen.getByRole("checkbox", { name: "Include Running" }),
    ).toBeChecked();
    // The quick view is that very selection.
    const nav = screen.getByRole("navigation", { name: "Filter by status" });
    expect(
      within(nav).getByRole("link", { name: /^Running \+ Failed/ }),
    ).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: /^All/ })).not.toHaveAttribute(
      "aria-current",
    );
  });

  it("add a status to a one-status tab; ticking all four is All again", async () => {
    seed();
    const { user, router } = renderApp("/?status=FAILED");
    await screen.findByRole("link", { name: "broken" });
    // The only status left can't be cleared: the list would be empty by definition.
    expect(
      screen.getByRole("checkbox", { name: "Include Failed" }),
    ).toBeDisabled();

    await user.click(screen.getByRole("checkbox", { name: "Include Pending" }));
    await waitFor(() => expect(shown()).toEqual(["broken", "waiter"]));
    expect(currentUrl(router)).toBe("/?status=PENDING,FAILED");
    expect(
      screen.getByRole("checkbox", { name: "Include Failed" }),
    ).toBeEnabled();

    await user.click(screen.getByRole("checkbox", { name: "Include Running" }));
    await user.click(
      screen.getByRole("checkbox", { name: "Include Completed" }),
    );
    await waitFor(() =>
      expect(shown()).toEqual(["broken", "done", "runner", "waiter"]),
    );
    expect(currentUrl(router)).toBe("/");
    expect(screen.getByRole("link", { name: /^All/ })).toHaveAttribute(
      "aria-current",
      "page",
    );
  });

  it("offer Running + Failed as one tab with their summed count", async () => {
    seed();
    const { user, router } = renderApp("/?search=r");
    await screen.findByRole("link", { name: "runner" });
    const quick = await screen.findByRole("link", {
      name: /^Running \+ Failed\s*2$/,
    });
    await user.click(quick);
    await waitFor(() => expect(shown()).toEqual(["broken", "runner"]));
    // Other filters stay.
    expect(currentUrl(router)).toBe("/?status=RUNNING,FAILED&search=r");
  });

  it("read statuses from the URL in any order and case", async () => {
    seed();
    renderApp("/?status=failed,Running");
    await screen.findByRole("link", { name: "runner" });
    expect(shown()).toEqual(["broken", "runner"]);
    expect(requestsTo("GET", "/api/jobs/").at(-1)?.params.get("status")).toBe(
      "RUNNING,FAILED",
    );
    expect(
      screen.getByRole("link", { name: /^Running \+ Failed/ }),
    ).toHaveAttribute("aria-current", "page");
  });
});
