import { screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  chooseRowAction,
  currentUrl,
  db,
  renderApp,
  server,
  signIn,
} from "@/testing/test-utils";

describe("signed-in routes", () => {
  it("send nobody signed in to sign-in, keeping the URL to come back to", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs(null);
    const { user, router } = renderApp("/jobs/1?tab=history");
    await screen.findByRole("heading", { level: 1, name: "Sign in" });
    expect(currentUrl(router)).toBe(
      `/login?next=${encodeURIComponent("/jobs/1?tab=history")}`,
    );
    await signIn(user, "ada");
    await screen.findByRole("heading", { level: 1, name: "alpha" });
    expect(currentUrl(router)).toBe("/jobs/1?tab=history");
  });

  it("send an expired session (any 401) to sign-in without losing the URL", async () => {
    db.seed([{ name: "alpha" }]);
    const { user, router } = renderApp("/?search=alp");
    await screen.findByRole("link", { name: "alpha" });
    // The session ends on the server; the next call answers 401.
    db.signInAs(null);
    await chooseRowAction(user, "alpha", "Start (→ Running)");
    await user.keyboard("{Enter}");
    await screen.findByRole("heading", { level: 1, name: "Sign in" });
    expect(currentUrl(router)).toBe(
      `/login?next=${encodeURIComponent("/?search=alp")}`,
    );
    await signIn(user, "otto");
    expect(
      await screen.findByRole("link", { name: "alpha" }),
    ).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/?search=alp");
  });

  it("offer a viewer neither New job nor row actions", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("viewer");
    renderApp("/");
    await screen.findByRole("link", { name: "alpha" });
    expect(
      screen.queryByRole("button", { name: "New job" }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: /Actions for/ }),
    ).not.toBeInTheDocument();
  });

  it("show an error with Retry when the server cannot be reached", async () => {
    server.use(
      http.get(
        "/api/auth/me/",
        () =>
          HttpResponse.json(
            { detail: "Service unavailable." },
            { status: 503 },
          ),
        { once: true },
      ),
    );
    const { user } = renderApp("/");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn’t reach the server.",
    );
    await user.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() =>
      expect(screen.getByText("No jobs yet.")).toBeInTheDocument(),
    );
  });
});
