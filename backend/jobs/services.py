"""Writes. Each service is one transaction; views call exactly one of them.

A single-job write returns the job with ``document``, the job as the API answers it,
written by PostgreSQL within the write's own transaction (jobs.documents): a write is
never read back. ``actor`` is the user acting (None for system loads); it is recorded
on the history rows and as the job's creator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from jobs import documents
from jobs.models import ALLOWED_NEXT, Job, StatusType


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


# Creating a job is one statement: the job, its first status, and the job as the API
# answers it (the first status's actor name joined in).
CREATE = f"""
WITH job AS (
    INSERT INTO jobs_job (name, created_at, updated_at, current_status, current_status_at,
                          created_by_id)
    VALUES (%s, %s, %s, 'PENDING', %s, %s)
    RETURNING *
), first AS (
    INSERT INTO jobs_jobstatus (job_id, status_type, timestamp, actor_id, reason)
    SELECT id, 'PENDING', created_at, created_by_id, '' FROM job
    RETURNING *
)
SELECT j.id, {documents.JOB_JSON}::text
FROM job AS j
CROSS JOIN LATERAL (
    SELECT json_build_array({documents.STATUS_JSON}) AS items
    FROM first AS s LEFT JOIN auth_user AS u ON u.id = s.actor_id
) AS h
"""

LOCK = "SELECT name, current_status, current_status_at FROM jobs_job WHERE id = %s FOR UPDATE"

DELETE = """
WITH history AS (DELETE FROM jobs_jobstatus WHERE job_id = %s)
DELETE FROM jobs_job WHERE id = %s RETURNING id
"""

# A rename and/or status change is this one statement, so one transaction (run in
# autocommit, it is its own). ``cur`` locks the job row; when another write held the
# lock, PostgreSQL re-reads the row once it is released, so the check and the writes
# always go by the job's real status. ``plan`` works out what changes: a status only
# when it differs and the lifecycle leads there from the current one (``allowed`` names
# the statuses it may come from), a name only when it differs. The new status row is
# never older than the current one (clocks may step back). The answer is the job as the
# API answers it, its history being the rows the statement saw plus the one it added.
# Those rows are the statement's snapshot, taken before any wait for the lock: if the
# job changed meanwhile (``fresh`` false: the row locked is not the row the snapshot
# holds), job_update reads the document again.
CHANGE = f"""
WITH cur AS (
    SELECT id, name, current_status, current_status_at, xmin AS row_version
    FROM jobs_job WHERE id = %(job)s FOR UPDATE
), plan AS (
    SELECT cur.*,
        nullif(%(name)s::text, cur.name) AS new_name,
        nullif(%(status)s::text, cur.current_status) AS new_status,
        greatest(%(now)s::timestamptz, cur.current_status_at) AS at
    FROM cur
), checked AS (
    SELECT plan.*, (new_status IS NULL OR current_status = ANY(%(allowed)s::text[])) AS ok
    FROM plan
), added AS (
    INSERT INTO jobs_jobstatus (job_id, status_type, timestamp, actor_id, reason)
    SELECT id, new_status, at, %(actor)s, %(reason)s FROM checked
    WHERE ok AND new_status IS NOT NULL
    RETURNING id, status_type, timestamp, actor_id, reason
), changed AS (
    UPDATE jobs_job AS j
    SET name = coalesce(c.new_name, c.name),
        current_status = coalesce(c.new_status, c.current_status),
        current_status_at = CASE WHEN c.new_status IS NULL THEN c.current_status_at ELSE c.at END,
        updated_at = CASE WHEN c.new_status IS NULL THEN %(now)s::timestamptz ELSE c.at END
    FROM checked AS c
    WHERE j.id = c.id AND c.ok AND (c.new_status IS NOT NULL OR c.new_name IS NOT NULL)
    RETURNING j.*
), job AS (
    SELECT * FROM changed
    UNION ALL
    SELECT j.* FROM jobs_job AS j JOIN checked AS c ON j.id = c.id
    WHERE NOT EXISTS (SELECT FROM changed)
)
SELECT c.ok, c.current_status,
    (SELECT t.xmin = c.row_version FROM jobs_job AS t WHERE t.id = c.id) AS fresh,
    j.name, j.current_status, j.current_status_at, j.created_at, j.updated_at,
    j.created_by_id,
    CASE WHEN c.ok THEN {documents.job_json("h.items")}::text END
