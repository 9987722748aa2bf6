import { useEffect, useId, useRef, useState } from "react";
import { useShortcut } from "@/hooks/use-shortcut";

export const SEARCH_DEBOUNCE_MS = 300;

type SearchBoxProps = {
  value: string;
  onChange: (value: string) => void;
  delayMs?: number;
};

function normalise(value: string): string {
  return value.trim() === "" ? "" : value;
}

/** A search field that reports its text after a pause in typing and follows outside changes (Back). */
export function SearchBox({
  value,
  onChange,
  delayMs = SEARCH_DEBOUNCE_MS,
}: SearchBoxProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  useShortcut("/", () => inputRef.current?.focus());
  const [draft, setDraft] = useState(value);
  // The last value this box reported or received; a different `value` came from outside.
  const [synced, setSynced] = useState(value);
  if (value !== synced) {
    setSynced(value);
    setDraft(value);
  }

  useEffect(() => {
    const next = normalise(draft);
    if (next === synced) return;
    const timer = window.setTimeout(() => {
      setSynced(next);
      onChange(next);
    }, delayMs);
    return () => window.clearTimeout(timer);
  }, [draft, synced, onChange, delayMs]);

  return (
    <div className="field field--search">
      <label htmlFor={id} className="label">
        Search by name
      </label>
      <input
        ref={inputRef}
        id={id}
        type="search"
        className="input"
        placeholder="Search jobs (press /)"
        autoComplete="off"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
    </div>
  );
}
