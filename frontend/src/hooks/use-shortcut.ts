import { useEffect, useRef } from "react";

/** True when a key press belongs to what the user is typing or operating. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return (
    target.closest(
      'input, textarea, select, [role="menu"], [role="combobox"], [role="listbox"]',
    ) !== null
  );
}

/**
 * A one-key shortcut for the whole page (`key` as KeyboardEvent.key, so "?" works on
 * every keyboard layout). Inactive while typing in a field, with Ctrl, Alt or Meta
 * held, and while a modal dialog is open.
 */
export function useShortcut(
  key: string,
  handler: (event: KeyboardEvent) => void,
  enabled = true,
): void {
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });

  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== key || event.defaultPrevented || event.repeat) return;
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      if (isTypingTarget(event.target)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      event.preventDefault();
      handlerRef.current(event);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [key, enabled]);
}
