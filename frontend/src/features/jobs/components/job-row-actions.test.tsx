import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  chooseRowAction,
  db,
  minutesAgo,
  renderApp,
  requestsTo,
  rowOf,
} from "@/testing/test-utils";

const menuItems = () =>
  screen.getAllByRole("menuitem").map((item) => item.textContent);

describe("row actions", () => {
  it.each([
    ["PENDING", ["Start (→ Running)", "Cancel (→ Failed)"]],
    [
      "RUNNING",
      ["Complete (→ Completed)", "Fail (→ Failed)", "Requeue (→ Pending)"],
    ],
    ["FAILED", ["Retry (→ Pending)"]],
    ["COMPLETED", ["Re-run (→ Pending)"]],
  ] as const)(
    "offer a %s job only the moves the lifecycle allows, then delete",
    async (status, moves) => {
      db.seed([{ name: "alpha", history: [[status, minutesAgo(1)]] }]);
      const { user } = renderApp("/");
      await user.click(
        await screen.findByRole("button", { name: "Actions for alpha" }),
      );
      expect(menuItems()).toEqual([...moves, "Delete…"]);
      expect(
        within(screen.getByRole("group", { name: "Change status" }))
          .getAllByRole("menuitem")
          .map((item) => item.textContent),
      ).toEqual(moves);
    },
  );

  it("offer an operator the status changes but no delete", async () => {
    db.seed([{ name: "alpha" }]);
    db.signInAs("operator");
    const { user } = renderApp("/");
    await user.click(
      await screen.findByRole("button", { name: "Actions for alpha" }),
    );
    expect(menuItems()).toEqual(["Start (→ Running)", "Cancel (→ Failed)"]);
  });

  it("change nothing on arrow keys, Space, Enter or the wheel until the dialog applies", async () => {
    db.seed([{ name: "alpha" }, { name: "bravo" }]);
    const { user } = renderApp("/");
    const button = await screen.findByRole("button", {
      name: "Actions for alpha",
    });
    const patches = () => requestsTo("PATCH", "/api/jobs/1/").length;

    button.focus();
    fireEvent.wheel(button, { deltaY: 120 });
    fireEvent.wheel(button, { deltaY: -120 });
    for (const key of ["{ArrowUp}", "{ArrowDown}", "{ArrowDown}", "{Home}"]) {
      await user.keyboard(key);
      expect(patches()).toBe(0);
    }
    // The menu is open now; the wheel over it and Escape change nothing either.
    fireEvent.wheel(screen.getByRole("menu"), { deltaY: 120 });
    await user.keyboard("{Escape}");
    expect(button).toHaveFocus();
    await user.keyboard(" ");
    expect(screen.getByRole("menu")).toBeInTheDocument();
    // Choosing a move only opens the confirmation.
    await user.keyboard("{Enter}");
    expect(
      screen.getByRole("dialog", { name: "Change status" }),
    ).toBeInTheDocument();
    expect(patches()).toBe(0);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    expect(patches()).toBe(0);
    expect(db.get(1)?.status_history).toHaveLength(1);
  });
});

describe("change status dialog", () => {
  it("says what will happen, sends the reason on Enter and refreshes the row", async () => {
    db.seed([{ name: "alpha", history: [["RUNNING", minutesAgo(5)]] }]);
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Fail (→ Failed)");

    const dialog = screen.getByRole("dialog", { name: "Change status" });
    expect(dialog).toHaveTextContent("alpha");
    expect(
      Array.from(dialog.querySelectorAll(".transition .badge")).map(
        (badge) => badge.textContent,
      ),
    ).toEqual(["Running", "Failed"]);
    const reason = within(dialog).getByLabelText("Reason (optional)");
    expect(reason).toHaveFocus();
    expect(reason).toHaveAttribute("maxlength", "500");
    await user.keyboard("node lost");
    expect(dialog).toHaveTextContent("9/500");
    // Shift+Enter is a new line, not "apply".
    await user.keyboard("{Shift>}{Enter}{/Shift}oom");
    expect(requestsTo("PATCH", "/api/jobs/1/")).toHaveLength(0);
    await user.keyboard("{Enter}");

    await waitFor(() =>
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument(),
    );
    expect(requestsTo("PATCH", "/api/jobs/1/").map((r) => r.body)).toEqual([
      { status_type: "FAILED", reason: "node lost\noom" },
    ]);
    expect(
      within(rowOf("alpha")).getByText("Failed", { selector: ".badge" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Actions for alpha" }),
    ).toHaveFocus();
    expect(db.get(1)?.status_history.at(-1)).toMatchObject({
      actor: "ada",
      reason: "node lost\noom",
    });
  });

  it("sends no reason when none is given, and applies with the button", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Start (→ Running)");
    await user.keyboard("   ");
    await user.click(screen.getByRole("button", { name: "Set to Running" }));
    await waitFor(() =>
      expect(requestsTo("PATCH", "/api/jobs/1/")).toHaveLength(1),
    );
    expect(requestsTo("PATCH", "/api/jobs/1/")[0]?.body).toEqual({
      status_type: "RUNNING",
    });
  });

  it("cancels with Escape or Cancel, sending nothing", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Cancel (→ Failed)");
    await user.keyboard("typed, then thought better of it{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await chooseRowAction(user, "alpha", "Cancel (→ Failed)");
    // A new opening starts empty.
    expect(screen.getByLabelText("Reason (optional)")).toHaveValue("");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(requestsTo("PATCH", "/api/jobs/1/")).toHaveLength(0);
  });

  it("shows the server's 409 when the job moved meanwhile, and stays open", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Start (→ Running)");
    // Another client cancels the job while the dialog is open.
    db.update(1, { status_type: "FAILED" }, "agent");
    await user.keyboard("{Enter}");
    const dialog = screen.getByRole("dialog", { name: "Change status" });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Couldn’t change status: Cannot go from FAILED to RUNNING; allowed: PENDING.",
    );
    expect(within(dialog).getByLabelText("Reason (optional)")).toBeEnabled();
    expect(db.get(1)?.current_status).toBe("FAILED");
  });

  it("shows a 403 when the role was taken away meanwhile", async () => {
    db.seed([{ name: "alpha" }]);
    const { user } = renderApp("/");
    await chooseRowAction(user, "alpha", "Start (→ Running)");
    db.signInAs("viewer");
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Couldn’t change status: This needs the operator role.",
    );
  });
});
