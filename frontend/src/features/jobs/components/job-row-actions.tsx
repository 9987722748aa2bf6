import { useState } from "react";
import { MoreIcon } from "@/components/icons";
import { MenuButton, type MenuItem } from "@/components/menu-button";
import { getErrorMessage } from "@/lib/api-client";
import { useCan } from "@/lib/auth/authorization";
import { useUpdateJob } from "../api/update-job";
import { JOB_STATUSES, STATUS_LABELS, type Job } from "../types";
import { DeleteJobDialog } from "./delete-job-dialog";

/** A row's actions behind one control, so each row costs at most two Tab stops. */
export function JobRowActions({
  job,
}: {
  job: Pick<Job, "id" | "name" | "current_status">;
}) {
  const canChangeStatus = useCan("change_status");
  const canDelete = useCan("delete");
  const [deleting, setDeleting] = useState(false);
  const update = useUpdateJob();

  const items: MenuItem[] = [];
  if (canChangeStatus) {
    for (const status of JOB_STATUSES) {
      if (status === job.current_status) continue;
      items.push({
        id: status,
        label: `Mark as ${STATUS_LABELS[status].toLowerCase()}`,
        onSelect: () =>
          update.mutate({ id: job.id, patch: { status_type: status } }),
      });
    }
  }
  if (canDelete) {
    items.push({
      id: "delete",
      label: "Delete…",
      tone: "danger",
      onSelect: () => setDeleting(true),
    });
  }
  if (items.length === 0) return null;

  return (
    <div className="row-actions">
      {update.isError ? (
        <p role="alert" className="field-error">
          Couldn’t change status: {getErrorMessage(update.error)}
        </p>
      ) : null}
      <MenuButton
        label={`Actions for ${job.name}`}
        items={items}
        className="button button--small button--quiet"
      >
        <span className="row-actions__text">
          {update.isPending ? "Saving…" : "Actions"}
        </span>
        <MoreIcon />
      </MenuButton>
      <DeleteJobDialog
        job={job}
        open={deleting}
        onClose={() => setDeleting(false)}
      />
    </div>
  );
}
