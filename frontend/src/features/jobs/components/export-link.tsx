import { DownloadIcon } from "@/components/icons";
import { exportJobsUrl } from "../api/export-jobs";
import type { JobListFilters } from "../types";

/** Downloads the current view (its filters and sort) as CSV, every matching job. */
export function ExportLink({ filters }: { filters: JobListFilters }) {
  return (
    <a className="button" href={exportJobsUrl(filters, "csv")} download>
      <DownloadIcon />
      Export CSV
    </a>
  );
}
