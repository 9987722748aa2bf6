import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LOCKOUT_AFTER, PASSWORD } from "@/testing/mocks/db";
import {
  currentUrl,
  db,
  renderApp,
  requestsTo,
  signIn,
} from "@/testing/test-utils";

describe("login form", () => {
  it("signs in and returns to the page that was asked for", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs(null);
    const { user, router } = renderApp(
      `/login?next=${encodeURIComponent("/jobs/1?x=y")}`,
    );
    expect(
      await screen.findByRole("heading", { level: 1, name: "Sign in" }),
    ).toBeInTheDocument();
    await signIn(user, "otto", PASSWORD);

    expect(
      await screen.findByRole("heading", { level: 1, name: "alpha" }),
    ).toBeInTheDocument();
    expect(currentUrl(router)).toBe("/jobs/1?x=y");
    const login = requestsTo("POST", "/api/auth/login/")[0];
    expect(login?.body).toEqual({ username: "otto", password: PASSWORD });
    // The CSRF cookie that /api/auth/me/ set went back as the header.
    expect(login?.csrf).toBe("csrf-token-1");
    expect(
      screen.getByRole("button", { name: /^otto, operator/ }),
    ).toBeInTheDocument();
  });

  it("also takes next= unencoded", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs(null);
    const { user, router } = renderApp("/login?next=/jobs/1?x=y");
    await signIn(user, "ada", PASSWORD);
    await screen.findByRole("heading", { level: 1, name: "alpha" });
    expect(currentUrl(router)).toBe("/jobs/1?x=y");
  });

  it("never leaves the site after signing in", async () => {
    db.signInAs(null);
    const { user, router } = renderApp("/login?next=//evil.example/x");
    await signIn(user, "ada", PASSWORD);
    await waitFor(() => expect(currentUrl(router)).toBe("/"));
  });

  it("asks for both fields without calling the server", async () => {
    db.signInAs(null);
    const { user } = renderApp("/login");
    await user.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(screen.getByLabelText("Username")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(
      "Enter your username.",
    );
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
      "Enter your password.",
    );
    expect(screen.getByLabelText("Username")).toHaveFocus();
    expect(requestsTo("POST", "/api/auth/login/")).toHaveLength(0);
  });

  it("shows the server's message for wrong credentials and clears the password", async () => {
    db.signInAs(null);
    const { user } = renderApp("/login");
    await signIn(user, "ada", "wrong");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Wrong username or password.",
    );
    expect(screen.getByLabelText("Password")).toHaveValue("");
    expect(screen.getByLabelText("Password")).toHaveFocus();
  });

  it("says how long to wait when locked out", async () => {
    db.signInAs(null);
    const { user } = renderApp("/login");
    for (let i = 0; i < LOCKOUT_AFTER; i += 1) {
      await signIn(user, "ada", "wrong");
      await screen.findByText("Wrong username or password.");
      await user.clear(screen.getByLabelText("Username"));
    }
    await signIn(user, "ada", PASSWORD);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many failed sign-ins. Try again in 15 minutes.",
    );
  });
});
