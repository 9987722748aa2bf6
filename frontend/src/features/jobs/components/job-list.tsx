import { useEffect, useId, useRef, useState } from "react";
import { ErrorState } from "@/components/error-state";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { useCan } from "@/lib/auth/authorization";
import { formatClock, formatNumber } from "@/lib/format";
import type { BulkAction, BulkTarget } from "../api/bulk-jobs";
import { toFilterParams, useJobs } from "../api/get-jobs";
import { useJobSelection } from "../hooks/use-job-selection";
import { useLiveClock } from "../hooks/use-live-updates";
import { useStableRows } from "../hooks/use-stable-rows";
import { bulkSummary } from "../utils/bulk-summary";
import type { BulkResult, JobListFilters } from "../types";
import { BulkActionDialog } from "./bulk-action-dialog";
import { BulkBar } from "./bulk-bar";
import { JobsTable } from "./jobs-table";
import { NewJobsBanner } from "./new-jobs-banner";

type JobListProps = {
  filters: JobListFilters;
  hasFilters: boolean;
  onClearFilters: () => void;
};

export function JobList({ filters, hasFilters, onClearFilters }: JobListProps) {
  const query = useJobs(filters);
  const clock = useLiveClock(query.dataUpdatedAt);
  const canChangeStatus = useCan("change_status");
  const canDelete = useCan("delete");
  // Operators and admins have row actions and a bulk action; viewers neither (no
  // checkboxes).
  const showActions = canChangeStatus || canDelete;
  const listKey = JSON.stringify(filters);
  const settled = query.data && !query.isPlaceholderData;
  const stable = useStableRows(settled ? query.data.pages : undefined, listKey);
  // While a filter change loads, the previous rows stay (dimmed) as they were.
  const jobs = settled
    ? stable.rows
    : (query.data?.pages.flatMap((page) => page.results) ?? []);
  const selection = useJobSelection(
    listKey,
    jobs.map((job) => job.id),
  );
  // The last bulk action's outcome, for this view of the list.
  const [summary, setSummary] = useState<{ listKey: string; text: string }>();
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const rowHintId = useId();
  const summaryText = summary?.listKey === listKey ? summary.text : "";
  useEffect(() => {
    // The bar that opened the confirmation is gone with the selection: land here.
    if (summaryText) summaryRef.current?.focus();
  }, [summaryText, summary]);

  // The confirmation open, with its target fixed when it opened: a refresh that
  // changes the rows under it changes neither what it counts nor what it applies to.
  const [bulk, setBulk] = useState<{
    action: BulkAction;
    target: BulkTarget;
  } | null>(null);

  function openBulk(action: BulkAction) {
    setBulk({
      action,
      target: selection.allMatching
        ? { filter: toFilterParams(filters) }
        : { ids: selection.selectedIds },
    });
  }

  function onBulkDone(action: BulkAction, result: BulkResult) {
    setBulk(null);
    setSummary({ listKey, text: bulkSummary(action, result) });
    selection.clear();
  }

  // Kept in one place of the tree whatever the list shows, so a refresh that
  // empties the list does not close it (or drop its result).
  const bulkDialog = bulk ? (
    <BulkActionDialog
      target={bulk.target}
      action={bulk.action}
      onClose={() => setBulk(null)}
      onDone={(result) => onBulkDone(bulk.action, result)}
    />
  ) : null;

  if (query.isPending) {
    return (
      <div className="list-loading" aria-busy="true">
        <p role="status" className="visually-hidden">
          Loading jobs…
        </p>
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="skeleton-row" aria-hidden="true" />
        ))}
      </div>
    );
  }

  if (query.isError && !query.data) {
    // A 400 names the parameter the server refused (a time typed into the URL, say):
    // retrying can't help, clearing the filters can.
    const refused =
      query.error instanceof ApiError && query.error.status === 400;
    return (
      <ErrorState
        title={
          refused ? "The server refused these filters." : "Couldn’t load jobs."
        }
        message={getErrorMessage(query.error)}
        onRetry={refused ? undefined : () => void query.refetch()}
        isRetrying={query.isFetching}
        action={
          refused && hasFilters ? (
            <button type="button" className="button" onClick={onClearFilters}>
              Clear filters
            </button>
          ) : null
        }
      />
    );
  }

  const first = query.data.pages[0];
  const total = first?.count ?? 0;
  const capped = first?.count_capped === true;
  const isRefreshingView = query.isPlaceholderData && query.isFetching;

  // After a bulk action, even one that emptied the list: what it did.
  const bulkResult = (
    <div className="bulk-result">
      <p
        ref={summaryRef}
        role="status"
        tabIndex={-1}
        className={summaryText ? "bulk-result__text" : undefined}
      >
        {summaryText}
      </p>
      {summaryText ? (
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => setSummary(undefined)}
        >
          Dismiss
        </button>
      ) : null}
    </div>
  );

  if (jobs.length === 0 && stable.heldCount === 0) {
    return (
      <>
        {bulkDialog}
        <div className="state" aria-busy={isRefreshingView}>
          {bulkResult}
          {hasFilters ? (
            <>
              <p className="state__title">No jobs match these filters.</p>
              <button type="button" className="button" onClick={onClearFilters}>
                Clear filters
              </button>
            </>
          ) : (
            <>
              <p className="state__title">No jobs yet.</p>
              <p className="state__message">
                Create one with “New job”, or POST to <code>/api/jobs/</code>.
              </p>
            </>
          )}
        </div>
      </>
    );
  }

  function reveal() {
    const id = stable.reveal();
    // After the rows are in: focus (and so scroll to) the first one revealed.
    window.requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`[data-job-id="${id}"] a`)?.focus(),
    );
  }

  return (
    <>
      {bulkDialog}
      <div className="job-list">
        <div className="list-bar">
          <p className="list-summary num" aria-live="polite">
            Showing {formatNumber(jobs.length)} of {formatNumber(total)}
            {capped ? "+" : ""}
          </p>
          {clock.frozen ? (
            <p className="list-frozen">
              Durations frozen at {formatClock(clock.durationNow)}
            </p>
          ) : null}
          <NewJobsBanner count={stable.heldCount} onShow={reveal} />
          {bulkResult}
          {showActions &&
          (selection.allMatching || selection.selectedIds.length > 0) ? (
            <BulkBar
              selectedIds={selection.selectedIds}
              allMatching={selection.allMatching}
              total={total}
              capped={capped}
              onSelectAllMatching={selection.selectAllMatching}
              onClear={selection.clear}
              onAction={openBulk}
            />
          ) : null}
        </div>
        {query.isRefetchError ? (
          <div role="alert" className="alert alert--warning">
            Couldn’t refresh the list: {getErrorMessage(query.error)}{" "}
            <button
              type="button"
              className="button button--small"
              onClick={() => void query.refetch()}
            >
              Retry
            </button>
          </div>
        ) : null}
        {showActions ? (
          <p id={rowHintId} className="visually-hidden">
            Each row is one Tab stop; the left and right arrow keys move between
            its checkbox, name and actions.
          </p>
        ) : null}
        <div
          className={`table-wrap${isRefreshingView ? " is-stale" : ""}`}
          aria-busy={isRefreshingView}
        >
          <JobsTable
            jobs={jobs}
            now={clock.now}
            durationNow={clock.durationNow}
            frozen={clock.frozen}
            isHighlighted={stable.isHighlighted}
            showActions={showActions}
            selection={showActions ? selection : undefined}
            describedBy={showActions ? rowHintId : undefined}
          />
        </div>
        {query.hasNextPage ? (
          <div className="list-footer">
            <button
              type="button"
              className="button"
              onClick={() => void query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
            >
              {query.isFetchingNextPage ? "Loading more…" : "Load more"}
            </button>
          </div>
        ) : null}
        {query.isFetchNextPageError ? (
          <p role="alert" className="alert alert--error">
            Couldn’t load more jobs: {getErrorMessage(query.error)}
          </p>
        ) : null}
      </div>
    </>
  );
}
