import { useRef } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { getErrorMessage } from "@/lib/api-client";
import { useDeleteJob } from "../api/delete-job";
import type { Job } from "../types";

type DeleteJobDialogProps = {
  job: Pick<Job, "id" | "name">;
  open: boolean;
  onClose: () => void;
  onDeleted?: () => void;
};

/** Asks before deleting a job and its whole history; stays open with the error if that fails. */
export function DeleteJobDialog({
  job,
  open,
  onClose,
  onDeleted,
}: DeleteJobDialogProps) {
  const mutation = useDeleteJob();
  const deleted = useRef(false);

  return (
    <ConfirmDialog
      open={open}
      title="Delete this job?"
      confirmLabel="Delete job"
      pendingLabel="Deleting…"
      isPending={mutation.isPending}
      error={mutation.isError ? getErrorMessage(mutation.error) : null}
      onCancel={() => {
        mutation.reset();
        onClose();
      }}
      shouldRestoreFocus={() => !deleted.current}
      onConfirm={() =>
        mutation.mutate(
          { id: job.id },
          {
            onSuccess: () => {
              deleted.current = true;
              onClose();
              onDeleted?.();
            },
          },
        )
      }
    >
      <p>
        <strong className="break-anywhere">{job.name}</strong> and its whole
        status history will be deleted. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
