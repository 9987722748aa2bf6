import type { components, operations } from "@/lib/api-schema";

type Schemas = components["schemas"];

export type JobStatusType = Schemas["StatusTypeEnum"];
export type JobStatusEntry = Schemas["JobStatus"];
/** status_history: oldest → newest; the list endpoint returns at most the newest 10. */
export type Job = Schemas["Job"];
export type JobPage = Omit<Schemas["PaginatedJobList"], "results"> & {
  results: Job[];
};
export type JobStats = Schemas["Stats"];
export type JobCreateInput = Schemas["JobCreateRequest"];
export type JobUpdateInput = Schemas["PatchedJobUpdateRequest"];
type JobListQuery = NonNullable<operations["jobs_list"]["parameters"]["query"]>;
export type JobSort = NonNullable<JobListQuery["sort"]>;
/** The list's filter parameters, as GET /api/jobs/ and a bulk action's "filter" take them. */
export type JobListFilterParams = Pick<
  JobListQuery,
  "status" | "search" | "created_after" | "created_before" | "changed_after"
>;
export type JobActivity = Schemas["Activity"];
export type JobActivityPoint = Schemas["ActivityPoint"];
export type ActivityRange = NonNullable<
  NonNullable<
    operations["jobs_activity_retrieve"]["parameters"]["query"]
  >["range"]
>;
export type ExportFormat = NonNullable<
  NonNullable<
    operations["jobs_export_retrieve"]["parameters"]["query"]
  >["format"]
>;
export type BulkActionInput = Schemas["BulkActionRequest"];
export type BulkResult = Schemas["BulkResult"];

/** The list's filters and sort, named as the API's query parameters. */
export type JobListFilters = {
  /** Empty means every status. */
  status: JobStatusType[];
  sort: JobSort;
  search: string;
  /** ISO 8601 as in the URL ("" means no bound); the server judges the format. */
  created_after: string;
  created_before: string;
  /** "Changed" is the time of the current status (current_status_at). */
  changed_after: string;
};

export const TIME_FILTER_KEYS = [
  "created_after",
  "created_before",
  "changed_after",
] as const satisfies readonly (keyof JobListFilters)[];
export type TimeFilterKey = (typeof TIME_FILTER_KEYS)[number];
export type TimeFilters = Pick<JobListFilters, TimeFilterKey>;

/** A label for every status the schema knows; tsc fails when the schema adds one. */
export const STATUS_LABELS: Record<JobStatusType, string> = {
  PENDING: "Pending",
  RUNNING: "Running",
  COMPLETED: "Completed",
  FAILED: "Failed",
};

export const JOB_STATUSES = Object.keys(STATUS_LABELS) as JobStatusType[];

export const SORT_LABELS: Record<JobSort, string> = {
  newest: "Newest",
  oldest: "Oldest",
  name_asc: "Name A–Z",
  name_desc: "Name Z–A",
  changed_newest: "Changed, newest",
  changed_oldest: "Changed, oldest",
};

export const JOB_SORTS = Object.keys(SORT_LABELS) as JobSort[];

export function isJobStatus(value: string): value is JobStatusType {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

export function isJobSort(value: string): value is JobSort {
  return (JOB_SORTS as readonly string[]).includes(value);
}

/** The schema's maxLength for a name (types.test.ts checks it against openapi.json). */
export const MAX_NAME_LENGTH = 200;

/** The schema's maxLength for a status change's reason (checked the same way). */
export const MAX_REASON_LENGTH = 500;

/** The schema's maxItems for a bulk action's ids (checked the same way). */
export const MAX_BULK_IDS = 1000;
