import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "@/testing/test-utils";

describe("keyboard shortcuts help", () => {
  it("opens on ?, lists the shortcuts, closes on Escape and returns focus", async () => {
    const { user } = renderApp("/");
    await screen.findByText("No jobs yet.");
    const button = screen.getByRole("button", { name: "Keyboard shortcuts" });
    button.focus();

    await user.keyboard("?");
    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(within(dialog).getByText("Search jobs")).toBeInTheDocument();
    expect(within(dialog).getByText("New job")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it("does nothing on ? while typing in a field", async () => {
    const { user } = renderApp("/");
    await screen.findByText("No jobs yet.");
    await user.type(screen.getByLabelText("Search by name"), "what?");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Search by name")).toHaveValue("what?");
  });

  it("ignores shortcuts while a dialog is open", async () => {
    const { user } = renderApp("/");
    await screen.findByText("No jobs yet.");
    await user.keyboard("?");
    await user.keyboard("/");
    expect(screen.getByLabelText("Search by name")).not.toHaveFocus();
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });
});
