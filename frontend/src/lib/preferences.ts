import { useCallback, useSyncExternalStore } from "react";
import { TIME_FORMATS, type TimeFormat } from "./format";

/**
 * Display choices remembered in localStorage, shared by every component that reads
 * them and kept in step across tabs (the `storage` event).
 */
export type Theme = "light" | "dark";

type Preferences = {
  /** null follows the system (prefers-color-scheme). */
  theme: Theme | null;
  timeFormat: TimeFormat;
};

/** public/theme-init.js reads the same key before the first paint. */
export const STORAGE_KEYS: Record<keyof Preferences, string> = {
  theme: "jobs.theme",
  timeFormat: "jobs.timeFormat",
};

const DEFAULTS: Preferences = { theme: null, timeFormat: "relative" };

function parse<K extends keyof Preferences>(
  key: K,
  raw: string | null,
): Preferences[K] {
  if (key === "theme" && (raw === "light" || raw === "dark")) {
    return raw as Preferences[K];
  }
  if (
    key === "timeFormat" &&
    (TIME_FORMATS as readonly (string | null)[]).includes(raw)
  ) {
    return raw as Preferences[K];
  }
  return DEFAULTS[key];
}

// Choices made in this page, used only where storage refuses to keep them (privacy modes).
const memory = new Map<keyof Preferences, Preferences[keyof Preferences]>();
// What storage (or memory) holds, read once per change rather than on every render of
// every timestamp: the list renders each second.
const cache = new Map<keyof Preferences, Preferences[keyof Preferences]>();

function read<K extends keyof Preferences>(key: K): Preferences[K] {
  try {
    return parse(key, window.localStorage.getItem(STORAGE_KEYS[key]));
  } catch {
    return (memory.get(key) as Preferences[K] | undefined) ?? DEFAULTS[key];
  }
}

export function getPreference<K extends keyof Preferences>(
  key: K,
): Preferences[K] {
  if (!cache.has(key)) cache.set(key, read(key));
  return cache.get(key) as Preferences[K];
}

const listeners = new Set<() => void>();

function changed(): void {
  cache.clear();
  listeners.forEach((listener) => listener());
}

// One `storage` listener (another tab chose) for every subscriber, while there are any.
function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener("storage", changed);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener("storage", changed);
  };
}

export function setPreference<K extends keyof Preferences>(
  key: K,
  value: Preferences[K],
): void {
  try {
    if (value === null) window.localStorage.removeItem(STORAGE_KEYS[key]);
    else window.localStorage.setItem(STORAGE_KEYS[key], value);
  } catch {
    // Not remembered across loads, but applied for this page's life.
  }
  memory.set(key, value);
  changed();
}

export function usePreference<K extends keyof Preferences>(
  key: K,
): [Preferences[K], (value: Preferences[K]) => void] {
  const value = useSyncExternalStore(subscribe, () => getPreference(key));
  const set = useCallback(
    (next: Preferences[K]) => setPreference(key, next),
    [key],
  );
  return [value, set];
}

/** Forget every choice (tests). */
export function resetPreferences(): void {
  memory.clear();
  try {
    Object.values(STORAGE_KEYS).forEach((k) =>
      window.localStorage.removeItem(k),
    );
  } catch {
    // Nothing stored then.
  }
  changed();
}
