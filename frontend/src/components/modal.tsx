import {
  useEffect,
  useId,
  useRef,
  type ReactNode,
  type RefObject,
} from "react";
import { createPortal } from "react-dom";

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

type ModalProps = {
  open: boolean;
  /** alertdialog for confirmations of destructive actions, dialog otherwise. */
  role?: "dialog" | "alertdialog";
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  onClose: () => void;
  /** Escape does nothing while true (a request is under way). */
  busy?: boolean;
  /** Where focus goes on open; the first focusable element when unset. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Asked on close; false when the opener is about to vanish (its item was deleted). */
  shouldRestoreFocus?: () => boolean;
};

/** A modal dialog: focus moves in, Tab stays inside, Escape closes, focus returns on close. */
export function Modal(props: ModalProps) {
  if (!props.open) return null;
  return createPortal(<ModalBody {...props} />, document.body);
}

function ModalBody({
  role = "dialog",
  title,
  children,
  footer,
  onClose,
  busy = false,
  initialFocus,
  shouldRestoreFocus,
}: ModalProps) {
  const titleId = useId();
  const descriptionId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const latest = useRef({ onClose, busy, shouldRestoreFocus, initialFocus });

  useEffect(() => {
    latest.current = { onClose, busy, shouldRestoreFocus, initialFocus };
  });

  useEffect(() => {
    const opener =
      document.activeElement instanceof HTMLElement
        ? document.activeElement
        : null;
    const focusables = () =>
      Array.from(
        dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [],
      );
    (latest.current.initialFocus?.current ?? focusables()[0])?.focus();

    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape") {
        event.preventDefault();
        if (!latest.current.busy) latest.current.onClose();
        return;
      }
      if (event.key !== "Tab" || !dialogRef.current) return;
      const items = focusables();
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      const active = document.activeElement;
      const inside = dialogRef.current.contains(active);
      if (event.shiftKey && (active === first || !inside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !inside)) {
        event.preventDefault();
        first.focus();
      }
    }

    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      const restore = latest.current.shouldRestoreFocus?.() ?? true;
      // When the opener is gone (its row was deleted), land on main, not on <body>.
      if (restore && opener?.isConnected) opener.focus();
      else document.getElementById("main")?.focus();
    };
  }, []);

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        className="dialog"
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
      >
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <div id={descriptionId} className="dialog__body">
          {children}
        </div>
        {footer}
      </div>
    </div>
  );
}
