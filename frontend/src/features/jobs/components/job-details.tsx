import { Link, useLocation, useNavigate } from "react-router";
import { ErrorState } from "@/components/error-state";
import { RelativeTime } from "@/components/relative-time";
import { useDocumentTitle } from "@/hooks/use-document-title";
import { useNow } from "@/hooks/use-now";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { formatDuration } from "@/lib/format";
import { useJob } from "../api/get-job";
import type { Job } from "../types";
import { totalsByStatus } from "../utils/status-durations";
import { DeleteJobButton } from "./delete-job-button";
import { StatusBadge } from "./status-badge";
import { StatusSelect } from "./status-select";
import { StatusTimeline } from "./status-timeline";

/** Where "back" goes: the list view the user came from, filters included. */
function useListHref(): string {
  const state: unknown = useLocation().state;
  if (
    typeof state === "object" &&
    state !== null &&
    "listSearch" in state &&
    typeof state.listSearch === "string" &&
    state.listSearch.startsWith("?")
  ) {
    return `/${state.listSearch}`;
  }
  return "/";
}

export function JobNotFound() {
  return (
    <div className="state">
      <h1 className="state__title">Job not found</h1>
      <p className="state__message">
        It may have been deleted, or the link is wrong.
      </p>
      <Link to="/" className="button">
        Back to all jobs
      </Link>
    </div>
  );
}

export function JobDetails({ id }: { id: number }) {
  const query = useJob(id);
  const listHref = useListHref();
  const notFound =
    query.error instanceof ApiError && query.error.status === 404;
  useDocumentTitle(
    notFound ? "Job not found" : (query.data?.name ?? `Job #${id}`),
  );

  if (notFound) {
    return <JobNotFound />;
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={listHref}>← All jobs</Link>
      </nav>
      {query.isPending ? (
        <JobLoading />
      ) : query.isError && !query.data ? (
        <ErrorState
          title="Couldn’t load this job."
          message={getErrorMessage(query.error)}
          onRetry={() => void query.refetch()}
          isRetrying={query.isFetching}
        />
      ) : (
        <JobView job={query.data} listHref={listHref} />
      )}
    </>
  );
}

function JobLoading() {
  return (
    <div aria-busy="true" className="detail-loading">
      <p role="status">Loading job…</p>
      <div className="skeleton-row" aria-hidden="true" />
      <div className="skeleton-row" aria-hidden="true" />
    </div>
  );
}

function JobView({ job, listHref }: { job: Job; listHref: string }) {
  const now = useNow(1000);
  const navigate = useNavigate();
  const totals = totalsByStatus(job.status_history, now);

  return (
    <article className="job-detail">
      <header className="job-detail__header">
        <div className="job-detail__title">
          <h1 className="break-anywhere">{job.name}</h1>
          <StatusBadge status={job.current_status} />
        </div>
        <div className="job-detail__actions">
          <StatusSelect job={job} label="Change status" />
          <DeleteJobButton
            job={job}
            onDeleted={() => void navigate(listHref, { replace: true })}
          />
        </div>
      </header>

      <dl className="facts">
        <div className="fact">
          <dt>Job ID</dt>
          <dd className="num">#{job.id}</dd>
        </div>
        <div className="fact">
          <dt>Created</dt>
          <dd>
            <RelativeTime iso={job.created_at} now={now} />
          </dd>
        </div>
        <div className="fact">
          <dt>Updated</dt>
          <dd>
            <RelativeTime iso={job.updated_at} now={now} />
          </dd>
        </div>
        <div className="fact">
          <dt>Status since</dt>
          <dd>
            <RelativeTime iso={job.current_status_at} now={now} />
          </dd>
        </div>
        <div className="fact">
          <dt>Time queued</dt>
          <dd className="num">{formatDuration(totals.PENDING)}</dd>
        </div>
        <div className="fact">
          <dt>Time running</dt>
          <dd className="num">{formatDuration(totals.RUNNING)}</dd>
        </div>
      </dl>

      <section aria-labelledby="history-heading" className="panel">
        <h2 id="history-heading" className="panel__title">
          History{" "}
          <span className="muted num">
            ({job.status_history.length}{" "}
            {job.status_history.length === 1 ? "change" : "changes"})
          </span>
        </h2>
        <StatusTimeline history={job.status_history} now={now} />
      </section>
    </article>
  );
}
