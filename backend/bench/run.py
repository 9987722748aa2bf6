"""Run the benchmark: ``cd backend && ../.venv/bin/python -m bench.run --jobs 1000000``.

Loads the data set into the ``jobs_bench`` database (reused when it already holds exactly
that many jobs; ``--reload`` forces a load), measures every shape, runs the throughput
test and writes ``bench/results/latest.md`` and ``latest.json``. Exits non-zero on a
missed target only with BENCH_STRICT=1.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shlex
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
DEEP_PAGES = [2, 1_000, 50_000]


def log(message: str) -> None:
    print(message, flush=True)


def configure_environment(database_url: str) -> dict[str, str]:
    """Production-like settings (DEBUG off would otherwise record every query)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "localhost,127.0.0.1,testserver"
    os.environ["JOBS_WRITE_THROTTLE_RATE"] = "1000000/minute"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    return dict(os.environ)


def previous_load(jobs: int, out: Path) -> dict[str, Any] | None:
    """The load time of an earlier run at the same size, if its results are still there."""
    import json

    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        earlier = json.loads((out / "latest.json").read_text())["load"]
        if earlier["jobs"] == jobs and earlier["seconds"]:
            return {"seconds": earlier["seconds"], "date": earlier.get("date")}
    return None


def load(jobs: int, *, reload: bool, out: Path) -> dict[str, Any]:
    from django.core.management import call_command

    from jobs.models import Job, JobStatus

    existing = Job.objects.count()
    if existing == jobs and not reload:
        log(f"Reusing the bench database: it already holds {jobs:,} jobs (--reload to reload).")
        info: dict[str, Any] = {"jobs": jobs, "statuses": JobStatus.objects.count(), "reused": True}
        earlier = previous_load(jobs, out)
        info["seconds"] = earlier["seconds"] if earlier else 0
        info["date"] = earlier["date"] if earlier else None
        return info
    log(f"Loading {jobs:,} jobs (was {existing:,})")
    started = time.monotonic()
    call_command("seed_bulk", jobs=jobs, truncate=True)
    seconds = time.monotonic() - started
    return {
        "jobs": jobs,
        "statuses": JobStatus.objects.count(),
        "reused": False,
        "seconds": round(seconds, 2),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def measure(
    caller: Any, *, reps: int, warmup: int, deep_pages: list[int] = DEEP_PAGES
) -> list[dict[str, Any]]:
    """Every shape in process, the "why the design" comparisons, then bulk actions."""
    from bench import bulk, suite, why

    log("Requests (server time, in process through the WSGI handler)")
    entries = suite.run(caller, reps=reps, warmup=warmup, deep_pages=deep_pages, log=log)
    log("Why the design")
    comparisons = why.run(caller, reps=max(3, reps // 3), slow_reps=3)
    for w in comparisons:
        log(f"  {w['name']:<45} {w['design_ms']:9.2f} ms vs {w['naive_ms']:9.2f} ms")
    log("Bulk actions (each real one undone afterwards)")
    actions = bulk.run(caller, dry_reps=max(3, reps // 2), log=log)
    return entries + comparisons + actions


def measure_throughput(
    caller: Any, args: argparse.Namespace, env: dict[str, str]
) -> list[dict[str, Any]]:
    from bench import shapes, throughput

    ways = tuple(w.strip() for w in args.ways.split(",") if w.strip())
    found = {"wrk": shutil.which("wrk"), "nginx": throughput.nginx_binary()}
    missing = [tool for tool in ("wrk", *ways) if tool in found and not found[tool]]
    if missing:
        log(f"Skipping the throughput test: it needs {' and '.join(missing)} (apt-get install).")
    if missing or args.load_seconds <= 0:
        return []
    log(
        f"Throughput: wrk -t{args.threads} -c{args.connections} -d{args.load_seconds}s, "
        f"gunicorn with {args.workers} sync workers, {' and '.join(ways)}"
    )
    with shapes.jobs_restored():
        return throughput.run(
            shapes.loads(shapes.Data(caller)),
            env=env,
            headers=caller.headers,
            workers=args.workers,
            seconds=args.load_seconds,
            threads=args.threads,
            connections=args.connections,
            ways=ways,
            log=log,
        )


def assemble(
    *,
    jobs: int,
    statuses: int,
    entries: list[dict[str, Any]],
    load_info: dict[str, Any] | None,
    command: str,
    reps: int,
    warmup: int,
    database: str,
) -> dict[str, Any]:
    from django.db import connection

    from bench import report

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    return {
        "jobs": jobs,
        "statuses": statuses,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": report.machine(version),
        "command": command,
        "database": database,
        "reps": reps,
        "warmup": warmup,
        "load": load_info,
        "targets": report.targets(entries, load_info),
        "entries": entries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS", "1000000")))
    parser.add_argument("--reload", action="store_true", help="Reload even if the size matches.")
    parser.add_argument("--reps", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--load-seconds", type=int, default=8, help="wrk duration; 0 skips.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--ways", default="direct,nginx", help="direct (gunicorn), nginx")
    parser.add_argument(
        "--counters-seconds",
        type=float,
        default=5,
        help="each run of the counters benchmark (1 vs 8 rows, 8 writers); 0 skips.",
    )
    parser.add_argument(
        "--export",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="export every job (CSV and NDJSON) through one gunicorn worker",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    # TERM unwinds like Ctrl-C, so the throughput test's finally stops gunicorn and nginx.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from bench.database import BENCH_DB, ensure_bench_database

    env = configure_environment(ensure_bench_database())

    import django

    django.setup()
    from django.core.management import call_command

    from bench import auth, report
    from bench.timing import Caller

    call_command("migrate", verbosity=0)
    load_info = load(args.jobs, reload=args.reload, out=args.out)
    with auth.signed_in() as headers:
        caller = Caller(headers)
        entries = measure(caller, reps=args.reps, warmup=args.warmup)
        entries += measure_throughput(caller, args, env)
        if args.export:
            from bench import export

            log("Export of every job through one gunicorn worker")
            entries += export.run(env=env, headers=caller.headers, jobs=args.jobs, log=log)
    if args.counters_seconds > 0:
        from bench import counters

        log(f"Counters: status changes by 8 concurrent writers, {counters.ROUNDS} rounds")
        entries += counters.run(env["DATABASE_URL"], seconds=args.counters_seconds, log=log)
    command = "cd backend && ../.venv/bin/python -m bench.run " + shlex.join(
        sys.argv[1:] if argv is None else argv
    )
    result = assemble(
        jobs=args.jobs,
        statuses=load_info["statuses"],
        entries=entries,
        load_info=load_info,
        command=command.strip(),
        reps=args.reps,
        warmup=args.warmup,
        database=BENCH_DB,
    )
    md, js = report.write(result, args.out)
    print()
    print(md.read_text())
    for t in result["targets"]:
        misses = f" -- {', '.join(t['misses'])}" if t["misses"] else ""
        log(f"{t['status']}: {t['target']}{misses}")
    log(f"Wrote {md} and {js}")
    missed = any(t["status"] == "MISS" for t in result["targets"])
    return 1 if missed and os.environ.get("BENCH_STRICT") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
