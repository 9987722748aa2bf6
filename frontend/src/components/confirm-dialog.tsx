import { useRef, type ReactNode } from "react";
import { DialogActions } from "./dialog-actions";
import { Modal } from "./modal";

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  isPending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  /** Asked on close; false when the opener is about to vanish (its item was deleted). */
  shouldRestoreFocus?: () => boolean;
};

/** A confirmation for a destructive action: focus starts on Cancel, the safe default. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  isPending = false,
  error,
  onConfirm,
  onCancel,
  shouldRestoreFocus,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal
      open={open}
      role="alertdialog"
      title={title}
      onClose={onCancel}
      busy={isPending}
      initialFocus={cancelRef}
      shouldRestoreFocus={shouldRestoreFocus}
      footer={
        <DialogActions
          error={error}
          onCancel={onCancel}
          busy={isPending}
          cancelRef={cancelRef}
        >
          <button
            type="button"
            className="button button--danger"
            onClick={onConfirm}
            disabled={isPending}
          >
            {isPending ? (pendingLabel ?? confirmLabel) : confirmLabel}
          </button>
        </DialogActions>
      }
    >
      {children}
    </Modal>
  );
}
