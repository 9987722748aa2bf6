import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { STORAGE_KEYS } from "@/lib/preferences";
import themeInit from "../../public/theme-init.js?raw";
import { ThemeToggle } from "./theme-toggle";

function systemPrefersDark(dark: boolean) {
  window.matchMedia = (query: string) =>
    ({
      matches: dark && query === "(prefers-color-scheme: dark)",
      media: query,
      addEventListener: () => {},
      removeEventListener: () => {},
    }) as unknown as MediaQueryList;
}

afterEach(() => {
  // jsdom has no matchMedia of its own.
  delete (window as { matchMedia?: unknown }).matchMedia;
});

describe("theme toggle", () => {
  it("follows the system until chosen", () => {
    systemPrefersDark(true);
    render(<ThemeToggle />);
    expect(screen.getByRole("button", { name: "Dark theme" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });

  it("switches, applies and remembers the choice", async () => {
    systemPrefersDark(false);
    const user = userEvent.setup();
    const { unmount } = render(<ThemeToggle />);
    const toggle = screen.getByRole("button", { name: "Dark theme" });
    expect(toggle).toHaveAttribute("aria-pressed", "false");

    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(window.localStorage.getItem(STORAGE_KEYS.theme)).toBe("dark");

    unmount();
    render(<ThemeToggle />);
    expect(screen.getByRole("button", { name: "Dark theme" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await user.click(screen.getByRole("button", { name: "Dark theme" }));
    expect(document.documentElement.dataset.theme).toBe("light");
  });

  it("shares its storage key with the script that runs before first paint", () => {
    expect(themeInit).toContain(`"${STORAGE_KEYS.theme}"`);
  });
});
