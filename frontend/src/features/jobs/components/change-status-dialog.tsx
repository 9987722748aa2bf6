import { useRef, useState } from "react";
import { Modal } from "@/components/modal";
import { getErrorMessage } from "@/lib/api-client";
import { useUpdateJob } from "../api/update-job";
import { STATUS_LABELS, type Job, type JobStatusType } from "../types";
import { ActionForm } from "./action-form";
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

  function apply() {
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
        <ActionForm
          onSubmit={apply}
          onCancel={onClose}
          isPending={mutation.isPending}
          error={
            mutation.isError
              ? `Couldn’t change status: ${getErrorMessage(mutation.error)}`
              : null
          }
          submitLabel={
            mutation.isPending ? "Saving…" : `Set to ${STATUS_LABELS[to]}`
          }
          reason={reason}
          onReasonChange={setReason}
          reasonRef={reasonRef}
        />
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
