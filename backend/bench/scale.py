"""Throughput and replica lag of the scale-demo topology (scripts/scale.sh) while it runs:

    eval "$(scripts/scale.sh env)"; cd backend && ../.venv/bin/python -m bench.scale

wrk through nginx (both app instances) for reads and writes, the same loads as make
bench's throughput test, while a thread samples the replica's lag twice a second: as the
app computes it (config.db_router.LAG_SQL on the replica) and as the primary sees it
(pg_stat_replication.replay_lag). Prints a Markdown table and writes it to
results/scale.md. Reads come from the replica unless the lag says otherwise; wrk keeps
no cookie, so its reads after its own writes are not sent to the primary.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import psycopg

from config.db_router import LAG_SQL

RESULTS = Path(__file__).resolve().parent / "results"


class LagSampler(threading.Thread):
    def __init__(self, primary: str, replica: str) -> None:
        super().__init__(daemon=True)
        self.primary, self.replica = primary, replica
        self.app: list[float] = []
        self.replay: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with (
            psycopg.connect(self.primary, autocommit=True) as primary,
            psycopg.connect(self.replica, autocommit=True) as replica,
        ):
            while not self.stop.is_set():
                lag = replica.execute(LAG_SQL).fetchone()
                if lag and lag[0] is not None:
                    self.app.append(float(lag[0]))
                row = primary.execute(
                    "SELECT extract(epoch FROM replay_lag) FROM pg_stat_replication"
                ).fetchone()
                self.replay.append(float(row[0]) if row and row[0] is not None else 0.0)
                time.sleep(0.5)


def api(base: str, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(  # noqa: S310 - a loopback URL
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def main() -> None:
    # bench.shapes needs the models; nothing here uses a database through Django.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from bench import throughput
    from bench.shapes import JOBS, Load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=f"http://127.0.0.1:{os.environ.get('PORT', '8080')}")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    folder = Path(os.environ["SCALE_DIR"])
    token = json.loads((folder / "credentials.json").read_text())["token"]
    headers = {"Authorization": f"Token {token}"}
    jobs = tuple(
        api(args.url, token, "POST", JOBS, {"name": f"scale load {n}"})["id"] for n in range(64)
    )
    some = jobs[0]
    loads = [
        Load("/health/", "/health/"),
        Load("list (default)", JOBS),
        Load("job", f"{JOBS}{some}/"),
        Load("stats", f"{JOBS}stats/"),
        Load(
            "status change (PATCH)",
            JOBS + "{job}/",
            method="PATCH",
            jobs=jobs,
            statuses=("PENDING", "RUNNING"),
        ),
        Load("create (POST)", JOBS, method="POST", body='{"name": "scale load"}'),
    ]
    rows = []
    for load in loads:
        sampler = LagSampler(os.environ["SCALE_PRIMARY_URL"], os.environ["SCALE_REPLICA_URL"])
        sampler.start()
        figures = throughput.measure(
            load,
            args.url,
            headers=headers,
            threads=args.threads,
            seconds=args.seconds,
            connections=args.connections,
        )
        sampler.stop.set()
        sampler.join()
        app_lag = sampler.app or [0.0]
        rows.append(
            f"| {load.name} | {figures['requests_per_second']:.0f} | "
            f"{figures['latency_p50_ms']:.1f} | {figures['latency_p99_ms']:.1f} | "
            f"{figures['non_2xx']} | {statistics.median(app_lag) * 1000:.0f} | "
            f"{max(app_lag) * 1000:.0f} | {max(sampler.replay or [0.0]) * 1000:.0f} |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s through nginx, "
            f"{time.strftime('%Y-%m-%d')}; lag sampled every 0.5 s during each run.",
            "",
            "| request | req/s | p50 ms | p99 ms | non-2xx | app lag p50 ms | app lag max ms "
            "| replay_lag max ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
        ]
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scale.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
