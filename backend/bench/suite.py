"""Every shape in process: timed first (recording no queries), then once more with its
SQL captured, counted by kind and its SELECTs explained."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import plans, shapes
from bench.timing import Caller, time_shape


def measure(caller: Caller, shape: shapes.Shape, *, reps: int, warmup: int) -> dict[str, Any]:
    timing = time_shape(caller, shape, reps=shape.reps or reps, warmup=warmup)
    environ = caller.prepare(shape)
    with CaptureQueriesContext(connection) as captured:
        caller.send(environ)
    sqls = [q["sql"] for q in captured.captured_queries]
    explained = [plans.explain(s) for s in sqls if plans.explainable(s)]
    uses_index, seq_scan = plans.flags(explained)
    data = timing.last.json()
    page = data if isinstance(data, dict) else {}
    return {
        "name": shape.name,
        "kind": "request",
        "group": shape.group,
        "method": shape.method,
        "url": shape.url,
        "status": timing.last.status,
        "reps": timing.reps,
        "results": len(page["results"]) if "results" in page else None,
        "count": page.get("count"),
        "queries": len(sqls),
        "statements": plans.kinds(sqls),
        "p50_ms": timing.p50_ms,
        "p95_ms": timing.p95_ms,
        "min_ms": timing.min_ms,
        "python_cpu_p50_ms": timing.cpu_p50_ms,
        "sql_ms": round(sum(p["execution_ms"] for p in explained), 3),
        "plan_uses_index": uses_index,
        "seq_scan": seq_scan,
        "plans": explained,
        "target_ms": shape.target_ms,
    }


def run(
    caller: Caller,
    *,
    reps: int,
    warmup: int,
    deep_pages: list[int],
    log: Callable[[str], None] = lambda _: None,
) -> list[dict[str, Any]]:
    """Measure every shape of the catalogue; leaves the jobs as it found them."""
    entries = []
    with shapes.jobs_restored():
        for shape in shapes.build(shapes.Data(caller), deep_pages=deep_pages):
            entry = measure(caller, shape, reps=reps, warmup=warmup)
            entries.append(entry)
            log(
                f"  {entry['name']:<58} {entry['queries']:>2} q  "
                f"p50 {entry['p50_ms']:8.2f} ms  p95 {entry['p95_ms']:8.2f} ms"
                + ("  SEQ SCAN" if entry["seq_scan"] else "")
            )
    return entries
