"""Writes. Each service is one transaction; views call exactly one of them.

Each returns the job as the response shows it, history included, read inside its own
transaction: a write never has to be read back. ``actor`` is the user acting (None for
system loads); it is recorded on the history rows and as the job's creator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from jobs.models import ALLOWED_NEXT, Job, JobStatus, StatusType


class TransitionNotAllowed(Exception):
    """The lifecycle (models.ALLOWED_NEXT) does not lead from the job's status to the
    one asked for."""

    def __init__(self, current: str, requested: str) -> None:
        self.current = current
        self.requested = requested
        self.allowed = ALLOWED_NEXT[current]
        super().__init__(
            f"Cannot go from {current} to {requested}; allowed: {', '.join(self.allowed)}."
        )


@transaction.atomic
def job_create(*, name: str, actor: Any = None) -> Job:
    """Create a job with its initial PENDING status, in one transaction."""
    now = timezone.now()
    job = Job.objects.create(
        name=name,
        created_at=now,
        updated_at=now,
        current_status=StatusType.PENDING,
        current_status_at=now,
        created_by=actor,
    )
    first = JobStatus.objects.create(
        job=job, status_type=StatusType.PENDING, timestamp=now, actor=actor
    )
    return _with_history(job, [first])


@transaction.atomic
def job_update(
    *,
    job_id: int,
    name: str | None = None,
    status_type: str | None = None,
    reason: str = "",
    actor: Any = None,
) -> Job:
    """Rename a job and/or move it to another status, appending to its history.

    The job row is locked first, so concurrent updates of one job are applied one after
    another, each checked against the status it really has: every new status follows
    the lifecycle, gets a timestamp no older than the one before it (ties are broken by
    the higher id, which the sequence hands out in lock order), and the denormalized
    current status always equals the newest history row. Asking for the status the job
    already has appends nothing (agents may report the same status again).

    Raises Job.DoesNotExist when the job is gone (deleted meanwhile included), and
    TransitionNotAllowed, changing nothing, when the lifecycle forbids the move.
    """
    job = Job.objects.select_for_update().get(pk=job_id)
    if status_type == job.current_status:
        status_type = None
    if status_type is not None and status_type not in ALLOWED_NEXT[job.current_status]:
        raise TransitionNotAllowed(job.current_status, status_type)
    history = list(
        JobStatus.objects.filter(job_id=job_id).select_related("actor").order_by("timestamp", "id")
    )
    if name == job.name:
        name = None
    if name is None and status_type is None:
        return _with_history(job, history)
    now = timezone.now()
    fields = ["updated_at"]
    if name is not None:
        job.name = name
        fields.append("name")
    if status_type is not None:
        # The clock may step back (NTP) or differ between workers; never let a new
        # row look older than the current one.
        timestamp = max(now, job.current_status_at)
        history.append(
            JobStatus.objects.create(
                job=job, status_type=status_type, timestamp=timestamp, actor=actor, reason=reason
            )
        )
        job.current_status = status_type
        job.current_status_at = timestamp
        fields += ["current_status", "current_status_at"]
        now = max(now, timestamp)
    job.updated_at = now
    job.save(update_fields=fields)
    return _with_history(job, history)


def _with_history(job: Job, history: list[JobStatus]) -> Job:
    """The job with its whole history, oldest first, where the API's serializers look
    for it: the attribute selectors.job_get prefetches into."""
    job.history = history  # type: ignore[attr-defined]
    return job


def job_status_set(*, job_id: int, status_type: str, reason: str = "", actor: Any = None) -> Job:
    """Move the job to ``status_type`` (see job_update)."""
    return job_update(job_id=job_id, status_type=status_type, reason=reason, actor=actor)


@transaction.atomic
def job_delete(*, job_id: int) -> None:
    """Delete a job and its whole history.

    Locking the job first means no concurrent status insert can slip in between the
    deletion of the history and of the job. Raises Job.DoesNotExist when it is gone.
    """
    job = Job.objects.select_for_update().get(pk=job_id)
    job.delete()


@dataclass(frozen=True)
class BulkResult:
    matched: int
    changed: int

    @property
    def skipped(self) -> int:
        return self.matched - self.changed


def _locked(jobs: QuerySet[Job]) -> tuple[str, tuple[Any, ...]]:
    """SQL that locks ``jobs`` in id order: the fixed order every bulk action takes row
    locks in, so two of them cannot deadlock, and a single-job write (which locks one
    row) only ever waits."""
    query = jobs.order_by("id").values("id", "current_status", "current_status_at")
    sql, params = query.select_for_update(of=("self",)).query.sql_with_params()
    return sql, tuple(params)


BULK_SET_STATUS = """
WITH matched AS ({locked}),
moved AS (
    SELECT id, greatest(%s::timestamptz, current_status_at) AS at
    FROM matched WHERE current_status = ANY(%s)
),
added AS (
    INSERT INTO jobs_jobstatus (job_id, status_type, timestamp, actor_id, reason)
    SELECT id, %s, at, %s, %s FROM moved ORDER BY id
),
changed AS (
    UPDATE jobs_job AS j SET current_status = %s, current_status_at = m.at, updated_at = m.at
    FROM moved AS m WHERE j.id = m.id
    RETURNING 1
)
SELECT (SELECT count(*) FROM matched), (SELECT count(*) FROM changed)
"""

BULK_DELETE = """
WITH matched AS ({locked}),
history AS (DELETE FROM jobs_jobstatus AS s USING matched AS m WHERE s.job_id = m.id),
gone AS (DELETE FROM jobs_job AS j USING matched AS m WHERE j.id = m.id RETURNING 1)
SELECT (SELECT count(*) FROM matched), (SELECT count(*) FROM gone)
"""


def _moving_to(status_type: str) -> list[str]:
    """The statuses from which the lifecycle leads to ``status_type``."""
    return [s for s, allowed in ALLOWED_NEXT.items() if status_type in allowed]


@transaction.atomic
def jobs_bulk_set_status(
    *, jobs: QuerySet[Job], status_type: str, reason: str = "", actor: Any = None
) -> BulkResult:
    """Move every job of ``jobs`` that the lifecycle lets go to ``status_type``; skip
    the rest (those already there included). One statement, set-based: the history rows
    (with actor and reason), the current status and, through the triggers, the counters
    change together, in the same transaction."""
    locked, params = _locked(jobs)
    with connection.cursor() as cursor:
        cursor.execute(
            BULK_SET_STATUS.format(locked=locked),
            (
                *params,
                timezone.now(),
                _moving_to(status_type),
                status_type,
                getattr(actor, "pk", None),
                reason,
                status_type,
            ),
        )
        matched, changed = cursor.fetchone()
    return BulkResult(matched=matched, changed=changed)


@transaction.atomic
def jobs_bulk_delete(*, jobs: QuerySet[Job]) -> BulkResult:
    """Delete every job of ``jobs`` with its history, in one set-based statement."""
    locked, params = _locked(jobs)
    with connection.cursor() as cursor:
        cursor.execute(BULK_DELETE.format(locked=locked), params)
        matched, changed = cursor.fetchone()
    return BulkResult(matched=matched, changed=changed)


def bulk_preview(*, counts_by_status: dict[str, int], status_type: str | None) -> BulkResult:
    """What a bulk action would do to jobs with these status counts (a dry run):
    deleting changes them all; a status change moves those the lifecycle allows."""
    matched = sum(counts_by_status.values())
    if status_type is None:
        return BulkResult(matched=matched, changed=matched)
    moving = _moving_to(status_type)
    return BulkResult(matched=matched, changed=sum(counts_by_status[s] for s in moving))
