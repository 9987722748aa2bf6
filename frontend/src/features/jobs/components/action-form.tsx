import type { FormEvent, Ref } from "react";
import { DialogActions } from "@/components/dialog-actions";
import { ReasonField } from "./reason-field";

type ActionFormProps = {
  /** Applies the action; also what Enter in the reason does. */
  onSubmit: () => void;
  onCancel: () => void;
  isPending: boolean;
  /** The server's refusal, as a sentence; null when there is none. */
  error: string | null;
  submitLabel: string;
  canSubmit?: boolean;
  tone?: "primary" | "danger";
  /** The optional reason of a status change; no field without onReasonChange. */
  reason?: string;
  onReasonChange?: (value: string) => void;
  reasonRef?: Ref<HTMLTextAreaElement>;
  cancelRef?: Ref<HTMLButtonElement>;
};

/** The foot of a status or bulk dialog: reason, the server's error, Cancel and apply. */
export function ActionForm({
  onSubmit,
  onCancel,
  isPending,
  error,
  submitLabel,
  canSubmit = true,
  tone = "primary",
  reason = "",
  onReasonChange,
  reasonRef,
  cancelRef,
}: ActionFormProps) {
  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (canSubmit && !isPending) onSubmit();
  }

  return (
    <form className="dialog__form" onSubmit={submit}>
      {onReasonChange ? (
        <ReasonField
          ref={reasonRef}
          value={reason}
          onChange={onReasonChange}
          onSubmit={submit}
          disabled={isPending}
        />
      ) : null}
      <DialogActions
        error={error}
        onCancel={onCancel}
        busy={isPending}
        cancelRef={cancelRef}
      >
        <button
          type="submit"
          className={`button button--${tone}`}
          disabled={!canSubmit || isPending}
        >
          {submitLabel}
        </button>
      </DialogActions>
    </form>
  );
}
