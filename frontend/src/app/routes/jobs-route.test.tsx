import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "@/testing/test-utils";

describe("jobs page", () => {
  it("starts with the list; New job opens the form with the name focused", async () => {
    const { user } = renderApp("/");
    const button = await screen.findByRole("button", { name: "New job" });
    expect(screen.queryByLabelText("Job name")).not.toBeInTheDocument();
    expect(button).toHaveAttribute("aria-expanded", "false");

    await user.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    const panel = document.getElementById(
      button.getAttribute("aria-controls") ?? "",
    );
    expect(panel).toContainElement(screen.getByLabelText("Job name"));
    expect(screen.getByLabelText("Job name")).toHaveFocus();
  });

  it("opens the form on N and closes it on Escape, back to the button", async () => {
    const { user } = renderApp("/");
    await screen.findByText("No jobs yet.");
    await user.keyboard("n");
    expect(screen.getByLabelText("Job name")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByLabelText("Job name")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "New job" })).toHaveFocus();
  });

  it("closes the form with Cancel", async () => {
    const { user } = renderApp("/");
    await user.click(await screen.findByRole("button", { name: "New job" }));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByLabelText("Job name")).not.toBeInTheDocument();
  });
});
