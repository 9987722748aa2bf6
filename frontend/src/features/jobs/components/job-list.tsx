import { ErrorState } from "@/components/error-state";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { useCan } from "@/lib/auth/authorization";
import { formatClock, formatNumber } from "@/lib/format";
import { useJobs } from "../api/get-jobs";
import { useLiveClock } from "../hooks/use-live-updates";
import { useStableRows } from "../hooks/use-stable-rows";
import type { JobListFilters } from "../types";
import { JobsTable } from "./jobs-table";
import { NewJobsBanner } from "./new-jobs-banner";

type JobListProps = {
  filters: JobListFilters;
  hasFilters: boolean;
  onClearFilters: () => void;
};

export function JobList({ filters, hasFilters, onClearFilters }: JobListProps) {
  const query = useJobs(filters);
  const clock = useLiveClock();
  const canChangeStatus = useCan("change_status");
  const canDelete = useCan("delete");
  const showActions = canChangeStatus || canDelete;
  const settled = query.data && !query.isPlaceholderData;
  const stable = useStableRows(
    settled ? query.data.pages : undefined,
    JSON.stringify(filters),
  );

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

  const pages = query.data.pages;
  // While a filter change loads, the previous rows stay (dimmed) as they were.
  const jobs = settled ? stable.rows : pages.flatMap((page) => page.results);
  const first = pages[0];
  const total = first?.count ?? 0;
  const capped = first?.count_capped === true;
  const isRefreshingView = query.isPlaceholderData && query.isFetching;
  // Durations stop where the data was last known current, never before it was fetched.
  const durationNow =
    clock.frozenAt === null
      ? clock.now
      : Math.max(clock.frozenAt, query.dataUpdatedAt);

  if (jobs.length === 0 && stable.heldCount === 0) {
    return (
      <div className="state" aria-busy={isRefreshingView}>
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
    <div className="job-list">
      <div className="list-bar">
        <p className="list-summary num" aria-live="polite">
          Showing {formatNumber(jobs.length)} of {formatNumber(total)}
          {capped ? "+" : ""}
        </p>
        {clock.frozenAt !== null ? (
          <p className="list-frozen">
            Durations frozen at {formatClock(durationNow)}
          </p>
        ) : null}
        <NewJobsBanner count={stable.heldCount} onShow={reveal} />
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
      <div
        className={`table-wrap${isRefreshingView ? " is-stale" : ""}`}
        aria-busy={isRefreshingView}
      >
        <JobsTable
          jobs={jobs}
          now={clock.now}
          durationNow={durationNow}
          frozen={clock.frozenAt !== null}
          isHighlighted={stable.isHighlighted}
          showActions={showActions}
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
  );
}
