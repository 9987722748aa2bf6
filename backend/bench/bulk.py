"""Bulk actions (POST /api/jobs/bulk/) through the WSGI handler, as a client sends them:
a status change of 1,000 listed jobs, one of every job matching a filter (up to
BULK_MAX_JOBS, the most one action takes: 100,000 by default), and a dry run of that
filter, checked against the list's own count.

The real actions move FAILED jobs back to PENDING (a retry, which the lifecycle allows
from FAILED only). Each run is undone exactly afterwards, outside the timed request: the
history rows it appended are deleted and the jobs get back their status and times, from
a copy of every FAILED job taken just before. The triggers follow both statements, so
the counters and roll-ups come back too; restore() checks the counters.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench import plans
from bench.report import BULK_FILTER_TARGET_S, BULK_IDS_TARGET_MS
from bench.shapes import JOBS, Data, Shape
from bench.timing import Caller, time_shape
from jobs import selectors
from jobs.api.serializers import BULK_MAX_IDS
from jobs.models import Job

BULK = f"{JOBS}bulk/"
FROM, TO = "FAILED", "PENDING"
COPY = "bench_bulk_before"
SNAPSHOT = f"""
CREATE UNLOGGED TABLE {COPY} AS
SELECT id, current_status, current_status_at, updated_at FROM jobs_job
WHERE current_status = %s
"""
UNDO_HISTORY = f"""
DELETE FROM jobs_jobstatus AS s USING {COPY} AS b WHERE s.job_id = b.id AND s.id > %s
"""
UNDO_JOBS = f"""
UPDATE jobs_job AS j
SET current_status = b.current_status, current_status_at = b.current_status_at,
    updated_at = b.updated_at
FROM {COPY} AS b
WHERE j.id = b.id AND (j.current_status, j.current_status_at, j.updated_at)
    IS DISTINCT FROM (b.current_status, b.current_status_at, b.updated_at)
"""


@contextmanager
def undone() -> Iterator[None]:
    """Whatever a bulk move of FAILED jobs does inside is undone on the way out."""
    before = selectors.job_counts().by_status()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {COPY}")
        cursor.execute("SELECT coalesce(max(id), 0) FROM jobs_jobstatus")
        high_water = cursor.fetchone()[0]
        cursor.execute(SNAPSHOT, [FROM])
    try:
        yield
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(UNDO_HISTORY, [high_water])
            cursor.execute(UNDO_JOBS)
            cursor.execute(f"DROP TABLE {COPY}")
        after = selectors.job_counts().by_status()
        if after != before:
            raise RuntimeError(f"bulk: counts not restored: {before} -> {after}")


def _body(target: dict[str, Any], *, dry_run: bool = False) -> dict[str, Any]:
    return {"action": "set_status", "status_type": TO, "reason": "bench", **target} | (
        {"dry_run": True} if dry_run else {}
    )


def _post(caller: Caller, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    """Milliseconds of one bulk request, and its answer; anything but a 200 is an error."""
    answer = caller.send(caller.environ("POST", BULK, body=body))
    if answer.status != 200:
        raise RuntimeError(f"bulk {body.get('filter', '')} -> {answer.status}: {answer.content!r}")
    return answer.seconds * 1000, answer.json()


class _RolledBack(Exception):
    pass


def explained(sqls: list[str]) -> list[dict[str, Any]]:
    """EXPLAIN ANALYZE of a request's statements (transaction control aside), each run
    again inside a transaction that is rolled back: a write's plan with the real row
    counts and times, its triggers' included, leaving the data as it was."""
    result = []
    for sql in sqls:
        if plans.kind(sql) == "transaction":
            continue
        try:
            with transaction.atomic():
                result.append(plans.explain(sql))
                raise _RolledBack
        except _RolledBack:
            pass
    return result


