"""Server-side measurements: each request goes through Django's WSGI handler with the
real middleware, URL routing, DRF view, serializers and connection pool, exactly as
gunicorn calls it. Timing runs do not record queries; one extra run per shape captures
its SQL, which is then EXPLAINed (ANALYZE, FORMAT JSON) on the same database.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from bench.database import bench_token
from jobs import search, selectors, services
from jobs.api.pagination import DEFAULT_PAGE_SIZE, KeysetPagination, Position
from jobs.models import Job, JobStatus, StatusType

JOB_TABLES = ("jobs_job", "jobs_jobstatus")
LIST_TARGET_MS = 15.0
STATS_TARGET_MS = 5.0


@dataclass
class Shape:
    name: str
    group: str  # list (first pages), keyset, page (deep page numbers), stats, detail, write
    path: str
    params: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: Callable[[int], dict[str, Any]] | None = None
    reps: int | None = None
    target_ms: float | None = None
    # Forget cached search counts before each request: what the first request for a
    # search costs after any write (search.SearchCounts).
    cold: bool = False

    @property
    def url(self) -> str:
        if not self.params:
            return self.path
        return self.path + "?" + "&".join(f"{k}={v}" for k, v in self.params.items())


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = pct / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@contextmanager
def persistent_connection(keep: bool) -> Iterator[None]:
    """With ``keep``, requests reuse one connection (needed inside a test transaction);
    otherwise each request checks a connection out of the pool and returns it, as under
    gunicorn."""
    if not keep:
        yield
        return
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Caller:
    """Calls the WSGI application in process and returns (status, body, seconds)."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.factory = RequestFactory(HTTP_AUTHORIZATION=f"Token {bench_token()}")
        # Python CPU time of the last request: unlike wall time, not inflated when other
        # processes compete for the cores (PostgreSQL's share is in sql_ms).
        self.last_cpu = 0.0

    def __call__(self, shape: Shape, rep: int) -> tuple[int, bytes, float]:
        if shape.cold:
            search.search_counts.clear()
        if shape.method == "GET":
            request = self.factory.get(shape.path, shape.params)
        else:
            body = json.dumps(shape.body(rep) if shape.body else {})
            request = self.factory.generic(
                shape.method, shape.path, body, content_type="application/json"
            )
        environ = request.environ
        status: list[str] = []

        def start_response(code: str, headers: Any, exc_info: Any = None) -> None:
            status.append(code)

        cpu = time.process_time()
        started = time.perf_counter()
        response = self.handler(environ, start_response)  # type: ignore[arg-type]
        try:
            content = b"".join(response)
        finally:
            response.close()  # fires request_finished, as a WSGI server does
        elapsed = time.perf_counter() - started
        self.last_cpu = time.process_time() - cpu
        return int(status[0].split()[0]), content, elapsed


