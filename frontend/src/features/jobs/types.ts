export const JOB_STATUSES = [
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
] as const;

export type JobStatusType = (typeof JOB_STATUSES)[number];

export type JobStatusEntry = {
  id: number;
  status_type: JobStatusType;
  timestamp: string;
};

export type Job = {
  id: number;
  name: string;
  current_status: JobStatusType;
  current_status_at: string;
  created_at: string;
  updated_at: string;
  /** Oldest → newest. The list endpoint returns at most the newest 10. */
  status_history: JobStatusEntry[];
};

export type JobPage = {
  count: number;
  count_capped?: boolean;
  next: string | null;
  previous: string | null;
  results: Job[];
};

export type JobStats = {
  total: number;
  by_status: Record<JobStatusType, number>;
  version: number;
};

export const JOB_SORTS = ["newest", "oldest", "name_asc", "name_desc"] as const;

export type JobSort = (typeof JOB_SORTS)[number];

export type JobListFilters = {
  /** Empty means every status. */
  status: JobStatusType[];
  sort: JobSort;
  search: string;
};

export const STATUS_LABELS: Record<JobStatusType, string> = {
  PENDING: "Pending",
  RUNNING: "Running",
  COMPLETED: "Completed",
  FAILED: "Failed",
};

export const SORT_LABELS: Record<JobSort, string> = {
  newest: "Newest",
  oldest: "Oldest",
  name_asc: "Name A–Z",
  name_desc: "Name Z–A",
};

export function isJobStatus(value: string): value is JobStatusType {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

export function isJobSort(value: string): value is JobSort {
  return (JOB_SORTS as readonly string[]).includes(value);
}

export const MAX_NAME_LENGTH = 200;
