import { useState } from "react";
import { ChevronDownIcon } from "@/components/icons";
import { MenuButton } from "@/components/menu-button";
import { useCan } from "@/lib/auth/authorization";
import { formatNumber } from "@/lib/format";
import type { BulkAction, BulkTarget } from "../api/bulk-jobs";
import {
  JOB_STATUSES,
  MAX_BULK_IDS,
  STATUS_LABELS,
  type BulkResult,
} from "../types";
import { BulkActionDialog } from "./bulk-action-dialog";

type BulkBarProps = {
  /** Selected loaded rows; unused when allMatching. */
  selectedIds: number[];
  allMatching: boolean;
  /** The list's count of jobs matching its filter, and whether it stopped counting. */
  total: number;
  capped: boolean;
  filterTarget: BulkTarget;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onDone: (action: BulkAction, result: BulkResult) => void;
};

/**
 * What to do with the selected jobs: set a status (operators) or delete them
 * (admins), each through a confirmation that counts them first.
 */
export function BulkBar({
  selectedIds,
  allMatching,
  total,
  capped,
  filterTarget,
  onSelectAllMatching,
  onClear,
  onDone,
}: BulkBarProps) {
  const canChangeStatus = useCan("change_status");
  const canDelete = useCan("delete");
  const [action, setAction] = useState<BulkAction | null>(null);
  const totalText = `${formatNumber(total)}${capped ? "+" : ""}`;
  const tooMany = !allMatching && selectedIds.length > MAX_BULK_IDS;
  const target: BulkTarget = allMatching ? filterTarget : { ids: selectedIds };

  return (
    <section aria-label="Bulk actions" className="bulk-bar">
      <p className="bulk-bar__count">
        {allMatching
          ? `All ${totalText} matching jobs selected`
          : `${formatNumber(selectedIds.length)} selected`}
      </p>
      {!allMatching && (capped || total > selectedIds.length) ? (
        <button
          type="button"
          className="button button--small button--quiet bulk-bar__all"
          onClick={onSelectAllMatching}
        >
          Select all {totalText} matching
        </button>
      ) : null}
      <button
        type="button"
        className="button button--small button--quiet"
        onClick={onClear}
      >
        Clear selection
      </button>
      {tooMany ? (
        <p className="bulk-bar__note">
          Pick at most {formatNumber(MAX_BULK_IDS)} rows, or select all
          matching.
        </p>
      ) : (
        <div className="bulk-bar__actions">
          {canChangeStatus ? (
            <MenuButton
              label="Set status…"
              className="button button--small"
              items={JOB_STATUSES.map((status) => ({
                id: status,
                label: STATUS_LABELS[status],
                onSelect: () =>
                  setAction({ action: "set_status", status_type: status }),
              }))}
            >
              Set status…
              <ChevronDownIcon />
            </MenuButton>
          ) : null}
          {canDelete ? (
            <button
              type="button"
              className="button button--small button--danger-quiet"
              onClick={() => setAction({ action: "delete" })}
            >
              Delete…
            </button>
          ) : null}
        </div>
      )}
      {action ? (
        <BulkActionDialog
          target={target}
          action={action}
          onClose={() => setAction(null)}
          onDone={(result) => {
            setAction(null);
            onDone(action, result);
          }}
        />
      ) : null}
    </section>
  );
}
