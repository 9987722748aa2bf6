import type { ReactNode, Ref } from "react";

type DialogActionsProps = {
  /** The server's refusal, as a sentence; nothing is shown without one. */
  error?: string | null;
  onCancel: () => void;
  busy: boolean;
  cancelRef?: Ref<HTMLButtonElement>;
  /** The dialog's own action button(s), after Cancel. */
  children: ReactNode;
};

/** The foot every dialog shares: the error, if any, then Cancel and the action. */
export function DialogActions({
  error,
  onCancel,
  busy,
  cancelRef,
  children,
}: DialogActionsProps) {
  return (
    <>
      {error ? (
        <p role="alert" className="alert alert--error">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button
          ref={cancelRef}
          type="button"
          className="button"
          onClick={onCancel}
          disabled={busy}
        >
          Cancel
        </button>
        {children}
      </div>
    </>
  );
}
