import { useId } from "react";
import { getErrorMessage } from "@/lib/api-client";
import { useUpdateJob } from "../api/update-job";
import { JOB_STATUSES, STATUS_LABELS, isJobStatus, type Job } from "../types";

type StatusSelectProps = {
  job: Pick<Job, "id" | "name" | "current_status">;
  label: string;
  hideLabel?: boolean;
};

/** Changing the value appends a status to the job's history (PATCH). */
export function StatusSelect({
  job,
  label,
  hideLabel = false,
}: StatusSelectProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const mutation = useUpdateJob();
  const value =
    mutation.isPending && mutation.variables.patch.status_type
      ? mutation.variables.patch.status_type
      : job.current_status;

  return (
    <div className="status-select">
      <label htmlFor={id} className={hideLabel ? "visually-hidden" : "label"}>
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        disabled={mutation.isPending}
        aria-describedby={mutation.isError ? errorId : undefined}
        onChange={(event) => {
          const next = event.target.value;
          if (isJobStatus(next) && next !== job.current_status) {
            mutation.mutate({ id: job.id, patch: { status_type: next } });
          }
        }}
      >
        {JOB_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status]}
          </option>
        ))}
      </select>
      {mutation.isError ? (
        <p id={errorId} role="alert" className="field-error">
          Couldn’t change status: {getErrorMessage(mutation.error)}
        </p>
      ) : null}
    </div>
  );
}
