import { formatNumber } from "@/lib/format";
import type { BulkAction } from "../api/bulk-jobs";
import { STATUS_LABELS, type BulkResult } from "../types";

/** "1 job", "1,204 jobs". */
export function jobsText(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? "job" : "jobs"}`;
}

/** What a finished bulk action did, in a sentence: "Changed 1,204 jobs; skipped 17". */
export function bulkSummary(action: BulkAction, result: BulkResult): string {
  if (action.action === "delete") return `Deleted ${jobsText(result.changed)}`;
  const skipped =
    result.skipped > 0 ? `; skipped ${formatNumber(result.skipped)}` : "";
  return `Changed ${jobsText(result.changed)} to ${STATUS_LABELS[action.status_type]}${skipped}`;
}
