import { Link, useLocation } from "react-router";
import { RelativeTime } from "@/components/relative-time";
import { formatDuration } from "@/lib/format";
import type { Job } from "../types";
import { isHistoryTruncated, totalsByStatus } from "../utils/status-durations";
import { DeleteJobButton } from "./delete-job-button";
import { StatusBadge } from "./status-badge";
import { StatusSelect } from "./status-select";

type JobsTableProps = {
  jobs: Job[];
  now: number;
};

export function JobsTable({ jobs, now }: JobsTableProps) {
  return (
    <table className="jobs-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Created</th>
          <th scope="col">Updated</th>
          <th scope="col" className="cell--num">
            Queued
          </th>
          <th scope="col" className="cell--num">
            Running
          </th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} now={now} />
        ))}
      </tbody>
    </table>
  );
}

function JobRow({ job, now }: { job: Job; now: number }) {
  const location = useLocation();
  const totals = totalsByStatus(job.status_history, now);
  const truncated = isHistoryTruncated(job);
  const prefix = truncated ? "≥ " : "";
  const durationTitle = truncated
    ? "At least: counted over the latest 10 status changes"
    : undefined;

  return (
    <tr>
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
        <RelativeTime iso={job.created_at} now={now} />
      </td>
      <td data-label="Updated">
        <RelativeTime iso={job.updated_at} now={now} />
      </td>
      <td data-label="Queued" className="cell--num num" title={durationTitle}>
        {prefix}
        {formatDuration(totals.PENDING)}
      </td>
      <td data-label="Running" className="cell--num num" title={durationTitle}>
        {prefix}
        {formatDuration(totals.RUNNING)}
      </td>
      <td className="cell--actions">
        <div className="row-actions">
          <StatusSelect
            job={job}
            label={`Change status for ${job.name}`}
            hideLabel
          />
          <DeleteJobButton job={job} label={`Delete ${job.name}`} />
        </div>
      </td>
    </tr>
  );
}
