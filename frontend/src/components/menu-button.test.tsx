import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { MenuButton } from "./menu-button";

function setup() {
  const chosen = vi.fn<(id: string) => void>();
  const items = ["Apple", "Banana", "Cherry"].map((label) => ({
    id: label,
    label,
    onSelect: () => chosen(label),
  }));
  render(
    <>
      <MenuButton label="Fruit menu" items={items}>
        Fruit
      </MenuButton>
      <button type="button">After</button>
    </>,
  );
  return {
    user: userEvent.setup(),
    chosen,
    button: screen.getByRole("button", { name: "Fruit menu" }),
  };
}

describe("menu button", () => {
  it("announces a menu and its state", async () => {
    const { user, button } = setup();
    expect(button).toHaveAttribute("aria-haspopup", "menu");
    expect(button).toHaveAttribute("aria-expanded", "false");
    await user.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByRole("menu", { name: "Fruit menu" })).toHaveAttribute(
      "id",
      button.getAttribute("aria-controls"),
    );
  });

  it("moves with arrows, Home, End and letters, and wraps around", async () => {
    const { user, button } = setup();
    button.focus();
    await user.keyboard("{ArrowDown}");
    const item = (name: string) => screen.getByRole("menuitem", { name });
    expect(item("Apple")).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(item("Banana")).toHaveFocus();
    await user.keyboard("{End}");
    expect(item("Cherry")).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(item("Apple")).toHaveFocus();
    await user.keyboard("{Home}");
    await user.keyboard("c");
    expect(item("Cherry")).toHaveFocus();
  });

  it("opens on the last item with ArrowUp", async () => {
    const { user, button } = setup();
    button.focus();
    await user.keyboard("{ArrowUp}");
    expect(screen.getByRole("menuitem", { name: "Cherry" })).toHaveFocus();
  });

  it("chooses with Enter, closes and returns focus to the button", async () => {
    const { user, button, chosen } = setup();
    button.focus();
    await user.keyboard("{Enter}");
    await user.keyboard("{ArrowDown}{Enter}");
    expect(chosen).toHaveBeenCalledWith("Banana");
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it("closes on Tab and Escape without choosing, and on a click outside", async () => {
    const { user, button, chosen } = setup();
    await user.click(button);
    await user.keyboard("{Tab}");
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    await user.click(button);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();
    await user.click(button);
    await user.click(screen.getByRole("button", { name: "After" }));
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();
    expect(chosen).not.toHaveBeenCalled();
  });

  it("shows grouped items under their group's name, and moves across groups", async () => {
    const user = userEvent.setup();
    const chosen = vi.fn<(id: string) => void>();
    const item = (label: string, group?: string) => ({
      id: label,
      label,
      group,
      onSelect: () => chosen(label),
    });
    render(
      <MenuButton
        label="Job menu"
        items={[
          item("Start", "Change status"),
          item("Cancel", "Change status"),
          item("Delete"),
        ]}
      >
        Job
      </MenuButton>,
    );
    await user.click(screen.getByRole("button", { name: "Job menu" }));
    const group = screen.getByRole("group", { name: "Change status" });
    expect(
      within(group)
        .getAllByRole("menuitem")
        .map((el) => el.textContent),
    ).toEqual(["Start", "Cancel"]);
    expect(screen.getByRole("separator")).toBeInTheDocument();
    expect(screen.getByRole("menuitem", { name: "Start" })).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("menuitem", { name: "Cancel" })).toHaveFocus();
    await user.keyboard("{ArrowDown}{Enter}");
    expect(chosen).toHaveBeenCalledWith("Delete");
  });
});
