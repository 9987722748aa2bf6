import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { currentUrl, db, renderApp, requestsTo } from "@/testing/test-utils";

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

  it("is absent on an API without sign-in", async () => {
    db.withoutAuth();
    renderApp("/");
    await screen.findByText("No jobs yet.");
    expect(
      screen.queryByRole("button", { name: /account menu/ }),
    ).not.toBeInTheDocument();
  });
});
