"""The API's job documents, written as JSON by PostgreSQL.

A list page, a job and a history are each one SQL statement whose rows are JSON text:
the page of jobs with each job's newest statuses (a LATERAL subquery on the history's
index), the actor's username joined in. Python passes the text through instead of
building a model, a serializer and a dict per job and per status, which cost a list
request most of its time. api.serializers.JobSerializer remains the reference: a test
pins these documents to its output.

Statements are sent with server-side binding and prepared on their connection after
their first use (psycopg), so a list shape is planned once per pooled connection, not
once per request. Behind PgBouncer in transaction mode (DB_PREPARE=0) they are not.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router

from jobs.models import Job

HISTORY_IN_LIST = 10

# One history entry: {"id", "status_type", "timestamp", "actor", "reason"}.
STATUS_JSON = """json_build_object(
    'id', s.id, 'status_type', s.status_type, 'timestamp', jobs_iso(s.timestamp),
    'actor', u.username, 'reason', nullif(s.reason, ''))"""


def job_json(history: str) -> str:
    """Job j as JSON, ``history`` being an expression for its status entries (a json
    array, or null for none)."""
    return f"""json_build_object(
    'id', j.id, 'name', j.name, 'current_status', j.current_status,
    'current_status_at', jobs_iso(j.current_status_at), 'created_at', jobs_iso(j.created_at),
    'updated_at', jobs_iso(j.updated_at), 'status_history', coalesce({history}, '[]'::json))"""


# A job with its history from column items of a LATERAL subquery h.
JOB_JSON = job_json("h.items")

# Every status of job j, oldest first, as a json array (null for none).
ALL_STATUSES = f"""(
    SELECT json_agg({STATUS_JSON} ORDER BY s.timestamp, s.id)
    FROM jobs_jobstatus AS s LEFT JOIN auth_user AS u ON u.id = s.actor_id
    WHERE s.job_id = j.id
)"""

# The newest HISTORY_IN_LIST statuses of job j, oldest first.
RECENT_HISTORY = f"""LEFT JOIN LATERAL (
    SELECT json_agg({STATUS_JSON} ORDER BY s.timestamp, s.id) AS items
    FROM (
        SELECT id, status_type, timestamp, actor_id, reason FROM jobs_jobstatus
        WHERE job_id = j.id ORDER BY timestamp DESC, id DESC LIMIT {HISTORY_IN_LIST}
    ) AS s LEFT JOIN auth_user AS u ON u.id = s.actor_id
) AS h ON true"""

# One job with its whole history.
JOB_DOCUMENT = f"SELECT {job_json(ALL_STATUSES)}::text FROM jobs_job AS j WHERE j.id = %s"

HISTORY_DOCUMENT = f"""
SELECT coalesce(json_agg({STATUS_JSON} ORDER BY s.timestamp, s.id), '[]')::text
FROM jobs_job AS j JOIN jobs_jobstatus AS s ON s.job_id = j.id
LEFT JOIN auth_user AS u ON u.id = s.actor_id WHERE j.id = %s GROUP BY j.id"""


@dataclass(frozen=True)
class Position:
    """A place in a list's order: just after (``forward``) or just before the row whose
    sort value and id these are."""

    ordering: tuple[str, ...]
    forward: bool
    value: Any
    last_id: int


@dataclass(frozen=True)
class PageRow:
    key: str  # the row's value of the sort column, a time as the API writes it
    id: int
    document: str  # the job as JSON, its newest statuses included


def fetch(
    sql: str,
    params: Sequence[Any] | Mapping[str, Any],
    *,
    write: bool = False,
    prepare: bool = True,
) -> list[tuple[Any, ...]]:
    """Rows of ``sql``, through the psycopg connection Django holds (so inside its
    transaction, if any): the primary's for a ``write``, otherwise the one the database
    router reads jobs from (a replica, see config.db_router). Bound server-side and,
    unless ``prepare`` is off, prepared on that connection (see the module docstring).
    Errors are Django's, and the statement is logged where Django logs queries (DEBUG,
    the tests' counts)."""
    connection = connections[DEFAULT_DB_ALIAS if write else router.db_for_read(Job)]
    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=settings.DB_PREPARE and prepare)
        rows = cursor.fetchall() if cursor.description is not None else []
    if connection.queries_logged:
        # As Django logs its own: the statement with its values in it.
        text = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
        connection.queries_log.append({"sql": text, "time": f"{time.monotonic() - started:.3f}"})
    return rows


PAGE_COLUMNS = ("id", "name", "current_status", "current_status_at", "created_at", "updated_at")


def page(
    *,
    where: str,
    params: Sequence[Any],
    ordering: tuple[str, ...],
    after: Position | None,
    limit: int,
    offset: int = 0,
    narrow_first: bool = False,
    prepare: bool = True,
) -> list[PageRow]:
    """The rows of a list page in the order ``ordering`` (read backwards when ``after``
    goes back): those matching ``where`` beyond ``after``, ``limit`` of them after
    skipping ``offset``. ``where`` is a condition on jobs_job's columns (see
    selectors.job_where).

    With ``narrow_first`` the page's ids are picked first, from the sort column, id and
    ``where``'s columns only, and the jobs read after: when the sort's index carries
    the columns ``where`` filters on, the pick is an index-only scan that skips the jobs
    left out without reading them. ``prepare`` as for fetch."""
    column = ordering[0].lstrip("-")
    descending = ordering[0].startswith("-")
    forward = after is None or after.forward
    direction = "DESC" if descending == forward else "ASC"
    conditions, values = [where], list(params)
    if after is not None:
        # Row comparison: served by the (column, id) index, ties on column included.
        conditions.append(f"({column}, id) {'<' if direction == 'DESC' else '>'} (%s, %s)")
        values += [after.value, after.last_id]
    picked = (
        f"FROM jobs_job WHERE {' AND '.join(conditions)} "
        f"ORDER BY {column} {direction}, id {direction} LIMIT %s OFFSET %s"
    )
    if narrow_first:
        source = f"""
            SELECT {", ".join(f"t.{c}" for c in PAGE_COLUMNS)}, p.k
            FROM (SELECT id, {column} AS k {picked}) AS p JOIN jobs_job AS t ON t.id = p.id"""
    else:
        source = f"SELECT {', '.join(PAGE_COLUMNS)}, {column} AS k {picked}"
    # The key as text: only the page's first and last rows' keys are used (its
    # cursors), and loading every row's time as a datetime was a tenth of a list
    # request's Python.
    key = "jobs_iso(j.k)" if is_time(column) else "j.k"
    sql = f"""
        SELECT {key}, j.id, {JOB_JSON}::text
        FROM ({source}) AS j
        {RECENT_HISTORY}
        ORDER BY j.k {direction}, j.id {direction}"""
    rows = fetch(sql, [*values, limit, offset], prepare=prepare)
    return [PageRow(key, job_id, document) for key, job_id, document in rows]


def job(job_id: int) -> str | None:
    """One job as JSON with its whole history, or None."""
    rows = fetch(JOB_DOCUMENT, [job_id])
    return str(rows[0][0]) if rows else None


def history(job_id: int) -> str | None:
    """A job's statuses, oldest first, as a JSON array; None when there is no job."""
    rows = fetch(HISTORY_DOCUMENT, [job_id])
    return str(rows[0][0]) if rows else None


def is_time(column: str) -> bool:
    """Whether ``column`` (a sort column) holds times: a page writes its keys with
    jobs_iso, and a cursor's key is read back as a datetime."""
    return column.endswith("_at")
