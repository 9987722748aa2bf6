import { useRef, useState } from "react";
import { Modal } from "@/components/modal";
import { getErrorMessage } from "@/lib/api-client";
import { formatNumber } from "@/lib/format";
import {
  useBulkJobs,
  useBulkPreview,
  type BulkAction,
  type BulkTarget,
} from "../api/bulk-jobs";
import { STATUS_LABELS, type BulkResult } from "../types";
import { jobsText } from "../utils/bulk-summary";
import { ActionForm } from "./action-form";

type BulkActionDialogProps = {
  target: BulkTarget;
  action: BulkAction;
  onClose: () => void;
  onDone: (result: BulkResult) => void;
};

/**
 * The confirmation of a bulk action. It asks the server first (a dry run) and says how
 * many jobs will change and how many will be skipped, takes a reason for a status
 * change, then applies. Enter applies once the count is in; Escape cancels.
 */
export function BulkActionDialog({
  target,
  action,
  onClose,
  onDone,
}: BulkActionDialogProps) {
  const preview = useBulkPreview(target, action);
  const mutation = useBulkJobs();
  const [reason, setReason] = useState("");
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deleting = action.action === "delete";
  const willChange = preview.data?.changed ?? 0;

  function apply() {
    // A promise rather than mutate's callbacks, which a list refresh that unmounts
    // the opener would drop; a failure shows through mutation.error.
    mutation
      .mutateAsync({ target, action, reason })
      .then(onDone, () => undefined);
  }

  const title = deleting
    ? "Delete jobs"
    : `Set status to ${STATUS_LABELS[action.status_type]}`;

  return (
    <Modal
      open
      role={deleting ? "alertdialog" : "dialog"}
      title={title}
      onClose={onClose}
      busy={mutation.isPending}
      initialFocus={deleting ? cancelRef : reasonRef}
      footer={
        <ActionForm
          onSubmit={apply}
          onCancel={onClose}
          isPending={mutation.isPending}
          error={
            mutation.isError
              ? `Couldn’t ${deleting ? "delete" : "change"} the jobs: ${getErrorMessage(mutation.error)}`
              : null
          }
          canSubmit={preview.isSuccess && willChange > 0}
          tone={deleting ? "danger" : "primary"}
          submitLabel={
            mutation.isPending
              ? deleting
                ? "Deleting…"
                : "Changing…"
              : `${deleting ? "Delete" : "Change"} ${preview.isSuccess ? jobsText(willChange) : "jobs"}`
          }
          reason={reason}
          onReasonChange={deleting ? undefined : setReason}
          reasonRef={reasonRef}
          cancelRef={cancelRef}
        />
      }
    >
      <PreviewText preview={preview} action={action} />
    </Modal>
  );
}

function PreviewText({
  preview,
  action,
}: {
  preview: ReturnType<typeof useBulkPreview>;
  action: BulkAction;
}) {
  if (preview.isPending) {
    return <p role="status">Counting the jobs this would change…</p>;
  }
  if (preview.isError) {
    return (
      <p role="alert" className="alert alert--error">
        Couldn’t count the jobs: {getErrorMessage(preview.error)}
      </p>
    );
  }
  const { matched, changed, skipped } = preview.data;
  if (action.action === "delete") {
    return (
      <p role="status">
        This will delete <strong>{jobsText(changed)}</strong> and their whole
        status history. This cannot be undone.
      </p>
    );
  }
  const to = STATUS_LABELS[action.status_type];
  if (changed === 0) {
    return (
      <p role="status">
        Nothing to change: none of the {jobsText(matched)} can go to {to} from
        its status, or they are {to} already.
      </p>
    );
  }
  return (
    <>
      <p role="status">
        This will change <strong>{jobsText(changed)}</strong>
        {skipped > 0 ? (
          <>
            ; <strong>{formatNumber(skipped)}</strong> will be skipped
          </>
        ) : null}
        .
      </p>
      {skipped > 0 ? (
        <p className="dialog__note">
          Skipped: jobs already {to}, or whose status cannot go to {to}.
        </p>
      ) : null}
    </>
  );
}
