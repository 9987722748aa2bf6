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
};

export function JobsTable({
  jobs,
  now,
  durationNow,
  frozen,
  isHighlighted,
  showActions,
}: JobsTableProps) {
  return (
    <table className={`jobs-table${frozen ? " is-frozen" : ""}`}>
      {/* Fixed widths, so switching tabs or time formats never shifts a column. */}
      <colgroup>
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
          />
        ))}
      </tbody>
    </table>
  );
}

function JobRow({
  job,
  now,
  durationNow,
  highlighted,
  showActions,
}: {
  job: Job;
  now: number;
  durationNow: number;
  highlighted: boolean;
  showActions: boolean;
}) {
  const location = useLocation();
  const totals = totalsByStatus(job.status_history, durationNow);
  const truncated = isHistoryTruncated(job);
  const prefix = truncated ? "≥ " : "";
  const durationTitle = truncated
    ? "At least: counted over the latest 10 status changes"
    : undefined;

  return (
    <tr data-job-id={job.id} className={highlighted ? "is-changed" : undefined}>
      <th scope="row" className="cell--name" data-label="Name">
        <Link
          to={`/jobs/${job.id}`}
          state={{ listSearch: location.search }}
          className="job-link break-anywhere"
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
        <td className="cell--actions">
          <JobRowActions job={job} />
        </td>
      ) : null}
    </tr>
  );
}
