import { screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  currentUrl,
  db,
  renderApp,
  requestsTo,
  server,
} from "@/testing/test-utils";

describe("user menu", () => {
  it("names the user and role, and signs out to the sign-in page", async () => {
    db.seed([{ name: "alpha" }]);
    const { user, router } = renderApp("/?status=PENDING");
    const button = await screen.findByRole("button", {
      name: "ada, admin: account menu",
    });
    expect(button).toHaveTextContent("ada");
    await user.click(button);
    await user.click(screen.getByRole("menuitem", { name: "Sign out" }));

    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in" }),
    ).toBeInTheDocument();
    const logout = requestsTo("POST", "/api/auth/logout/");
    expect(logout).toHaveLength(1);
    expect(logout[0]?.csrf).toBe(db.session.csrfToken);
    await waitFor(() =>
      expect(currentUrl(router)).toBe(
        `/login?next=${encodeURIComponent("/?status=PENDING")}`,
      ),
    );
  });

  it("says when the user has no role yet, and offers them nothing to change", async () => {
    db.seed([{ name: "alpha" }]);
    server.use(
      http.get("/api/auth/me/", () =>
        HttpResponse.json({ username: "nobody", role: null }),
      ),
    );
    renderApp("/");
    expect(
      await screen.findByRole("button", {
        name: "nobody, no role: account menu",
      }),
    ).toBeInTheDocument();
    await screen.findByRole("link", { name: "alpha" });
    expect(
      screen.queryByRole("button", { name: "New job" }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: /Actions for/ }),
    ).not.toBeInTheDocument();
  });
});
