import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { getErrorMessage, getFieldErrors } from "@/lib/api-client";
import { useCreateJob } from "../api/create-job";
import type { Job } from "../types";
import { validateJobName } from "../utils/validate-job-name";

type CreateJobFormProps = {
  /** Close the form (Cancel, or Escape in it); omitted where it cannot close. */
  onCancel?: () => void;
};

/** The name is checked here first (not blank, at most 200), then by the server. */
export function CreateJobForm({ onCancel }: CreateJobFormProps) {
  const inputId = useId();
  const errorId = `${inputId}-error`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [clientError, setClientError] = useState<string | null>(null);
  const [created, setCreated] = useState<Job | null>(null);
  const mutation = useCreateJob();

  // The form opens on request ("New job"), so typing can start at once.
  useEffect(() => inputRef.current?.focus(), []);

  const fieldErrors = getFieldErrors(mutation.error);
  const nameErrors = fieldErrors.name ?? [];
  const otherErrors = Object.entries(fieldErrors).filter(
    ([field]) => field !== "name",
  );
  const inlineError =
    clientError ?? (nameErrors.length > 0 ? nameErrors.join(" ") : null);
  const alertMessage =
    mutation.isError && nameErrors.length === 0
      ? otherErrors.length > 0
        ? otherErrors.map(([, messages]) => messages.join(" ")).join(" ")
        : getErrorMessage(mutation.error)
      : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = validateJobName(name);
    setCreated(null);
    if (problem) {
      mutation.reset();
      setClientError(problem);
      inputRef.current?.focus();
      return;
    }
    setClientError(null);
    mutation.mutate(
      { name: name.trim() },
      {
        onSuccess: (job) => {
          setName("");
          setCreated(job);
        },
        onError: () => inputRef.current?.focus(),
      },
    );
  }

  return (
    <form className="create-form" onSubmit={onSubmit} noValidate>
      <div className="create-form__row">
        <div className="field">
          <label htmlFor={inputId} className="label">
            Job name
          </label>
          <input
            ref={inputRef}
            id={inputId}
            className="input"
            name="name"
            autoComplete="off"
            placeholder="e.g. cfd-wing-run-42"
            value={name}
            aria-invalid={inlineError ? true : undefined}
            aria-describedby={inlineError ? errorId : undefined}
            onChange={(event) => {
              setName(event.target.value);
              if (clientError) setClientError(null);
            }}
            onKeyDown={(event) => {
              if (event.key === "Escape" && onCancel && !mutation.isPending) {
                event.preventDefault();
                onCancel();
              }
            }}
          />
        </div>
        <button
          type="submit"
          className="button button--primary"
          disabled={mutation.isPending}
        >
          {mutation.isPending ? "Creating…" : "Create job"}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      {inlineError ? (
        <p id={errorId} className="field-error" role="alert">
          {inlineError}
        </p>
      ) : null}
      {alertMessage ? (
        <p role="alert" className="alert alert--error">
          Couldn’t create the job: {alertMessage}
        </p>
      ) : null}
      {created ? (
        <p role="status" className="create-form__success">
          Created{" "}
          <Link to={`/jobs/${created.id}`} className="break-anywhere">
            {created.name}
          </Link>
          .
        </p>
      ) : null}
    </form>
  );
}
