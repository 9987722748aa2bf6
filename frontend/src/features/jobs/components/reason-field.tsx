import { useId, type KeyboardEvent, type Ref } from "react";
import { MAX_REASON_LENGTH } from "../types";

type ReasonFieldProps = {
  value: string;
  onChange: (value: string) => void;
  /** Enter (without Shift) applies the dialog's action. */
  onSubmit: () => void;
  disabled?: boolean;
  ref?: Ref<HTMLTextAreaElement>;
};

/** The optional reason of a status change, kept in the history; at most 500 characters. */
export function ReasonField({
  value,
  onChange,
  onSubmit,
  disabled = false,
  ref,
}: ReasonFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const left = MAX_REASON_LENGTH - value.length;

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (
      event.key === "Enter" &&
      !event.shiftKey &&
      !event.nativeEvent.isComposing
    ) {
      event.preventDefault();
      onSubmit();
    }
  }

  return (
    <div className="field">
      <label htmlFor={id} className="label">
        Reason (optional)
      </label>
      <textarea
        ref={ref}
        id={id}
        className="input reason-field"
        rows={3}
        maxLength={MAX_REASON_LENGTH}
        value={value}
        disabled={disabled}
        aria-describedby={hintId}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <p id={hintId} className="field-hint">
        <span>
          Kept in the history. Enter applies, Shift+Enter adds a line, Esc
          cancels.
        </span>
        <span className={`num${left < 50 ? " field-hint--low" : ""}`}>
          {value.length}/{MAX_REASON_LENGTH}
        </span>
      </p>
    </div>
  );
}
