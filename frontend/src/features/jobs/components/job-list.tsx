import { ErrorState } from "@/components/error-state";
import { useNow } from "@/hooks/use-now";
import { getErrorMessage } from "@/lib/api-client";
import { formatNumber } from "@/lib/format";
import { useJobs } from "../api/get-jobs";
import type { JobListFilters } from "../types";
import { JobsTable } from "./jobs-table";

type JobListProps = {
  filters: JobListFilters;
  hasFilters: boolean;
  onClearFilters: () => void;
};

export function JobList({ filters, hasFilters, onClearFilters }: JobListProps) {
  const query = useJobs(filters);
  const now = useNow(1000);

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
    return (
      <ErrorState
        title="Couldn’t load jobs."
        message={getErrorMessage(query.error)}
        onRetry={() => void query.refetch()}
        isRetrying={query.isFetching}
      />
    );
  }

  const pages = query.data.pages;
  const jobs = pages.flatMap((page) => page.results);
  const first = pages[0];
  const total = first?.count ?? 0;
  const capped = first?.count_capped === true;
  const isRefreshingView = query.isPlaceholderData && query.isFetching;

  if (jobs.length === 0) {
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
              Create one above, or POST to <code>/api/jobs/</code>.
            </p>
          </>
        )}
      </div>
    );
  }

  return (
    <div className="job-list">
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
        <JobsTable jobs={jobs} now={now} />
      </div>
      <div className="list-footer">
        <p className="list-summary num" aria-live="polite">
          Showing {formatNumber(jobs.length)} of {formatNumber(total)}
          {capped ? "+" : ""}
        </p>
        {query.hasNextPage ? (
          <button
            type="button"
            className="button"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? "Loading more…" : "Load more"}
          </button>
        ) : null}
      </div>
      {query.isFetchNextPageError ? (
        <p role="alert" className="alert alert--error">
          Couldn’t load more jobs: {getErrorMessage(query.error)}
        </p>
      ) : null}
    </div>
  );
}
