import { STATUS_LABELS, type JobStatusType } from "../types";

export function StatusBadge({ status }: { status: JobStatusType }) {
  return (
    <span className={`badge badge--${status.toLowerCase()}`}>
      <span className="badge__dot" aria-hidden="true" />
      {STATUS_LABELS[status]}
    </span>
  );
}
