import { useRef, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { getErrorMessage } from "@/lib/api-client";
import { useDeleteJob } from "../api/delete-job";
import type { Job } from "../types";

type DeleteJobButtonProps = {
  job: Pick<Job, "id" | "name">;
  /** Accessible name of the trigger; rows name the job, the job page need not. */
  label?: string;
  onDeleted?: () => void;
};

export function DeleteJobButton({
  job,
  label,
  onDeleted,
}: DeleteJobButtonProps) {
  const [open, setOpen] = useState(false);
  const mutation = useDeleteJob();
  const deleted = useRef(false);

  return (
    <>
      <button
        type="button"
        className="button button--danger-quiet"
        aria-label={label}
        onClick={() => {
          mutation.reset();
          setOpen(true);
        }}
      >
        Delete
      </button>
      <ConfirmDialog
        open={open}
        title="Delete this job?"
        confirmLabel="Delete job"
        pendingLabel="Deleting…"
        isPending={mutation.isPending}
        error={mutation.isError ? getErrorMessage(mutation.error) : null}
        onCancel={() => setOpen(false)}
        shouldRestoreFocus={() => !deleted.current}
        onConfirm={() =>
          mutation.mutate(
            { id: job.id },
            {
              onSuccess: () => {
                deleted.current = true;
                setOpen(false);
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
    </>
  );
}