def _walk(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _walk(child)


def explain(sql_text: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql_text)
        raw = cursor.fetchone()[0]
    doc = raw if isinstance(raw, list) else json.loads(raw)
    root = doc[0]
    nodes = []
    for node in _walk(root["Plan"]):
        label = node["Node Type"]
        if node.get("Index Name"):
            label += f" using {node['Index Name']}"
        if node.get("Relation Name"):
            label += f" on {node['Relation Name']}"
        nodes.append(
            {
                "node": node["Node Type"],
                "label": label,
                "relation": node.get("Relation Name"),
                "index": node.get("Index Name"),
            }
        )
    return {
        "sql": sql_text,
        "execution_ms": round(root.get("Execution Time", 0.0), 3),
        "planning_ms": round(root.get("Planning Time", 0.0), 3),
        "nodes": nodes,
    }


def _explainable(sql_text: str) -> bool:
    head = sql_text.lstrip().upper()
    return head.startswith("SELECT") and "FOR UPDATE" not in head and "django_cache" not in sql_text


def plan_flags(plans: list[dict[str, Any]]) -> tuple[bool | None, bool]:
    """(uses an index on jobs/statuses, has a Seq Scan on jobs/statuses)."""
    scans: list[str] = []
    indexed = False
    for plan in plans:
        for node in plan["nodes"]:
            if node["relation"] in JOB_TABLES:
                scans.append(node["node"])
            if node["index"] and (
                node["relation"] in JOB_TABLES
                or node["index"].startswith(("job_", "status_", "jobs_"))
            ):
                indexed = True
    seq = "Seq Scan" in scans
    if not scans and not indexed:
        return None, False
    return indexed and not seq, seq


def measure_shape(
    caller: Caller, shape: Shape, *, reps: int, warmup: int, explain_plans: bool = True
) -> dict[str, Any]:
    reps = shape.reps or reps
    timings: list[float] = []
    cpu: list[float] = []
    code, content = 0, b""
    for rep in range(warmup + reps):
        code, content, seconds = caller(shape, rep)
        if code >= 400:
            raise RuntimeError(f"{shape.name}: {shape.method} {shape.url} -> {code}: {content!r}")
        if rep >= warmup:
            timings.append(seconds * 1000)
            cpu.append(caller.last_cpu * 1000)
    with CaptureQueriesContext(connection) as captured:
        caller(shape, warmup + reps)
    sqls = [q["sql"] for q in captured.captured_queries]
    plans = [explain(s) for s in sqls if explain_plans and _explainable(s)]
    uses_index, seq_scan = plan_flags(plans)
    data = json.loads(content) if content else None
    results = len(data["results"]) if isinstance(data, dict) and "results" in data else None
    return {
        "name": shape.name,
        "kind": "request",
        "group": shape.group,
        "method": shape.method,
        "url": shape.url,
        "status": code,
        "reps": reps,
        "results": results,
        "count": data.get("count") if isinstance(data, dict) else None,
        "queries": len(sqls),
        "p50_ms": round(statistics.median(timings), 3),
        "p95_ms": round(percentile(timings, 95), 3),
        "min_ms": round(min(timings), 3),
        "python_cpu_p50_ms": round(statistics.median(cpu), 3),
        "sql_ms": round(sum(p["execution_ms"] for p in plans), 3),
        "plan_uses_index": uses_index,
        "seq_scan": seq_scan,
        "plans": plans,
        "target_ms": shape.target_ms,
    }


# --- shapes -------------------------------------------------------------------------


def cursor_at(*, filters: selectors.JobListFilters, offset: int, direction: str = "n") -> str:
    """The cursor a client would hold after reading ``offset + 1`` rows of this list:
    built from the row at ``offset`` with the API's own signing, instead of walking."""
    column = selectors.SORTS[filters.sort][0].lstrip("-")
    row = (
        selectors.job_list(filters=filters)
        .prefetch_related(None)
        .only("id", column)[offset : offset + 1]
        .get()
    )
    ordering = selectors.SORTS[filters.sort]
    position = Position(ordering, direction == "n", getattr(row, column), row.pk)
    return KeysetPagination().encode_cursor(position)


def _filters(params: dict[str, str]) -> selectors.JobListFilters:
    statuses = tuple(params["status"].split(",")) if "status" in params else ()
    return selectors.JobListFilters(
        statuses=statuses,
        search=params.get("search", ""),
        sort=params.get("sort", selectors.DEFAULT_SORT),
    )


def _total(params: dict[str, str]) -> int:
    return selectors.job_count(filters=_filters(params))[0]


def _fmt(page: int) -> str:
    return f"{page:,}"


def keyset_shapes(label: str, params: dict[str, str], pages: list[int]) -> list[Shape]:
    """First keyset page and pages ``pages`` (1-based); a page past the end becomes the
    last page."""
    size = DEFAULT_PAGE_SIZE
    last = max(1, -(-_total(params) // size))
    shapes = [
        Shape(f"keyset {label}: first", "keyset", "/api/jobs/", {**params, "cursor": ""}),
    ]
    seen = {1}
    for wanted in pages:
        page = min(wanted, last)
        if page in seen:
            continue
        seen.add(page)
        token = cursor_at(filters=_filters(params), offset=(page - 1) * size - 1)
        tag = f"page {_fmt(page)}" + (" (last)" if page == last and page != wanted else "")
        shapes.append(
            Shape(f"keyset {label}: {tag}", "keyset", "/api/jobs/", {**params, "cursor": token})
        )
    return shapes


def sample_names() -> tuple[str, str]:
    """(a rare search term: a real name's fragment with digits, a term matching nothing)."""
    middle = Job.objects.order_by("id").values_list("id", flat=True)
    total = Job.objects.count()
    job_id = middle[total // 2] if total else 0
    name = Job.objects.filter(pk=job_id).values_list("name", flat=True).first() or "x-0001"
    parts = name.split("-")
    rare = "-".join(parts[-2:]) if len(parts) >= 2 else name
    return rare, "zqxv"


def job_with_history() -> int:
    """A job with a long history, from the middle of the table."""
    total = Job.objects.count()
    start = Job.objects.order_by("id").values_list("id", flat=True)[total // 2]
    best, best_n = start, -1
    for job_id in range(start, start + 200):
        n = JobStatus.objects.filter(job_id=job_id).count()
        if n > best_n:
            best, best_n = job_id, n
    return best


COMPLETED_BY_NAME = {"status": "COMPLETED", "sort": "name_asc"}


def build_shapes(*, deep_pages: list[int]) -> tuple[list[Shape], list[int]]:
    """Every measured shape, and the ids of jobs created for the write shapes (the caller
    deletes them afterwards so the data set keeps exactly N jobs)."""
    rare, nothing = sample_names()
    t = LIST_TARGET_MS
    first: list[tuple[str, dict[str, str]]] = [
        ("newest (default)", {}),
        *[(f"status={s}", {"status": s}) for s in StatusType.values],
        ("status=RUNNING,FAILED", {"status": "RUNNING,FAILED"}),
        ("status=PENDING,RUNNING", {"status": "PENDING,RUNNING"}),
        ("sort=oldest", {"sort": "oldest"}),
        ("sort=name_asc", {"sort": "name_asc"}),
        ("sort=name_desc", {"sort": "name_desc"}),
        ("status=FAILED&sort=name_asc", {"status": "FAILED", "sort": "name_asc"}),
        ("status=RUNNING&sort=oldest", {"status": "RUNNING", "sort": "oldest"}),
        (
            "status=RUNNING,FAILED&sort=name_desc",
            {"status": "RUNNING,FAILED", "sort": "name_desc"},
        ),
        ("search=cfd (common)", {"search": "cfd"}),
        (f"search={rare} (rare)", {"search": rare}),
        (f"search={nothing} (no match)", {"search": nothing}),
        ("search=fd (2 letters)", {"search": "fd"}),
        ("search=zq (2 letters, no match)", {"search": "zq"}),
        ("search=cfd&sort=name_asc", {"search": "cfd", "sort": "name_asc"}),
        ("status=RUNNING&search=cfd", {"status": "RUNNING", "search": "cfd"}),
        (f"status=FAILED&search={rare}", {"status": "FAILED", "search": rare}),
        ("page_size=100", {"page_size": "100"}),
    ]
    shapes = [Shape(f"list {label}", "list", "/api/jobs/", p, target_ms=t) for label, p in first]
    # The same searches when their capped count is not cached yet (the first request
    # after any write), and one-character searches, which have no gram in the index.
    # Reported, not held to the target: the README explains both.
    cold = [
        ("search=cfd (common), count not cached", {"search": "cfd"}),
        ("status=RUNNING&search=cfd, count not cached", {"status": "RUNNING", "search": "cfd"}),
        (f"search={rare} (rare), count not cached", {"search": rare}),
        ("search=a (1 letter), count not cached", {"search": "a"}),
        ("search=\u03c9 (1 rare letter), count not cached", {"search": "\u03c9"}),
    ]
    shapes += [Shape(f"list {label}", "list", "/api/jobs/", p, cold=True) for label, p in cold]
    shapes[-1].reps = 5  # a full scan: seconds at a million jobs
    for label, params in [("newest", {}), ("status=COMPLETED&sort=name_asc", COMPLETED_BY_NAME)]:
        last = max(1, -(-_total(params) // DEFAULT_PAGE_SIZE))
        page = min(1_000, last)
        tag = f"page {_fmt(page)}" + (" (last)" if page != 1_000 else "")
        shapes.append(Shape(f"{tag} {label}", "page", "/api/jobs/", {**params, "page": str(page)}))
    keyset: list[Shape] = []
    keyset += keyset_shapes("newest", {}, deep_pages)
    keyset += keyset_shapes("sort=name_asc", {"sort": "name_asc"}, deep_pages)
    keyset += keyset_shapes(
        "status=RUNNING&sort=name_desc", {"status": "RUNNING", "sort": "name_desc"}, deep_pages
    )
    keyset += keyset_shapes("status=RUNNING,FAILED", {"status": "RUNNING,FAILED"}, deep_pages)
    keyset += keyset_shapes("search=cfd", {"search": "cfd"}, [2, 100])
    prev_page = min(deep_pages[1] if len(deep_pages) > 1 else 2, max(2, _total({}) // 20))
    keyset.append(
        Shape(
            f"keyset newest: previous from page {_fmt(prev_page)}",
            "keyset",
            "/api/jobs/",
            {
                "cursor": cursor_at(
                    filters=_filters({}), offset=(prev_page - 1) * DEFAULT_PAGE_SIZE, direction="p"
                )
            },
        )
    )
    for shape in keyset:
        shape.target_ms = t
    shapes += keyset

    detail_id = job_with_history()
    target = services.job_create(name="bench patch target")
    created = [target.pk]
    cycle = StatusType.values
    shapes += [
        Shape("stats", "stats", "/api/jobs/stats/", target_ms=STATS_TARGET_MS),
        Shape(f"retrieve (job {detail_id})", "detail", f"/api/jobs/{detail_id}/"),
        Shape(f"history (job {detail_id})", "detail", f"/api/jobs/{detail_id}/history/"),
        Shape(
            "create (POST)",
            "write",
            "/api/jobs/",
            method="POST",
            body=lambda rep: {"name": f"bench created {rep}"},
        ),
        Shape(
            "patch status (PATCH)",
            "write",
            f"/api/jobs/{target.pk}/",
            method="PATCH",
            body=lambda rep: {"status_type": cycle[rep % len(cycle)]},
        ),
    ]
    return shapes, created


def run_requests(
    *, reps: int, warmup: int, deep_pages: list[int], keep_connection: bool = False, log: Any = None
) -> list[dict[str, Any]]:
    """Measure every shape; leaves the job count as it found it."""
    caller = Caller()
    high_water = Job.objects.order_by("-id").values_list("id", flat=True).first() or 0
    entries = []
    with persistent_connection(keep_connection):
        shapes, _ = build_shapes(deep_pages=deep_pages)
        try:
            for shape in shapes:
                entry = measure_shape(caller, shape, reps=reps, warmup=warmup)
                entries.append(entry)
                if log:
                    log(
                        f"  {entry['name']:<58} {entry['queries']:>2} q  "
                        f"p50 {entry['p50_ms']:8.2f} ms  p95 {entry['p95_ms']:8.2f} ms"
                        + ("  SEQ SCAN" if entry["seq_scan"] else "")
                    )
        finally:
            # Jobs made by the write shapes; their statuses go with them.
            Job.objects.filter(id__gt=high_water).delete()
    return entries


# --- why the design -----------------------------------------------------------------


def _time_sql(sql_text: str, *, reps: int, setup: tuple[str, ...] = ()) -> float:
    """Median wall time of ``sql_text`` in ms, fetching every row."""
    timings = []
    with connection.cursor() as cursor:
        for stmt in setup:
            cursor.execute(stmt)
        try:
            cursor.execute(sql_text)  # warm-up
            cursor.fetchall()
            for _ in range(reps):
                started = time.perf_counter()
                cursor.execute(sql_text)
                cursor.fetchall()
                timings.append((time.perf_counter() - started) * 1000)
        finally:
            if setup:
                cursor.execute("RESET ALL")
    return round(statistics.median(timings), 3)


NAIVE_CURRENT = """
(SELECT s.status_type FROM jobs_jobstatus s WHERE s.job_id = j.id
  ORDER BY s.timestamp DESC, s.id DESC LIMIT 1)
"""
PAGE_COLUMNS = "j.id, j.name, j.created_at, j.updated_at, j.current_status, j.current_status_at"


def _connect_kwargs() -> dict[str, Any]:
    """The settings' connection parameters, without Django's psycopg customisations."""
    params = connection.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
        params.pop(key, None)
    return params


def _connection_costs(reps: int) -> tuple[float, float]:
    import psycopg
    from psycopg_pool import ConnectionPool

    kwargs = _connect_kwargs()
    fresh = []
    for _ in range(reps + 1):
        started = time.perf_counter()
        with psycopg.connect(**kwargs) as conn:
            conn.execute("SELECT 1").fetchone()
        fresh.append((time.perf_counter() - started) * 1000)
    pooled = []
    with ConnectionPool(
        kwargs=kwargs, min_size=1, max_size=1, check=ConnectionPool.check_connection, open=True
    ) as pool:
        for _ in range(reps + 1):
            started = time.perf_counter()
            with pool.connection() as conn:
                conn.execute("SELECT 1").fetchone()
            pooled.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(fresh[1:]), 3), round(statistics.median(pooled[1:]), 3)


def _api_ms(caller: Caller, params: dict[str, str], reps: int) -> float:
    shape = Shape("why", "why", "/api/jobs/", params)
    timings = []
    for rep in range(reps + 1):
        code, content, seconds = caller(shape, rep)
        if code != 200:
            raise RuntimeError(f"why: {params} -> {code}: {content!r}")
        if rep:
            timings.append(seconds * 1000)
    return round(statistics.median(timings), 3)


def run_why(*, reps: int, slow_reps: int, keep_connection: bool = False) -> list[dict[str, Any]]:
    """Each design choice against the naive alternative, on the same data."""
    caller = Caller()
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

    order = "ORDER BY j.created_at DESC, j.id DESC LIMIT 21"
    add(
        "status filter, first page (FAILED)",
        "denormalized jobs_job.current_status + (status, created_at, id) index",
        _time_sql(
            f"SELECT {PAGE_COLUMNS} FROM jobs_job j WHERE j.current_status = 'FAILED' {order}",
            reps=reps,
        ),
        "newest JobStatus per job (correlated subquery over the history)",
        _time_sql(
            f"SELECT {PAGE_COLUMNS} FROM jobs_job j WHERE {NAIVE_CURRENT} = 'FAILED' {order}",
            reps=slow_reps,
        ),
    )
    add(
        "status filter, first page (PENDING, rarest)",
        "denormalized column + index",
        _time_sql(
            f"SELECT {PAGE_COLUMNS} FROM jobs_job j WHERE j.current_status = 'PENDING' {order}",
            reps=reps,
        ),
        "correlated subquery over the history",
        _time_sql(
            f"SELECT {PAGE_COLUMNS} FROM jobs_job j WHERE {NAIVE_CURRENT} = 'PENDING' {order}",
            reps=slow_reps,
        ),
    )
    add(
        "jobs by status (stats)",
        "counters row (jobs_jobcounts, kept by statement triggers)",
        _time_sql("SELECT * FROM jobs_jobcounts WHERE id = 1", reps=reps),
        "SELECT current_status, count(*) FROM jobs_job GROUP BY 1",
        _time_sql("SELECT current_status, count(*) FROM jobs_job GROUP BY 1", reps=slow_reps),
    )
    add(
        "jobs by status from the history alone",
        "counters row",
        _time_sql("SELECT * FROM jobs_jobcounts WHERE id = 1", reps=reps),
        "DISTINCT ON (job_id) newest status, then GROUP BY",
        _time_sql(
            "SELECT status_type, count(*) FROM (SELECT DISTINCT ON (job_id) job_id, status_type "
            "FROM jobs_jobstatus ORDER BY job_id, timestamp DESC, id DESC) t GROUP BY 1",
            reps=max(1, slow_reps // 2),
        ),
    )
    newest = f"SELECT {PAGE_COLUMNS} FROM jobs_job j {order}"
    add(
        "newest first page without its index",
        "index scan of job_created_idx",
        _time_sql(newest, reps=reps),
        "enable_indexscan/bitmapscan/indexonlyscan off: Seq Scan + top-N sort",
        _time_sql(
            newest,
            reps=slow_reps,
            setup=(
                "SET enable_indexscan = off",
                "SET enable_bitmapscan = off",
                "SET enable_indexonlyscan = off",
            ),
        ),
    )
    total = Job.objects.count()
    deep = max(2, min(50_000, -(-total // DEFAULT_PAGE_SIZE)))
    token = cursor_at(filters=_filters({}), offset=(deep - 1) * DEFAULT_PAGE_SIZE - 1)
    with persistent_connection(keep_connection):
        add(
            f"page {deep:,} of newest (API)",
            "keyset cursor",
            _api_ms(caller, {"cursor": token}, reps),
            "page number (OFFSET)",
            _api_ms(caller, {"page": str(deep)}, slow_reps),
        )
    fresh, pooled = _connection_costs(reps)
    add(
        "database connection per request",
        "pooled checkout (psycopg_pool, health-checked) + SELECT 1",
        pooled,
        "new connection + SELECT 1",
        fresh,
    )
    return out
