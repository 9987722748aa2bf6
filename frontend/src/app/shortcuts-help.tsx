import { useState } from "react";
import { KeyboardIcon } from "@/components/icons";
import { Modal } from "@/components/modal";
import { useShortcut } from "@/hooks/use-shortcut";

const SHORTCUTS: [key: string, does: string][] = [
  ["/", "Search jobs"],
  ["N", "New job"],
  ["?", "Show these shortcuts"],
  ["← →", "In the job list: move between a row’s checkbox, name and actions"],
  ["Esc", "Close a dialog, menu or the new-job form"],
];

/** "?" (or the header button) lists the keyboard shortcuts. */
export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  useShortcut("?", () => setOpen(true));
  return (
    <>
      <button
        type="button"
        className="button button--icon hide-narrow"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => setOpen(true)}
      >
        <KeyboardIcon />
      </button>
      <Modal
        open={open}
        title="Keyboard shortcuts"
        onClose={() => setOpen(false)}
        footer={
          <div className="dialog__actions">
            <button
              type="button"
              className="button"
              onClick={() => setOpen(false)}
            >
              Close
            </button>
          </div>
        }
      >
        <p>Shortcuts work when no text field has focus.</p>
        <dl className="shortcuts">
          {SHORTCUTS.map(([key, does]) => (
            <div key={key} className="shortcuts__row">
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{does}</dd>
            </div>
          ))}
        </dl>
      </Modal>
    </>
  );
}
