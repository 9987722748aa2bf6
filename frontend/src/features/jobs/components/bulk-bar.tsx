import { ChevronDownIcon } from "@/components/icons";
import { MenuButton } from "@/components/menu-button";
import { useCan } from "@/lib/auth/authorization";
import { formatNumber } from "@/lib/format";
import type { BulkAction } from "../api/bulk-jobs";
import { JOB_STATUSES, MAX_BULK_IDS, STATUS_LABELS } from "../types";

type BulkBarProps = {
  /** Selected loaded rows; unused when allMatching. */
  selectedIds: number[];
  allMatching: boolean;
  /** The list's count of jobs matching its filter, and whether it stopped counting. */
  total: number;
  capped: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  /** Open the confirmation of an action on the selection. */
  onAction: (action: BulkAction) => void;
};

/**
 * What to do with the selected jobs: set a status (operators) or delete them
 * (admins), each through a confirmation (BulkActionDialog) that counts them first.
 */
export function BulkBar({
  selectedIds,
  allMatching,
  total,
  capped,
  onSelectAllMatching,
  onClear,
  onAction,
}: BulkBarProps) {
  const canChangeStatus = useCan("change_status");
  const canDelete = useCan("delete");
  const totalText = `${formatNumber(total)}${capped ? "+" : ""}`;
  const tooMany = !allMatching && selectedIds.length > MAX_BULK_IDS;

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
        className="button button--small button--quiet bulk-bar__clear"
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
                  onAction({ action: "set_status", status_type: status }),
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
              onClick={() => onAction({ action: "delete" })}
            >
              Delete…
            </button>
          ) : null}
        </div>
      )}
    </section>
  );
}
