"""Export of every job (GET /api/jobs/export/, CSV and NDJSON) through one gunicorn sync
worker, as a browser downloads it: the time to the last byte, the bytes and rows, and
the worker's memory.

Flat memory is the point, so the figure is the worker's peak resident memory
(``VmHWM`` in /proc/<pid>/status) after the export, less its peak before it (once a list
page and a tiny export have loaded every module the export uses). The client reads the
answer in its own process, a chunk at a time, and keeps none of it.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import throughput
from bench.report import EXPORT_TARGET_S
from bench.shapes import JOBS

FORMATS = ("csv", "ndjson")
CHUNK = 1 << 16


def worker_pid(master: int) -> int:
    """The one worker of gunicorn ``master``."""
    for _ in range(50):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn {master} has no worker")


def peak_mb(pid: int) -> float:
    """The process's peak resident memory so far, in MB (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def download(url: str, headers: dict[str, str]) -> dict[str, Any]:
    """Seconds to the last byte, bytes and lines of one GET, read in chunks."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    started = time.perf_counter()
    size = lines = 0
    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
        status = response.status
        while chunk := response.read(CHUNK):
            size += len(chunk)
            lines += chunk.count(b"\n")
    return {
        "status": status,
        "seconds": round(time.perf_counter() - started, 3),
        "bytes": size,
        "lines": lines,
    }


def run(
    *,
    env: dict[str, str],
    headers: dict[str, str],
    jobs: int,
    log: Callable[[str], None] = lambda _: None,
) -> list[dict[str, Any]]:
    """Each format of every job, one after the other, through one fresh worker; ``jobs``
    is how many there are (every one should be a row)."""
    workdir = Path(tempfile.mkdtemp(prefix="jobs-bench-export-"))
    entries = []
    try:
        with throughput.gunicorn(env=env, workers=1, workdir=workdir, timeout=600) as (
            base,
            master,
        ):
            pid = worker_pid(master.pid)
            download(f"{base}{JOBS}", headers)
            for fmt in FORMATS:
                download(f"{base}{JOBS}export/?format={fmt}&search=zqxv", headers)
            for fmt in FORMATS:
                before = peak_mb(pid)
                got = download(f"{base}{JOBS}export/?format={fmt}", headers)
                growth = peak_mb(pid) - before
                rows = got["lines"] - (1 if fmt == "csv" else 0)  # CSV's header row
                entry = {
                    "kind": "export",
                    "name": f"export all, format={fmt}",
                    "format": fmt,
                    "status": got["status"],
                    "jobs": jobs,
                    "rows": rows,
                    "bytes": got["bytes"],
                    "seconds": got["seconds"],
                    "rows_per_second": round(rows / got["seconds"]) if got["seconds"] else None,
                    "worker_peak_mb_before": round(before, 1),
                    "memory_growth_mb": round(growth, 1),
                    "target_s": EXPORT_TARGET_S,
                }
                entries.append(entry)
                log(
                    f"  {entry['name']:<26} {rows:>9,} rows  {got['bytes'] / 1e6:8.1f} MB  "
                    f"{got['seconds']:7.2f} s  worker peak +{growth:.1f} MB"
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return entries
