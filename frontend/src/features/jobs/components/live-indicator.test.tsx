import { screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { db, renderApp, server } from "@/testing/test-utils";

async function findState(label: string) {
  await waitFor(() =>
    expect(document.querySelector(".live__state")).toHaveTextContent(label),
  );
  return document.querySelector(".live__state");
}

function goOffline(offline: boolean) {
  vi.spyOn(navigator, "onLine", "get").mockReturnValue(!offline);
  window.dispatchEvent(new Event(offline ? "offline" : "online"));
}

describe("live indicator", () => {
  it("says Live while the poll answers", async () => {
    db.seed([{ name: "alpha" }]);
    renderApp("/", { pollIntervalMs: 100 });
    const state = await findState("Live");
    expect(state).toHaveAttribute("role", "status");
    expect(state).toHaveClass("live--live");
  });

  it("says Paused after Pause, and Live again after Resume", async () => {
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await findState("Live");
    await user.click(
      screen.getByRole("button", { name: "Pause live updates" }),
    );
    expect(await findState("Paused")).toHaveClass("live--paused");
    await user.click(
      screen.getByRole("button", { name: "Resume live updates" }),
    );
    await findState("Live");
  });

  it("says Reconnecting when a poll fails, and Live when one answers again", async () => {
    renderApp("/", { pollIntervalMs: 100 });
    await findState("Live");
    server.use(
      http.get("/api/jobs/stats/", () =>
        HttpResponse.json({ detail: "Database unavailable." }, { status: 503 }),
      ),
    );
    expect(await findState("Reconnecting…")).toHaveClass("live--reconnecting");
    expect(document.querySelector(".live__state")).toHaveAttribute(
      "title",
      expect.stringMatching(/Last update \d\d:\d\d:\d\d\./),
    );
    server.resetHandlers();
    await findState("Live");
  });

  it("says Offline while the browser is offline, then Live", async () => {
    renderApp("/", { pollIntervalMs: 100 });
    await findState("Live");
    goOffline(true);
    expect(await findState("Offline")).toHaveClass("live--offline");
    goOffline(false);
    await findState("Live");
  });

  it("keeps Offline over Paused, and the button still resumes", async () => {
    const { user } = renderApp("/", { pollIntervalMs: 100 });
    await findState("Live");
    await user.click(
      screen.getByRole("button", { name: "Pause live updates" }),
    );
    goOffline(true);
    await findState("Offline");
    expect(
      screen.getByRole("button", { name: "Resume live updates" }),
    ).toBeInTheDocument();
  });
});
