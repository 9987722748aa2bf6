import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { TimeFilterKey, TimeFilters } from "../types";
import {
  isoToLocalInput,
  NO_TIME_FILTERS,
  validateCustomRange,
  type TimeFilterErrors,
} from "../utils/time-range";

const FIELDS: { key: TimeFilterKey; label: string }[] = [
  { key: "created_after", label: "Created from" },
  { key: "created_before", label: "Created before" },
  { key: "changed_after", label: "Status changed since" },
];

type CustomRangeFormProps = {
  id: string;
  filters: TimeFilters;
  onApply: (times: TimeFilters) => void;
  onCancel: () => void;
};

/** The custom time range: a created range and/or a changed start, in the browser's zone. */
export function CustomRangeForm({
  id,
  filters,
  onApply,
  onCancel,
}: CustomRangeFormProps) {
  const baseId = useId();
  const headingId = `${baseId}-heading`;
  const [values, setValues] = useState<Record<TimeFilterKey, string>>(() => ({
    created_after: isoToLocalInput(filters.created_after),
    created_before: isoToLocalInput(filters.created_before),
    changed_after: isoToLocalInput(filters.changed_after),
  }));
  const [errors, setErrors] = useState<TimeFilterErrors>({});
  const inputs = useRef<Partial<Record<TimeFilterKey, HTMLInputElement>>>({});
  const formRef = useRef<HTMLFormElement>(null);

  // Escape inside the form cancels it, as in the create form.
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.stopPropagation();
      onCancel();
    };
    form.addEventListener("keydown", onKeyDown);
    return () => form.removeEventListener("keydown", onKeyDown);
  }, [onCancel]);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A half-typed date-time reads as "" with validity.badInput set.
    const incomplete = Object.fromEntries(
      FIELDS.map(({ key }) => [
        key,
        inputs.current[key]?.validity.badInput === true,
      ]),
    ) as Record<TimeFilterKey, boolean>;
    const result = validateCustomRange(values, incomplete);
    if ("errors" in result) {
      setErrors(result.errors);
      const first = FIELDS.find(({ key }) => result.errors[key]);
      if (first) inputs.current[first.key]?.focus();
      return;
    }
    setErrors({});
    onApply(result.times);
  }

  return (
    <form
      ref={formRef}
      id={id}
      className="custom-range"
      aria-labelledby={headingId}
      noValidate
      onSubmit={submit}
    >
      <h3 id={headingId} className="custom-range__title">
        Custom time range
      </h3>
      <p className="custom-range__hint">
        In your time zone{zone ? ` (${zone})` : ""}. Leave a field empty for no
        bound.
      </p>
      <div className="custom-range__fields">
        {FIELDS.map(({ key, label }) => {
          const inputId = `${baseId}-${key}`;
          const errorId = `${inputId}-error`;
          const error = errors[key];
          return (
            <div className="field" key={key}>
              <label htmlFor={inputId} className="label">
                {label}
              </label>
              <input
                ref={(element) => {
                  if (element) inputs.current[key] = element;
                  else delete inputs.current[key];
                }}
                id={inputId}
                type="datetime-local"
                className="input"
                value={values[key]}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                onChange={(event) =>
                  setValues((prev) => ({ ...prev, [key]: event.target.value }))
                }
              />
              {error ? (
                <p id={errorId} className="field-error" role="alert">
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      <div className="custom-range__actions">
        <button type="submit" className="button button--primary">
          Apply
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => setValues({ ...NO_TIME_FILTERS })}
        >
          Clear fields
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