def _real(
    caller: Caller, name: str, target: dict[str, Any], *, reps: int, limit_ms: float
) -> dict[str, Any]:
    """``reps`` runs of a real bulk status change, each undone before the next; the
    first one's statements are explained afterwards (``explained``)."""
    runs: list[float] = []
    result: dict[str, Any] = {}
    sqls: list[str] = []
    for rep in range(reps):
        with undone(), CaptureQueriesContext(connection) as captured:
            ms, result = _post(caller, _body(target))
        runs.append(round(ms, 2))
        if rep == 0:
            sqls = [q["sql"] for q in captured.captured_queries]
    return {
        "kind": "bulk",
        "name": name,
        "by": next(iter(target)),  # ids or filter
        "action": f"set_status {FROM} -> {TO}",
        **{k: result[k] for k in ("matched", "changed", "skipped")},
        "runs_ms": runs,
        "p50_ms": round(statistics.median(runs), 2),
        "target_ms": limit_ms,
        "plans": explained(sqls),
    }


def filter_for(data: Data, jobs: int) -> dict[str, str]:
    """FAILED jobs, the newest ``jobs`` of them when there are more: created at or after
    the creation of the ``jobs``-th newest (creation times are distinct in the data set)."""
    wanted = {"status": FROM}
    if data.total(wanted) <= jobs:
        return wanted
    return {**wanted, "created_after": data.row_at(wanted, jobs - 1)["created_at"]}


def run(
    caller: Caller,
    *,
    id_reps: int = 5,
    filter_reps: int = 2,
    dry_reps: int = 20,
    log: Callable[[str], None] = lambda _: None,
) -> list[dict[str, Any]]:
    """The three bulk measurements; leaves every job as it was."""
    data = Data(caller)
    newest = Job.objects.filter(current_status=FROM).order_by("-id")
    ids = list(newest.values_list("id", flat=True)[:BULK_MAX_IDS])
    wanted = filter_for(data, settings.BULK_MAX_JOBS)
    entries = [
        _real(
            caller,
            f"{len(ids):,} ids",
            {"ids": ids},
            reps=id_reps,
            limit_ms=BULK_IDS_TARGET_MS,
        ),
        _real(
            caller,
            "filter " + "&".join(f"{k}={v}" for k, v in wanted.items()),
            {"filter": wanted},
            reps=filter_reps,
            limit_ms=BULK_FILTER_TARGET_S * 1000,
        ),
    ]
    body = _body({"filter": wanted}, dry_run=True)
    # Both count afresh each time (cold): the list and a dry run of the same filter
    # share one kept count (selectors.ListCounts), which would leave nothing to compare.
    dry_shape = Shape("bulk dry run", "bulk", BULK, method="POST", body=lambda: body, cold=True)
    dry = time_shape(caller, dry_shape, reps=dry_reps, warmup=1)
    listed = time_shape(
        caller, Shape("list", "list", JOBS, wanted, cold=True), reps=dry_reps, warmup=1
    )
    answer = dry.last.json()
    with CaptureQueriesContext(connection) as captured:
        caller(dry_shape)
    entries.append(
        {
            "kind": "bulk",
            "name": "the same filter, dry run",
            "by": "dry_run",
            "action": f"set_status {FROM} -> {TO}, dry_run",
            **{k: answer[k] for k in ("matched", "changed", "skipped")},
            "runs_ms": [],
            "p50_ms": dry.p50_ms,
            "target_ms": None,
            "list_count": listed.last.json()["count"],
            "list_p50_ms": listed.p50_ms,
            "plans": explained([q["sql"] for q in captured.captured_queries]),
        }
    )
    for e in entries:
        log(
            f"  {e['name'][:58]:<58} matched {e['matched']:>7,}  changed {e['changed']:>7,}  "
            f"p50 {e['p50_ms']:9.2f} ms"
        )
    if not connection.in_atomic_block:  # the undone rows, gone before the next measurements
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) jobs_job, jobs_jobstatus")
    return entries