FROM checked AS c JOIN job AS j ON j.id = c.id
CROSS JOIN LATERAL (
    SELECT json_agg({documents.STATUS_JSON} ORDER BY s.timestamp, s.id) AS items
    FROM (SELECT id, status_type, timestamp, actor_id, reason
          FROM jobs_jobstatus WHERE job_id = c.id AND c.ok
          UNION ALL SELECT * FROM added) AS s
    LEFT JOIN auth_user AS u ON u.id = s.actor_id
) AS h
"""


JOB_FIELDS = (
    "name",
    "current_status",
    "current_status_at",
    "created_at",
    "updated_at",
    "created_by_id",
)


def _actor_id(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def job_create(*, name: str, actor: Any = None) -> Job:
    """Create a job with its initial PENDING status: one statement, so one transaction.

    The returned job carries ``document``, itself as the API answers it."""
    now = timezone.now()
    ((job_id, document),) = documents.fetch(
        CREATE, [name, now, now, now, _actor_id(actor)], write=True
    )
    job = Job(
        id=job_id,
        name=name,
        created_at=now,
        updated_at=now,
        current_status=StatusType.PENDING,
        current_status_at=now,
        created_by_id=_actor_id(actor),
    )
    job.document = document
    return job


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

    One statement (CHANGE): the lock, the new status row and the update, returning the
    job as the API answers it (``document``); a second one only when another write to
    the job came in while this one waited for its lock.

    Raises Job.DoesNotExist when the job is gone (deleted meanwhile included), and
    TransitionNotAllowed, changing nothing, when the lifecycle forbids the move.
    """
    now = timezone.now()
    rows = documents.fetch(
        CHANGE,
        {
            "job": job_id,
            "name": name,
            "status": status_type,
            "allowed": _moving_to(status_type) if status_type is not None else [],
            "now": now,
            "actor": _actor_id(actor),
            "reason": reason,
        },
        write=True,
    )
    if not rows:
        raise Job.DoesNotExist(f"No job {job_id}.")
    ((ok, current, fresh, *fields, document),) = rows
    if not ok:
        assert status_type is not None  # only a status change can be refused
        raise TransitionNotAllowed(current, status_type)
    job = Job(id=job_id, **dict(zip(JOB_FIELDS, fields, strict=True)))
    if not fresh:
        # What the snapshot held is older than the job: read the job and its answer.
        document = documents.job(job_id)
        if document is None:  # deleted once this change was made
            raise Job.DoesNotExist(f"No job {job_id}.")
        job.refresh_from_db(fields=JOB_FIELDS)
    job.document = document
    return job


def job_status_set(*, job_id: int, status_type: str, reason: str = "", actor: Any = None) -> Job:
    """Move the job to ``status_type`` (see job_update)."""
    return job_update(job_id=job_id, status_type=status_type, reason=reason, actor=actor)


@transaction.atomic
def job_delete(*, job_id: int) -> None:
    """Delete a job and its whole history.

    Locking the job first means no concurrent status insert can slip in between the
    deletion of the history and of the job. Two statements: the lock, then one delete
    of both. Raises Job.DoesNotExist when it is gone.
    """
    if not documents.fetch(LOCK, [job_id], write=True):
        raise Job.DoesNotExist(f"No job {job_id}.")
    documents.fetch(DELETE, [job_id, job_id], write=True)


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
                _actor_id(actor),
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
