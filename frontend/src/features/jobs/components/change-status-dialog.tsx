import { useRef, useState, type FormEvent } from "react";
import { Modal } from "@/components/modal";
import { getErrorMessage } from "@/lib/api-client";
import { useUpdateJob } from "../api/update-job";
import { STATUS_LABELS, type Job, type JobStatusType } from "../types";
import { ReasonField } from "./reason-field";
import { StatusBadge } from "./status-badge";

export type Transition = { from: JobStatusType; to: JobStatusType };

type ChangeStatusDialogProps = {
  job: Pick<Job, "id" | "name" | "current_status">;
  /** The move chosen, from the status the job had then; null: closed. */
  transition: Transition | null;
  onClose: () => void;
};

/**
 * The one step between choosing a status and changing it: it says what will happen
 * and takes an optional reason; Enter applies, Escape cancels. Server errors (409 from
 * the lifecycle, 400, 403) stay in the dialog.
 */
export function ChangeStatusDialog({
  transition,
  ...props
}: ChangeStatusDialogProps) {
  // Mounted per opening, so the reason and any error start empty each time.
  return transition ? (
    <ChangeStatusForm transition={transition} {...props} />
  ) : null;
}

function ChangeStatusForm({
  job,
  transition: { from, to },
  onClose,
}: Omit<ChangeStatusDialogProps, "transition"> & { transition: Transition }) {
  const [reason, setReason] = useState("");
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const mutation = useUpdateJob();
  const movedMeanwhile = job.current_status !== from;

  function apply(event?: FormEvent) {
    event?.preventDefault();
    if (mutation.isPending) return;
    const why = reason.trim();
    mutation.mutate(
      {
        id: job.id,
        patch: { status_type: to, ...(why ? { reason: why } : {}) },
      },
      { onSuccess: onClose },
    );
  }

  return (
    <Modal
      open
      title="Change status"
      onClose={onClose}
      busy={mutation.isPending}
      initialFocus={reasonRef}
      footer={
        <form className="dialog__form" onSubmit={apply}>
          <ReasonField
            ref={reasonRef}
            value={reason}
            onChange={setReason}
            onSubmit={apply}
            disabled={mutation.isPending}
          />
          {mutation.isError ? (
            <p role="alert" className="alert alert--error">
              Couldn’t change status: {getErrorMessage(mutation.error)}
            </p>
          ) : null}
          <div className="dialog__actions">
            <button
              type="button"
              className="button"
              onClick={onClose}
              disabled={mutation.isPending}
            >
              Cancel
            </button>
            <button
              type="submit"
              className="button button--primary"
              disabled={mutation.isPending}
            >
              {mutation.isPending ? "Saving…" : `Set to ${STATUS_LABELS[to]}`}
            </button>
          </div>
        </form>
      }
    >
      <p>
        <strong className="break-anywhere">{job.name}</strong>
      </p>
      <p className="transition">
        <StatusBadge status={from} />
        <span aria-hidden="true" className="transition__arrow">
          →
        </span>
        <span className="visually-hidden"> to </span>
        <StatusBadge status={to} />
      </p>
      {movedMeanwhile ? (
        <p className="alert alert--warning">
          Meanwhile this job became {STATUS_LABELS[job.current_status]}.
        </p>
      ) : null}
    </Modal>
  );
}
