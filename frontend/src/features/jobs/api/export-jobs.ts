import { buildPath } from "@/lib/api-client";
import type { ExportFormat, JobListFilters } from "../types";
import { jobListParams } from "./get-jobs";

/**
 * Where the current view downloads as a file: every job of the list's filters, in its
 * order. A plain link, so the browser streams it to disk with the session cookie.
 */
export function exportJobsUrl(
  filters: JobListFilters,
  format: ExportFormat = "csv",
): string {
  return buildPath("/api/jobs/export/", { format, ...jobListParams(filters) });
}
