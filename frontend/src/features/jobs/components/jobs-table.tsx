import { useState, type FocusEvent, type KeyboardEvent } from "react";
import { Link, useLocation } from "react-router";
import { Timestamp } from "@/components/timestamp";
import { formatDuration } from "@/lib/format";
import type { Job } from "../types";
import { isHistoryTruncated, totalsByStatus } from "../utils/status-durations";
import { JobRowActions } from "./job-row-actions";
import { SortableHeader } from "./sortable-header";
import { StatusBadge } from "./status-badge";

type JobsTableProps = {
  jobs: Job[];
  /** Ticks, for relative times. */
  now: number;
  /** What durations count to: `now` while live, the last sync while stale. */
  durationNow: number;
  frozen: boolean;
  isHighlighted: (id: number) => boolean;
  showActions: boolean;
  /** Row checkboxes; undefined when the signed-in role has no bulk action. */
  selection?: TableSelection;
  /** Id of the text that says how to move within a row (see JobRow). */
  describedBy?: string;
};

export type TableSelection = {
  isSelected: (id: number) => boolean;
  toggle: (id: number) => void;
  loadedState: "none" | "some" | "all";
  setAllLoaded: (checked: boolean) => void;
};

export function JobsTable({
  jobs,
  now,
  durationNow,
  frozen,
  isHighlighted,
  showActions,
  selection,
  describedBy,
}: JobsTableProps) {
  return (
    <table
      className={`jobs-table${frozen ? " is-frozen" : ""}${selection ? " is-selectable" : ""}`}
      aria-describedby={describedBy}
    >
      {/* Fixed widths, so switching tabs or time formats never shifts a column. */}
      <colgroup>
        {selection ? <col className="col--select" /> : null}
        <col className="col--name" />
        <col className="col--status" />
        <col className="col--time" />
        <col className="col--time" />
        <col className="col--duration" />
        <col className="col--duration" />
        {showActions ? <col className="col--actions" /> : null}
      </colgroup>
      <thead>
        <tr>
          {selection ? (
            <th scope="col" className="cell--select">
              <label className="select-all">
                <input
                  type="checkbox"
                  className="checkbox"
                  checked={selection.loadedState === "all"}
                  ref={(input) => {
                    if (input) {
                      input.indeterminate = selection.loadedState === "some";
                    }
                  }}
                  onChange={(event) =>
                    selection.setAllLoaded(event.target.checked)
                  }
                />
                <span className="select-all__text">Select all loaded jobs</span>
              </label>
            </th>
          ) : null}
          <SortableHeader column="name">Name</SortableHeader>
          <th scope="col">Status</th>
          <SortableHeader column="created">Created</SortableHeader>
          <SortableHeader column="changed">Changed</SortableHeader>
          <th scope="col" className="cell--num">
            Queued
          </th>
          <th scope="col" className="cell--num">
            Running
          </th>
          {showActions ? (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <JobRow
            key={job.id}
            job={job}
            now={now}
            durationNow={durationNow}
            highlighted={isHighlighted(job.id)}
            showActions={showActions}
            selection={selection}
          />
        ))}
      </tbody>
    </table>
  );
}

type RowControl = "select" | "name" | "actions";

/** The row's controls, in order: the first focusable element of each marked cell. */
function rowControls(row: HTMLElement): HTMLElement[] {
  return Array.from(
    row.querySelectorAll<HTMLElement>("[data-row-control]"),
  ).flatMap(
    (cell) => cell.querySelector<HTMLElement>("input, a[href], button") ?? [],
  );
}

function JobRow({
  job,
  now,
  durationNow,
  highlighted,
  showActions,
  selection,
}: {
  job: Job;
  now: number;
  durationNow: number;
  highlighted: boolean;
  showActions: boolean;
  selection?: TableSelection;
}) {
  const location = useLocation();
  // A roving tab stop: the row is one Tab stop (the name, or the control last used),
  // and Left/Right (Home/End) move between its checkbox, name and actions.
  const [active, setActive] = useState<RowControl>("name");
  const stop = (control: RowControl) => (control === active ? 0 : -1);

  function onFocus(event: FocusEvent<HTMLTableRowElement>) {
    // Dialogs and menus opened from the row are portals: their events bubble here
    // through React but are not inside the row's DOM.
    const cell = (event.target as HTMLElement).closest<HTMLElement>(
      "[data-row-control]",
    );
    if (cell && event.currentTarget.contains(cell)) {
      setActive(cell.dataset.rowControl as RowControl);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>) {
    const controls = rowControls(event.currentTarget);
    const index = controls.indexOf(event.target as HTMLElement);
    if (index === -1) return;
    const last = controls.length - 1;
    const next = {
      ArrowLeft: Math.max(0, index - 1),
      ArrowRight: Math.min(last, index + 1),
      Home: 0,
      End: last,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    controls[next]?.focus();
  }

  const totals = totalsByStatus(job.status_history, durationNow);
  const truncated = isHistoryTruncated(job);
  const prefix = truncated ? "≥ " : "";
  const durationTitle = truncated
    ? "At least: counted over the latest 10 status changes"
    : undefined;

  return (
    <tr
      data-job-id={job.id}
      className={
        [
          highlighted ? "is-changed" : "",
          selection?.isSelected(job.id) ? "is-selected" : "",
        ]
          .filter(Boolean)
          .join(" ") || undefined
      }
      onFocus={onFocus}
      onKeyDown={onKeyDown}
    >
      {selection ? (
        <td className="cell--select" data-row-control="select">
          <input
            type="checkbox"
            className="checkbox"
            aria-label={`Select ${job.name}`}
            tabIndex={stop("select")}
            checked={selection.isSelected(job.id)}
            onChange={() => selection.toggle(job.id)}
          />
        </td>
      ) : null}
      <th
        scope="row"
        className="cell--name"
        data-label="Name"
        data-row-control="name"
      >
        <Link
          to={`/jobs/${job.id}`}
          state={{ listSearch: location.search }}
          className="job-link break-anywhere"
          tabIndex={stop("name")}
        >
          {job.name}
        </Link>
        <span className="job-id num">#{job.id}</span>
      </th>
      <td data-label="Status">
        <StatusBadge status={job.current_status} />
      </td>
      <td data-label="Created">
        <Timestamp iso={job.created_at} now={now} exact="focus" />
      </td>
      <td data-label="Changed">
        <Timestamp iso={job.current_status_at} now={now} exact="focus" />
      </td>
      <td
        data-label="Queued"
        className="cell--num cell--duration num"
        title={durationTitle}
      >
        {prefix}
        {formatDuration(totals.PENDING)}
      </td>
      <td
        data-label="Running"
        className="cell--num cell--duration num"
        title={durationTitle}
      >
        {prefix}
        {formatDuration(totals.RUNNING)}
      </td>
      {showActions ? (
        <td className="cell--actions" data-row-control="actions">
          <JobRowActions job={job} tabIndex={stop("actions")} />
        </td>
      ) : null}
    </tr>
  );
}
