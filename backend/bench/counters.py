"""Counters under concurrent writers: status changes per second with the counters spread
over 8 slot rows (as migrated) and squeezed into 1 row, at 8 concurrent writers.

Each writer is its own database connection running, in a loop, the transaction a status
PATCH runs (services.job_update): lock the job row, read its history, insert the new
status, update the job; the triggers then update the counters row of the connection's
slot and the roll-ups. Each writer has jobs of its own, so they never wait on each
other's job rows: only on the counters and roll-up rows, which is what slots change.

Direct transactions rather than PATCHes through the app instances: on this 2-core
machine the app's Python saturates the cores at about a hundred PATCHes a second (see
the throughput table), long before the counters row is the queue, so the HTTP figure
would measure gunicorn for both variants.

The 1-row variant is the same functions with ``mod(pg_backend_pid(), 8)`` rewritten to
``mod(pg_backend_pid(), 1)`` (CREATE OR REPLACE from pg_get_functiondef), restored in a
finally. Variants alternate, ROUNDS times each, so the machine's other load weighs on
both alike.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

SLOTS = 8
ROUNDS = 2
JOBS_PER_WRITER = 16
SLOT_EXPRESSION = f"mod(pg_backend_pid(), {SLOTS})"

FUNCTIONS = """
SELECT p.oid, pg_get_functiondef(p.oid) FROM pg_proc p
WHERE p.proname LIKE 'jobs\\_on\\_%%' AND p.prosrc LIKE %s
"""

# What services.job_update runs for a status change, in SQL.
LOCK = "SELECT current_status, current_status_at FROM jobs_job WHERE id = %s FOR UPDATE"
HISTORY = "SELECT id, status_type FROM jobs_jobstatus WHERE job_id = %s ORDER BY timestamp, id"
INSERT = (
    "INSERT INTO jobs_jobstatus (job_id, status_type, timestamp, actor_id, reason)"
    " VALUES (%s, %s, greatest(now(), %s), NULL, '')"
)
UPDATE = (
    "UPDATE jobs_job SET current_status = %s, current_status_at = greatest(now(), %s),"
    " updated_at = greatest(now(), %s) WHERE id = %s"
)
TOGGLE = {"PENDING": "RUNNING", "RUNNING": "PENDING"}


@contextmanager
def slots(url: str, count: int) -> Iterator[None]:
    """The trigger functions writing ``count`` slot rows instead of SLOTS, restored on the
    way out (count == SLOTS changes nothing)."""
    if count == SLOTS:
        yield
        return
    with psycopg.connect(url, autocommit=True) as conn:
        originals = [
            row[1] for row in conn.execute(FUNCTIONS, (f"%{SLOT_EXPRESSION}%",)).fetchall()
        ]
        assert originals, "no trigger function uses " + SLOT_EXPRESSION
        try:
            for definition in originals:
                conn.execute(definition.replace(SLOT_EXPRESSION, f"mod(pg_backend_pid(), {count})"))
            yield
        finally:
            for definition in originals:
                conn.execute(definition)


def _writer(
    url: str, job_ids: list[int], rows: int, start: threading.Barrier, stop: threading.Event
) -> dict[str, Any]:
    latencies: list[float] = []
    with psycopg.connect(url) as conn:
        slot = conn.execute("SELECT mod(pg_backend_pid(), %s)", (rows,)).fetchone()[0]  # type: ignore[index]
        conn.commit()
        start.wait()
        n = 0
        while not stop.is_set():
            job_id = job_ids[n % len(job_ids)]
            n += 1
            began = time.perf_counter()
            with conn.transaction():
                status, at = conn.execute(LOCK, (job_id,)).fetchone()  # type: ignore[misc]
                conn.execute(HISTORY, (job_id,)).fetchall()
                new = TOGGLE[status]
                conn.execute(INSERT, (job_id, new, at))
                conn.execute(UPDATE, (new, at, at, job_id))
            latencies.append(time.perf_counter() - began)
    return {"slot": slot, "latencies": latencies}


def measure(url: str, job_ids: list[list[int]], rows: int, seconds: float) -> dict[str, Any]:
    """Status changes per second of len(job_ids) writers for ``seconds``, the counters
    in ``rows`` rows."""
    stop = threading.Event()
    start = threading.Barrier(len(job_ids) + 1)
    results: list[dict[str, Any]] = []
    threads = [
        threading.Thread(
            target=lambda ids=ids: results.append(_writer(url, ids, rows, start, stop))
        )
        for ids in job_ids
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies = sorted(x for r in results for x in r["latencies"])
    return {
        "changes": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 2) if latencies else None,
        "slots_used": len({r["slot"] for r in results}),
    }


def pick_jobs(url: str, writers: int) -> list[list[int]]:
    """JOBS_PER_WRITER PENDING or RUNNING jobs for each writer, none shared."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT id FROM jobs_job WHERE current_status IN ('PENDING', 'RUNNING')"
            " ORDER BY id LIMIT %s",
            (writers * JOBS_PER_WRITER,),
        ).fetchall()
    ids = [r[0] for r in rows]
    if len(ids) < writers:
        raise RuntimeError("not enough PENDING or RUNNING jobs for the counters benchmark")
    return [ids[w::writers] for w in range(writers)]


