import { useState } from "react";
import { MoreIcon } from "@/components/icons";
import { MenuButton, type MenuItem } from "@/components/menu-button";
import { useCan } from "@/lib/auth/authorization";
import type { Job } from "../types";
import { transitionItems } from "../utils/transition-items";
import { ChangeStatusDialog, type Transition } from "./change-status-dialog";
import { DeleteJobDialog } from "./delete-job-dialog";

/**
 * A row's actions behind one control: the status changes the lifecycle allows (each
 * through a confirmation) and delete, as far as the signed-in role may.
 */
export function JobRowActions({
  job,
  tabIndex,
}: {
  job: Pick<Job, "id" | "name" | "current_status">;
  /** The row's roving tab stop (see JobsTable). */
  tabIndex?: number;
}) {
  const canChangeStatus = useCan("change_status");
  const canDelete = useCan("delete");
  const [deleting, setDeleting] = useState(false);
  const [transition, setTransition] = useState<Transition | null>(null);

  const items: MenuItem[] = [];
  if (canChangeStatus) {
    const from = job.current_status;
    items.push(
      ...transitionItems(
        from,
        (to) => setTransition({ from, to }),
        "Change status",
      ),
    );
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
      <MenuButton
        label={`Actions for ${job.name}`}
        items={items}
        tabIndex={tabIndex}
        className="button button--small button--quiet"
      >
        <span className="row-actions__text">Actions</span>
        <MoreIcon />
      </MenuButton>
      <ChangeStatusDialog
        job={job}
        transition={transition}
        onClose={() => setTransition(null)}
      />
      <DeleteJobDialog
        job={job}
        open={deleting}
        onClose={() => setDeleting(false)}
      />
    </div>
  );
}
