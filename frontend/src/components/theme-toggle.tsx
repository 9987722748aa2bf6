import { useTheme } from "@/lib/theme";
import { MoonIcon } from "./icons";

/** Dark theme on or off; remembered, and following the system until first used. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  const dark = theme === "dark";
  return (
    <button
      type="button"
      className="button button--icon"
      aria-pressed={dark}
      aria-label="Dark theme"
      title={dark ? "Dark theme is on" : "Dark theme is off"}
      onClick={() => setTheme(dark ? "light" : "dark")}
    >
      <MoonIcon />
    </button>
  );
}
