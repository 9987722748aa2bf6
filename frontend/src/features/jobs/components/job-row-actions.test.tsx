import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  chooseRowAction,
  db,
  renderApp,
  requestsTo,
  rowOf,
  server,
} from "@/testing/test-utils";

describe("row actions", () => {
  it("offers the other statuses and delete, and changes the status with a PATCH", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    await user.click(
      await screen.findByRole("button", { name: "Actions for alpha" }),
    );
    expect(
      screen.getAllByRole("menuitem").map((item) => item.textContent),
    ).toEqual([
      "Mark as running",
      "Mark as completed",
      "Mark as failed",
      "Delete…",
    ]);
    await user.click(
      screen.getByRole("menuitem", { name: "Mark as completed" }),
    );

    await waitFor(() =>
      expect(requestsTo("PATCH", "/api/jobs/1/")).toHaveLength(1),
    );
    const patch = requestsTo("PATCH", "/api/jobs/1/")[0];
    expect(patch?.body).toEqual({ status_type: "COMPLETED" });
    expect(patch?.csrf).toBe(db.session.csrfToken);
    await waitFor(() =>
      expect(
        within(rowOf("alpha")).getByText("Completed", { selector: ".badge" }),
      ).toBeInTheDocument(),
    );
    // stats were refetched after the write
    const nav = screen.getByRole("navigation", { name: "Filter by status" });
    expect(
      await within(nav).findByRole("link", { name: /Completed\s*1/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Actions for alpha" }),
    ).toHaveFocus();
  });

  it("shows an error when a status change fails", async () => {
    db.seed([{ name: "alpha" }]);
    server.use(
      http.patch("/api/jobs/:id/", () =>
        HttpResponse.json(
          { detail: "Request was throttled. Expected available in 3 seconds." },
          { status: 429 },
        ),
      ),
    );
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Mark as running");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn’t change status: Request was throttled.",
    );
    expect(
      within(rowOf("alpha")).getByText("Pending", { selector: ".badge" }),
    ).toBeInTheDocument();
  });

  it("shows a 409 (a change the lifecycle forbids) in the server's words", async () => {
    db.seed([{ name: "alpha" }]);
    server.use(
      http.patch("/api/jobs/:id/", () =>
        HttpResponse.json(
          {
            status_type: [
              "Cannot go from PENDING to COMPLETED; allowed: RUNNING, FAILED.",
            ],
          },
          { status: 409 },
        ),
      ),
    );
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Mark as completed");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn’t change status: Cannot go from PENDING to COMPLETED; allowed: RUNNING, FAILED.",
    );
  });

  it("works by keyboard: arrows move, Escape closes and returns", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    const button = await screen.findByRole("button", {
      name: "Actions for alpha",
    });
    button.focus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("menu")).toBeInTheDocument();
    expect(
      screen.getByRole("menuitem", { name: "Mark as running" }),
    ).toHaveFocus();
    await user.keyboard("{ArrowUp}");
    expect(screen.getByRole("menuitem", { name: "Delete…" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    expect(requestsTo("PATCH", "/api/jobs/1/")).toHaveLength(0);
  });

  it("offers an operator no delete", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("operator");
    const { user } = renderApp("/");
    await user.click(
      await screen.findByRole("button", { name: "Actions for alpha" }),
    );
    expect(screen.getAllByRole("menuitem")).toHaveLength(3);
    expect(
      screen.queryByRole("menuitem", { name: "Delete…" }),
    ).not.toBeInTheDocument();
  });
});