def restore(url: str, before: dict[int, str]) -> None:
    """Toggle back every job that ended in the other status (one more history row)."""
    with psycopg.connect(url) as conn, conn.transaction():
        now: dict[int, str] = dict(
            conn.execute(
                "SELECT id, current_status FROM jobs_job WHERE id = ANY(%s)", (list(before),)
            ).fetchall()
        )
        for job_id, status in now.items():
            if status != before[job_id]:
                at = conn.execute(LOCK, (job_id,)).fetchone()[1]  # type: ignore[index]
                conn.execute(INSERT, (job_id, before[job_id], at))
                conn.execute(UPDATE, (before[job_id], at, at, job_id))


def run(
    url: str,
    *,
    writers: int = 8,
    seconds: float = 5,
    variants: tuple[int, ...] = (1, SLOTS),
    log: Callable[[str], None] = print,
) -> list[dict[str, Any]]:
    """Both variants, alternating, ROUNDS times; one entry per variant with every run."""
    job_ids = pick_jobs(url, writers)
    with psycopg.connect(url) as conn:
        before: dict[int, str] = dict(
            conn.execute(
                "SELECT id, current_status FROM jobs_job WHERE id = ANY(%s)",
                ([i for ids in job_ids for i in ids],),
            ).fetchall()
        )
    runs: dict[int, list[dict[str, Any]]] = {v: [] for v in variants}
    try:
        for round_ in range(ROUNDS):
            for count in variants:
                with slots(url, count):
                    result = measure(url, job_ids, count, seconds)
                runs[count].append(result)
                log(
                    f"  counters in {count} row{'s' if count > 1 else ''} "
                    f"(round {round_ + 1}): {result['per_second']:8.1f} changes/s, "
                    f"p50 {result['p50_ms']} ms, {result['slots_used']} slots used"
                )
    finally:
        restore(url, before)
    return [
        {
            "kind": "counters",
            "name": f"{count} counters row{'s' if count > 1 else ''}, {writers} writers",
            "rows": count,
            "writers": writers,
            "seconds": seconds,
            "per_second": round(statistics.mean(r["per_second"] for r in results), 1),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 2),
            "p95_ms": round(statistics.median(r["p95_ms"] for r in results), 2),
            "runs": results,
        }
        for count, results in runs.items()
    ]


def main() -> None:
    """``python -m bench.counters [--seconds 5]``: this benchmark alone, on the bench
    database as make bench left it; adds its rows to results/latest.json and rewrites
    latest.md from it, keeping the rest of the last run."""
    import argparse
    import json

    from bench.database import ensure_bench_database
    from bench.report import markdown
    from bench.run import RESULTS

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--writers", type=int, default=8)
    args = parser.parse_args()
    url = ensure_bench_database()
    with psycopg.connect(url) as conn:
        jobs = conn.execute("SELECT count(*) FROM jobs_job").fetchone()[0]  # type: ignore[index]
    print(f"Counters benchmark on the bench database ({jobs:,} jobs)")
    entries = run(url, writers=args.writers, seconds=args.seconds)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    for entry in entries:
        entry["date"] = f"{stamp}, alone (python -m bench.counters), {jobs:,} jobs"
    path = RESULTS / "latest.json"
    result = json.loads(path.read_text())
    if result["jobs"] != jobs:
        raise SystemExit(f"latest.json is of {result['jobs']:,} jobs, the database holds {jobs:,}")
    result["entries"] = [e for e in result["entries"] if e.get("kind") != "counters"] + entries
    path.write_text(json.dumps(result, indent=1, default=str) + "\n")
    (RESULTS / "latest.md").write_text(markdown(result))
    print(markdown({**result, "entries": entries}).split("## Counters", 1)[-1])


if __name__ == "__main__":
    main()
