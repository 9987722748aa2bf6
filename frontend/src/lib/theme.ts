import { useEffect, useSyncExternalStore } from "react";
import { usePreference, type Theme } from "./preferences";

const DARK_QUERY = "(prefers-color-scheme: dark)";

function darkQuery(): MediaQueryList | null {
  return typeof window.matchMedia === "function"
    ? window.matchMedia(DARK_QUERY)
    : null;
}

function subscribeSystem(onChange: () => void): () => void {
  const query = darkQuery();
  query?.addEventListener("change", onChange);
  return () => query?.removeEventListener("change", onChange);
}

function systemTheme(): Theme {
  return darkQuery()?.matches ? "dark" : "light";
}

/** Without a choice the CSS follows the system (color-scheme: light dark); a choice pins it. */
export function applyTheme(theme: Theme | null): void {
  const root = document.documentElement;
  if (theme) root.dataset.theme = theme;
  else delete root.dataset.theme;
}

/** The theme in effect: the remembered choice, else the system's. */
export function useTheme() {
  const [chosen, setTheme] = usePreference("theme");
  const system = useSyncExternalStore(subscribeSystem, systemTheme);
  useEffect(() => applyTheme(chosen), [chosen]);
  return { theme: chosen ?? system, chosen, setTheme };
}
