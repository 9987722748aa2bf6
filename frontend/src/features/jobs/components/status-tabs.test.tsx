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

    await router.navigate(-1);
    expect(
      await screen.findByRole("link", { name: "waiter" }),
    ).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/");
  });
});
