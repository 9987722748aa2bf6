import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { currentPlot } from "@/testing/mocks/uplot";
import { db, renderApp, sleep } from "@/testing/test-utils";

// The chart's chunk fails to load as many times as `failures` says, as it would offline.
const chunk = vi.hoisted(() => ({ failures: 0 }));
vi.mock("../components/activity-plot", async (importOriginal) => {
  if (chunk.failures > 0) {
    chunk.failures -= 1;
    throw new Error("Failed to fetch dynamically imported module");
  }
  return importOriginal();
});

describe("loading the chart", () => {
  it("reports a failed load in place, keeps the page, and retries", async () => {
    chunk.failures = 1;
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    const activity = await screen.findByRole("region", { name: /^Activity/ });
    expect(
      await within(activity).findByText(/^Couldn’t load the chart/),
    ).toBeInTheDocument();
    // The rest of the page and the words about the chart are still there.
    expect(screen.getByRole("link", { name: "alpha" })).toBeInTheDocument();
    expect(
      within(activity).getByText(/^Last 30 days: 1 created/),
    ).toBeInTheDocument();

    await user.click(within(activity).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(currentPlot()).toBeDefined());
    expect(within(activity).queryByText(/^Couldn’t load the chart/)).toBeNull();
  });

  it("waits for the network instead of failing while offline", async () => {
    const onLine = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    db.seed([{ name: "alpha" }]);
    renderApp("/");
    const activity = await screen.findByRole("region", { name: /^Activity/ });
    await within(activity).findByText(/^Last 30 days/);
    await sleep(100);
    expect(currentPlot()).toBeUndefined();
    expect(within(activity).queryByText(/^Couldn’t load the chart/)).toBeNull();

    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event("online"));
    await waitFor(() => expect(currentPlot()).toBeDefined());
  });
});
