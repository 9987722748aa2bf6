import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  chooseRowAction,
  db,
  renderApp,
  requestsTo,
  server,
} from "@/testing/test-utils";

describe("delete job dialog", () => {
  it("asks first; Cancel and Escape send nothing and return focus", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    const { user } = renderApp("/");
    const trigger = await screen.findByRole("button", {
      name: "Actions for alpha",
    });

    await chooseRowAction(user, "alpha", "Delete…");
    let dialog = screen.getByRole("alertdialog", { name: "Delete this job?" });
    expect(dialog).toHaveTextContent("alpha");
    expect(
      within(dialog).getByRole("button", { name: "Cancel" }),
    ).toHaveFocus();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();

    await chooseRowAction(user, "alpha", "Delete…");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(requestsTo("DELETE", "/api/jobs/1/")).toHaveLength(0);

    await chooseRowAction(user, "alpha", "Delete…");
    dialog = screen.getByRole("alertdialog");
    // Tab stays inside the dialog.
    await user.tab();
    await user.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  });

  it("deletes on confirmation and moves focus to main", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Delete…");
    await user.click(screen.getByRole("button", { name: "Delete job" }));

    await waitFor(() =>
      expect(
        screen.queryByRole("link", { name: "alpha" }),
      ).not.toBeInTheDocument(),
    );
    expect(requestsTo("DELETE", "/api/jobs/1/")).toHaveLength(1);
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "bravo" })).toBeInTheDocument();
    expect(screen.getByText("Showing 1 of 1")).toBeInTheDocument();
    expect(screen.getByRole("main")).toHaveFocus();
  });

  it("stays open with the error when the delete fails", async () => {
    db.seed([{ name: "alpha" }]);
    server.use(
      http.delete("/api/jobs/:id/", () =>
        HttpResponse.json({ detail: "Database unavailable." }, { status: 503 }),
      ),
    );
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Delete…");
    const dialog = screen.getByRole("alertdialog");
    await user.click(
      within(dialog).getByRole("button", { name: "Delete job" }),
    );
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Database unavailable.",
    );
    expect(screen.getByRole("link", { name: "alpha" })).toBeInTheDocument();
  });
});
