"""Targets from SPEC.md "Scale", and the two result files."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

LOAD_TARGET_S = 120.0
LIST_GROUPS = ("list", "keyset", "page")


def machine(pg_version: str) -> dict[str, Any]:
    cpu = "unknown"
    ram_gb = 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "cpu": cpu,
        "postgresql": pg_version,
        "python": platform.python_version(),
    }


def targets(entries: list[dict[str, Any]], load: dict[str, Any] | None) -> list[dict[str, Any]]:
    requests = [e for e in entries if e.get("kind") == "request"]

    def over(group: str, limit: float) -> list[str]:
        return [
            f"{e['name']} ({e['p50_ms']:.1f} ms)"
            for e in requests
            if e["group"] == group and e["p50_ms"] >= limit
        ]

    seq = [e["name"] for e in requests if e["group"] in LIST_GROUPS and e["seq_scan"]]
    result: list[dict[str, Any]] = [
        {
            "target": "every list shape's first page < 15 ms p50",
            "misses": over("list", 15.0),
        },
        {"target": "every keyset page < 15 ms p50", "misses": over("keyset", 15.0)},
        {"target": "stats < 5 ms p50", "misses": over("stats", 5.0)},
        {"target": "no Seq Scan on jobs_job/jobs_jobstatus in any list plan", "misses": seq},
    ]
    if load is not None:
        seconds = load["seconds"]
        unmeasured = load.get("reused") and not seconds
        result.append(
            {
                "target": f"load {load['jobs']:,} jobs < {LOAD_TARGET_S:.0f} s",
                "misses": [] if seconds < LOAD_TARGET_S else [f"{seconds:.1f} s"],
                "skipped": bool(unmeasured),
            }
        )
    for t in result:
        t["status"] = "MISS" if t["misses"] else "PASS"
    return result


def _plan_summary(entry: dict[str, Any]) -> str:
    labels: list[str] = []
    for plan in entry["plans"]:
        for node in plan["nodes"]:
            if node["relation"] in ("jobs_job", "jobs_jobstatus") or node["index"]:
                short = node["label"].replace(" on jobs_jobstatus", "").replace(" on jobs_job", "")
                if short not in labels:
                    labels.append(short)
    return "; ".join(labels)


def _flag(entry: dict[str, Any]) -> str:
    if entry["seq_scan"]:
        return "**SEQ SCAN**"
    if entry["plan_uses_index"] is None:
        return "n/a"
    return "index" if entry["plan_uses_index"] else "no index"


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"- Jobs: {result['jobs']:,} ({result['statuses']:,} statuses)",
        f"- Date: {result['date']}",
        f"- Machine: {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu']}; "
        f"{m['postgresql']}; Python {m['python']}",
        f"- Command: `{result['command']}`",
        f"- Server time: wall time of one request through Django's WSGI handler "
        f"(middleware, routing, DRF, serialization, pool checkout), in process, after "
        f"{result['warmup']} warm-up requests; {result['reps']} repetitions unless noted.",
        "",
    ]
    load = result.get("load")
    if load:
        if load.get("reused") and load.get("seconds"):
            lines.append(
                f"**Load:** reused the `{result['database']}` database ({load['jobs']:,} jobs); "
                f"loading it took **{load['seconds']:.1f} s** on {load.get('date')} (seed_bulk, "
                "index rebuild and ANALYZE included; `--reload` measures it again)."
            )
        elif load.get("reused"):
            lines.append(
                f"**Load:** reused the `{result['database']}` database ({load['jobs']:,} jobs); "
                "load time not measured (`--reload` measures it)."
            )
        else:
            lines.append(
                f"**Load:** {load['jobs']:,} jobs and {load['statuses']:,} statuses in "
                f"**{load['seconds']:.1f} s** (seed_bulk, index rebuild and ANALYZE included)."
            )
        lines.append("")
    lines += ["## Targets", "", "| Target | Result | Misses |", "|---|---|---|"]
    for t in result["targets"]:
        misses = ", ".join(t["misses"]) or "-"
        status = t["status"] + (" (not measured: data reused)" if t.get("skipped") else "")
        lines.append(f"| {t['target']} | {status} | {misses} |")
    lines += [
        "",
        "## Requests",
        "",
        "| Shape | Queries | p50 ms | p95 ms | Python CPU ms | SQL ms | Index / seq scan | Plan |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for e in result["entries"]:
        if e.get("kind") != "request":
            continue
        lines.append(
            f"| {e['name']} | {e['queries']} | {e['p50_ms']:.2f} | {e['p95_ms']:.2f} | "
            f"{e['python_cpu_p50_ms']:.2f} | {e['sql_ms']:.2f} | {_flag(e)} | {_plan_summary(e)} |"
        )
    lines += [
        "",
        "Python CPU ms: p50 CPU time of the Django process per request (robust to other load "
        "on the machine). SQL ms: EXPLAIN ANALYZE execution time of the request's SELECTs, "
        "summed.",
        "",
    ]
    throughput = [e for e in result["entries"] if e.get("kind") == "throughput"]
    if throughput:
        first = throughput[0]
        lines += [
            "## Throughput (wrk -> nginx -> gunicorn, loopback)",
            "",
            f"gunicorn workers: {first['workers']} (sync); nginx: {first['nginx_config']}; "
            f"`{first['wrk']}` on the same machine.",
            "",
            "| URL | req/s | p50 ms | p99 ms | non-2xx |",
            "|---|---:|---:|---:|---:|",
        ]
        for e in throughput:
            lines.append(
                f"| `{e['url']}` | {e['requests_per_second']:.1f} | {e['latency_p50_ms']:.2f} "
                f"| {e['latency_p99_ms']:.2f} | {e['non_2xx']} |"
            )
        lines.append("")
    why = [e for e in result["entries"] if e.get("kind") == "why"]
    if why:
        lines += [
            "## Why the design",
            "",
            "Median wall time on the same data (SQL through the same connection, or the "
            "API where noted).",
            "",
            "| Question | Design | ms | Naive alternative | ms | Naive / design |",
            "|---|---|---:|---|---:|---:|",
        ]
        for e in why:
            lines.append(
                f"| {e['name']} | {e['design']} | {e['design_ms']:.2f} | {e['naive']} | "
                f"{e['naive_ms']:.2f} | {e['speedup']}x |"
            )
        lines.append("")
    return "\n".join(lines)


def write(result: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md = out_dir / "latest.md"
    js = out_dir / "latest.json"
    md.write_text(markdown(result))
    js.write_text(json.dumps(result, indent=1, default=str) + "\n")
    return md, js
