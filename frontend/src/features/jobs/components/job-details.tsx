import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { ErrorState } from "@/components/error-state";
import { ChevronDownIcon } from "@/components/icons";
import { MenuButton } from "@/components/menu-button";
import { Timestamp } from "@/components/timestamp";
import { useDocumentTitle } from "@/hooks/use-document-title";
import { ApiError, getErrorMessage } from "@/lib/api-client";
import { useCan } from "@/lib/auth/authorization";
import { formatClock, formatDuration } from "@/lib/format";
import { useJob } from "../api/get-job";
import { useLiveClock } from "../hooks/use-live-updates";
import type { Job } from "../types";
import { totalsByStatus } from "../utils/status-durations";
import { transitionItems } from "../utils/transition-items";
import { ChangeStatusDialog, type Transition } from "./change-status-dialog";
import { DeleteJobDialog } from "./delete-job-dialog";
import { StatusBadge } from "./status-badge";
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
        <JobView
          job={query.data}
          listHref={listHref}
          fetchedAt={query.dataUpdatedAt}
        />
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

function JobView({
  job,
  listHref,
  fetchedAt,
}: {
  job: Job;
  listHref: string;
  fetchedAt: number;
}) {
  const { now, durationNow, frozen } = useLiveClock(fetchedAt);
  const navigate = useNavigate();
  const canChangeStatus = useCan("change_status");
  const canDelete = useCan("delete");
  const [deleting, setDeleting] = useState(false);
  const [transition, setTransition] = useState<Transition | null>(null);
  const totals = totalsByStatus(job.status_history, durationNow);

  return (
    <article className="job-detail">
      <header className="job-detail__header">
        <div className="job-detail__title">
          <h1 className="break-anywhere">{job.name}</h1>
          <StatusBadge status={job.current_status} />
        </div>
        {canChangeStatus || canDelete ? (
          <div className="job-detail__actions">
            {canChangeStatus ? (
              <>
                <MenuButton
                  label="Change status"
                  className="button"
                  items={transitionItems(job.current_status, (to) =>
                    setTransition({ from: job.current_status, to }),
                  )}
                >
                  Change status
                  <ChevronDownIcon />
                </MenuButton>
                <ChangeStatusDialog
                  job={job}
                  transition={transition}
                  onClose={() => setTransition(null)}
                />
              </>
            ) : null}
            {canDelete ? (
              <button
                type="button"
                className="button button--danger-quiet"
                onClick={() => setDeleting(true)}
              >
                Delete
              </button>
            ) : null}
            <DeleteJobDialog
              job={job}
              open={deleting}
              onClose={() => setDeleting(false)}
              onDeleted={() => void navigate(listHref, { replace: true })}
            />
          </div>
        ) : null}
      </header>

      <dl className="facts">
        <div className="fact">
          <dt>Job ID</dt>
          <dd className="num">#{job.id}</dd>
        </div>
        <div className="fact">
          <dt>Created</dt>
          <dd>
            <Timestamp iso={job.created_at} now={now} exact="always" />
          </dd>
        </div>
        <div className="fact">
          <dt>Updated</dt>
          <dd>
            <Timestamp iso={job.updated_at} now={now} exact="always" />
          </dd>
        </div>
        <div className="fact">
          <dt>Status since</dt>
          <dd>
            <Timestamp iso={job.current_status_at} now={now} exact="always" />
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
      {frozen ? (
        <p className="muted">
          Durations frozen at {formatClock(durationNow)}: live updates are not
          arriving.
        </p>
      ) : null}

      <section aria-labelledby="history-heading" className="panel">
        <h2 id="history-heading" className="panel__title">
          History{" "}
          <span className="muted num">
            ({job.status_history.length}{" "}
            {job.status_history.length === 1 ? "change" : "changes"})
          </span>
        </h2>
        <StatusTimeline
          history={job.status_history}
          now={now}
          durationNow={durationNow}
        />
      </section>
    </article>
  );
}
