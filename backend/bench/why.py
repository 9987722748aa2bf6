"""Why the design: each choice against its naive alternative, on the same data.
Median wall time of the SQL through one connection, or of the API where noted."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from psycopg_pool import ConnectionPool

from bench.shapes import JOBS, Data, Shape
from bench.timing import Caller
from jobs.api.pagination import DEFAULT_PAGE_SIZE

NAIVE_CURRENT = """
(SELECT s.status_type FROM jobs_jobstatus s WHERE s.job_id = j.id
  ORDER BY s.timestamp DESC, s.id DESC LIMIT 1)
"""
COLUMNS = "j.id, j.name, j.created_at, j.updated_at, j.current_status, j.current_status_at"
FIRST_PAGE = "ORDER BY j.created_at DESC, j.id DESC LIMIT 21"
NEWEST = f"SELECT {COLUMNS} FROM jobs_job j {FIRST_PAGE}"
COUNTERS = "SELECT * FROM jobs_jobcounts WHERE id = 1"
NO_INDEXES = (
    "SET enable_indexscan = off",
    "SET enable_bitmapscan = off",
    "SET enable_indexonlyscan = off",
)


def _median_ms(run: Callable[[], object], reps: int) -> float:
    """Median of ``reps`` timed calls of ``run`` after one untimed call."""
    run()
    timings = []
    for _ in range(reps):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3)


def sql_ms(sql: str, *, reps: int, setup: tuple[str, ...] = ()) -> float:
    """Median wall time of ``sql``, fetching every row."""
    with connection.cursor() as cursor:
        for statement in setup:
            cursor.execute(statement)

        def fetch() -> None:
            cursor.execute(sql)
            cursor.fetchall()

        try:
            return _median_ms(fetch, reps)
        finally:
            if setup:
                cursor.execute("RESET ALL")


def api_ms(caller: Caller, params: dict[str, str], reps: int) -> float:
    shape = Shape("why", "why", JOBS, params)

    def call() -> None:
        answer = caller(shape)
        if answer.status != 200:
            raise RuntimeError(f"why: {params} -> {answer.status}: {answer.content!r}")

    return _median_ms(call, reps)


def connection_ms(reps: int) -> tuple[float, float]:
    """(a new connection + SELECT 1, a pooled checkout + SELECT 1), with the settings'
    connection parameters but none of Django's psycopg customisations."""
    import psycopg

    kwargs = connection.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
        kwargs.pop(key, None)

    def fresh() -> None:
        with psycopg.connect(**kwargs) as conn:
            conn.execute("SELECT 1").fetchone()

    with ConnectionPool(
        kwargs=kwargs, min_size=1, max_size=1, check=ConnectionPool.check_connection, open=True
    ) as pool:

        def pooled() -> None:
            with pool.connection() as conn:
                conn.execute("SELECT 1").fetchone()

        return _median_ms(fresh, reps), _median_ms(pooled, reps)


def run(caller: Caller, *, reps: int, slow_reps: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(name: str, design: str, design_ms: float, naive: str, naive_ms: float) -> None:
        out.append(
            {
                "name": name,
                "kind": "why",
                "design": design,
                "design_ms": design_ms,
                "naive": naive,
                "naive_ms": naive_ms,
                "speedup": round(naive_ms / design_ms, 1) if design_ms else None,
            }
        )

    def by_status(status: str, *, naive: bool) -> str:
        column = NAIVE_CURRENT if naive else "j.current_status"
        return f"SELECT {COLUMNS} FROM jobs_job j WHERE {column} = '{status}' {FIRST_PAGE}"

    for status, design, naive in [
        (
            "FAILED",
            "denormalized jobs_job.current_status + (status, created_at, id) index",
            "newest JobStatus per job (correlated subquery over the history)",
        ),
        ("PENDING", "denormalized column + index", "correlated subquery over the history"),
    ]:
        add(
            f"status filter, first page ({status}{', rarest' if status == 'PENDING' else ''})",
            design,
            sql_ms(by_status(status, naive=False), reps=reps),
            naive,
            sql_ms(by_status(status, naive=True), reps=slow_reps),
        )
    grouped = "SELECT current_status, count(*) FROM jobs_job GROUP BY 1"
    add(
        "jobs by status (stats)",
        "counters row (jobs_jobcounts, kept by statement triggers)",
        sql_ms(COUNTERS, reps=reps),
        grouped,
        sql_ms(grouped, reps=slow_reps),
    )
    add(
        "jobs by status from the history alone",
        "counters row",
        sql_ms(COUNTERS, reps=reps),
        "DISTINCT ON (job_id) newest status, then GROUP BY",
        sql_ms(
            "SELECT status_type, count(*) FROM (SELECT DISTINCT ON (job_id) job_id, status_type "
            "FROM jobs_jobstatus ORDER BY job_id, timestamp DESC, id DESC) t GROUP BY 1",
            reps=max(1, slow_reps // 2),
        ),
    )
    add(
        "newest first page without its index",
        "index scan of job_created_idx",
        sql_ms(NEWEST, reps=reps),
        "enable_indexscan/bitmapscan/indexonlyscan off: Seq Scan + top-N sort",
        sql_ms(NEWEST, reps=slow_reps, setup=NO_INDEXES),
    )
    data = Data(caller)
    deep = max(2, min(50_000, data.last_page({})))
    token = data.cursor_at({}, (deep - 1) * DEFAULT_PAGE_SIZE - 1)
    add(
        f"page {deep:,} of newest (API)",
        "keyset cursor",
        api_ms(caller, {"cursor": token}, reps),
        "page number (OFFSET)",
        api_ms(caller, {"page": str(deep)}, slow_reps),
    )
    fresh, pooled = connection_ms(reps)
    add(
        "database connection per request",
        "pooled checkout (psycopg_pool, health-checked) + SELECT 1",
        pooled,
        "new connection + SELECT 1",
        fresh,
    )
    return out
