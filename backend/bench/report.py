"""Targets from SPEC.md "Scale", and the two result files."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

from bench import plans

LIST_TARGET_MS = 15.0
STATS_TARGET_MS = 5.0
ACTIVITY_TARGET_MS = 5.0
# A 304 reads the counters as stats does, and writes nothing: it may cost what stats
# costs, plus this much for timing noise.
NOT_MODIFIED_SLACK_MS = 0.5
BULK_IDS_TARGET_MS = 300.0
BULK_FILTER_TARGET_S = 10.0
EXPORT_TARGET_S = 20.0
EXPORT_GROWTH_MB = 50.0
LOAD_TARGET_S = 120.0
READ_RATIO = 0.5  # of /health/'s requests per second, straight at gunicorn
WRITE_RATIO = 0.33
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


def _throughput_target(
    entries: list[dict[str, Any]], *, writes: bool, ratio: float
) -> dict[str, Any]:
    """Requests per second of reads (or writes) straight at gunicorn against /health/'s."""
    kind = "write (PATCH status, POST)" if writes else "read (list, keyset page, job, stats)"
    target = f"throughput: every {kind} >= {ratio:g}x /health/ req/s"
    runs = [
        e
        for e in entries
        if e.get("kind") == "throughput"
        and e["way"] == "direct"
        and e.get("ratio_target") == ratio
        and (e["method"] != "GET") == writes
    ]
    measured = [e for e in runs if "skipped" not in e]
    if not measured:
        return {"target": target, "misses": [], "status": "SKIP"}
    misses = [
        f"{e['name']} ({e['ratio']:.2f}x"
        + (f", {e['non_2xx']} non-2xx" if e["non_2xx"] else "")
        + ")"
        for e in measured
        if e["ratio"] < ratio or e["non_2xx"]
    ]
    return {"target": target, "misses": misses, "status": "MISS" if misses else "PASS"}


def _not_modified_target(requests: list[dict[str, Any]]) -> dict[str, Any]:
    """Every conditional GET answered 304, for no more than stats costs."""
    target = f"every 304 (list, job, history, stats) <= stats p50 + {NOT_MODIFIED_SLACK_MS:g} ms"
    conditional = [e for e in requests if e["group"] == "conditional"]
    stats = next((e for e in requests if e["group"] == "stats"), None)
    if not conditional or stats is None:
        return {"target": target, "misses": [], "status": "SKIP"}
    limit = stats["p50_ms"] + NOT_MODIFIED_SLACK_MS
    misses = [f"{e['name']} (answered {e['status']})" for e in conditional if e["status"] != 304]
    misses += [
        f"{e['name']} ({e['p50_ms']:.2f} ms vs stats {stats['p50_ms']:.2f} ms)"
        for e in conditional
        if e["status"] == 304 and e["p50_ms"] > limit
    ]
    return {"target": target, "misses": misses, "status": "MISS" if misses else "PASS"}


def _bulk_targets(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The real bulk actions against their limits, and the dry run against the list."""
    bulk = [e for e in entries if e.get("kind") == "bulk"]
    by_ids = [e for e in bulk if e["by"] == "ids"]
    by_filter = [e for e in bulk if e["by"] == "filter"]
    dry = [e for e in bulk if e["by"] == "dry_run"]
    found = [
        (
            f"bulk set_status of 1,000 ids < {BULK_IDS_TARGET_MS:g} ms p50",
            by_ids,
            [
                f"{e['name']} ({e['p50_ms']:.0f} ms)"
                for e in by_ids
                if e["p50_ms"] >= e["target_ms"]
            ],
        ),
        (
            f"bulk set_status by a filter (up to 100,000 jobs) < {BULK_FILTER_TARGET_S:g} s",
            by_filter,
            [
                f"{e['matched']:,} jobs ({e['p50_ms'] / 1000:.1f} s)"
                for e in by_filter
                if e["p50_ms"] >= e["target_ms"]
            ],
        ),
        (
            "bulk dry run: matched = the list's count for the same filter",
            dry,
            [
                f"matched {e['matched']:,}, list {e['list_count']:,}"
                for e in dry
                if e["matched"] != e["list_count"]
            ],
        ),
    ]
    return [
        {
            "target": target,
            "misses": misses,
            "status": "SKIP" if not measured else "MISS" if misses else "PASS",
        }
        for target, measured, misses in found
    ]


def _export_target(entries: list[dict[str, Any]]) -> dict[str, Any]:
    exports = [e for e in entries if e.get("kind") == "export"]
    target = (
        f"export of all jobs (CSV, NDJSON) < {EXPORT_TARGET_S:g} s and memory flat "
        f"(worker peak < {EXPORT_GROWTH_MB:g} MB growth)"
    )
    if not exports:
        return {"target": target, "misses": [], "status": "SKIP"}
    misses = []
    for e in exports:
        if e["status"] != 200 or e["rows"] != e["jobs"]:
            misses.append(f"{e['format']}: {e['rows']:,} rows of {e['jobs']:,} jobs")
        if e["seconds"] >= EXPORT_TARGET_S:
            misses.append(f"{e['format']} ({e['seconds']:.1f} s)")
        if e["memory_growth_mb"] >= EXPORT_GROWTH_MB:
            misses.append(f"{e['format']} (+{e['memory_growth_mb']:.0f} MB)")
    return {"target": target, "misses": misses, "status": "MISS" if misses else "PASS"}


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
            "target": f"every list shape's first page < {LIST_TARGET_MS:g} ms p50",
            "misses": over("list", LIST_TARGET_MS),
        },
        {
            "target": f"every keyset page < {LIST_TARGET_MS:g} ms p50",
            "misses": over("keyset", LIST_TARGET_MS),
        },
        {"target": f"stats < {STATS_TARGET_MS:g} ms p50", "misses": over("stats", STATS_TARGET_MS)},
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
    activity = {
        "target": f"activity (every range) < {ACTIVITY_TARGET_MS:g} ms p50",
        "misses": over("activity", ACTIVITY_TARGET_MS),
    }
    measured = any(e["group"] == "activity" for e in requests)
    activity["status"] = "SKIP" if not measured else "MISS" if activity["misses"] else "PASS"
    result[3:3] = [activity, _not_modified_target(requests)]
    result += _bulk_targets(entries)
    result.append(_export_target(entries))
    result.append(_throughput_target(entries, writes=False, ratio=READ_RATIO))
    result.append(_throughput_target(entries, writes=True, ratio=WRITE_RATIO))
    return result


def _flag(entry: dict[str, Any]) -> str:
    if entry["seq_scan"]:
        return "**SEQ SCAN**"
    if entry["plan_uses_index"] is None:
        return "n/a"
    return "index" if entry["plan_uses_index"] else "no index"


def _load_line(result: dict[str, Any]) -> str:
    load, db = result["load"], result["database"]
    if load.get("reused") and load.get("seconds"):
        return (
            f"**Load:** reused the `{db}` database ({load['jobs']:,} jobs); loading it took "
            f"**{load['seconds']:.1f} s** on {load.get('date')} (seed_bulk, index rebuild and "
            "ANALYZE included; `--reload` measures it again)."
        )
    if load.get("reused"):
        return (
            f"**Load:** reused the `{db}` database ({load['jobs']:,} jobs); load time not "
            "measured (`--reload` measures it)."
        )
    return (
        f"**Load:** {load['jobs']:,} jobs and {load['statuses']:,} statuses in "
        f"**{load['seconds']:.1f} s** (seed_bulk, index rebuild and ANALYZE included)."
    )


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _section(title: str, note: str, header: str, rows: list[str]) -> list[str]:
    """A titled table; ``header`` names the columns separated by "|", and a column named
    with a trailing ":" is right-aligned."""
    columns = header.split("|")
    rule = "|" + "|".join("---:" if c.endswith(":") else "---" for c in columns) + "|"
    header = _row(*(c.rstrip(":") for c in columns))
    return [f"## {title}", "", note, "", header, rule, *rows, ""]


def _requests(entries: list[dict[str, Any]]) -> list[str]:
    rows = [
        _row(
            e["name"],
            e["queries"],
            f"{e['p50_ms']:.2f}",
            f"{e['p95_ms']:.2f}",
            f"{e['python_cpu_p50_ms']:.2f}",
            f"{e['sql_ms']:.2f}",
            _flag(e),
            plans.summary(e["plans"]),
        )
        for e in entries
    ]
    return _section(
        "Requests",
        "Python CPU ms: p50 CPU time of the Django process per request (robust to other load "
        "on the machine). SQL ms: EXPLAIN ANALYZE execution time of the request's SELECTs, "
        "summed.",
        "Shape|Queries:|p50 ms:|p95 ms:|Python CPU ms:|SQL ms:|Index / seq scan|Plan",
        rows,
    )


def _statements(entries: list[dict[str, Any]]) -> list[str]:
    rows = [
        _row(e["name"], e["queries"], *(e["statements"][k] for k in plans.KINDS)) for e in entries
    ]
    return _section(
        "Statements per write",
        "Every SQL statement of one request, by kind.",
        "Write|Statements:|Reads:|Writes:|BEGIN/COMMIT:",
        rows,
    )


def _throughput(entries: list[dict[str, Any]]) -> list[str]:
    rows = []
    for e in entries:
        target = f">= {e['ratio_target']:g}x" if e["ratio_target"] else "-"
        if "skipped" in e:
            rows.append(_row(e["way"], e["name"], *[""] * 6, target, f"not run: {e['skipped']}"))
            continue
        figures = [
            f"{e['requests_per_second']:.1f}",
            f"{e['latency_p50_ms']:.2f}",
            f"{e['latency_p99_ms']:.2f}",
            e["non_2xx"],
        ]
        if "range" in e:  # the reference: the mean and the range of its runs
            low, high = e["range"]
            rows.append(_row(e["way"], e["name"], *figures, f"{low:.0f}-{high:.0f}", "", "", ""))
            continue
        verdict = "-"
        if e["ratio_target"] and e["way"] == "direct":
            ok = e["ratio"] >= e["ratio_target"] and not e["non_2xx"]
            verdict = "PASS" if ok else "MISS"
        ratio = f"{e['ratio']:.2f}x"
        rows.append(
            _row(e["way"], e["name"], *figures, f"{e['health_rps']:.0f}", ratio, target, verdict)
        )
    first = entries[0]
    return _section(
        "Throughput",
        f"One gunicorn, {first['workers']} sync workers, write throttle off; `{first['wrk']} "
        "--latency` on the same machine, straight at gunicorn (what the targets are set on) "
        "and through nginx. `/health/` runs (for half as long) before and after every other "
        "row, and a row's ratio is to the mean of those two runs; the `/health/` row gives "
        "the mean of its runs (p50 and p99 of the first) and their range.",
        "Way in|Request|req/s:|p50 ms:|p99 ms:|non-2xx:|/health/ req/s:|Ratio:|Target:|Verdict",
        rows,
    )


def _bulk_plan(entry: dict[str, Any]) -> str:
    """The bulk request's SQL plan: the scans and indexes, then each trigger's time."""
    explained = entry.get("plans", [])
    triggers = [t for p in explained for t in p.get("triggers", [])]
    executed = sum(p["execution_ms"] for p in explained)
    parts = [plans.summary(explained) or "-", f"executed in {executed:,.0f} ms"]
    if triggers:
        parts.append("triggers: " + ", ".join(f"{t['name']} {t['ms']:,.0f} ms" for t in triggers))
    return "; ".join(parts)


def _bulk(entries: list[dict[str, Any]]) -> list[str]:
    rows = [
        _row(
            e["name"],
            e["action"],
            f"{e['matched']:,}",
            f"{e['changed']:,}",
            f"{e['skipped']:,}",
            ", ".join(f"{ms:.0f}" for ms in e["runs_ms"]) or "-",
            f"{e['p50_ms']:.2f}",
            f"{e['target_ms']:,g}" if e["target_ms"] else "-",
            f"{e['list_count']:,}" if "list_count" in e else "-",
            f"{e['list_p50_ms']:.2f}" if "list_p50_ms" in e else "-",
            _bulk_plan(e),
        )
        for e in entries
    ]
    return _section(
        "Bulk actions",
        "`POST /api/jobs/bulk/` through the WSGI handler (in process, as Requests). Each real "
        "run is undone exactly before the next, outside the timed request: its history rows "
        "deleted and the jobs' status and times restored (bench/bulk.py). The dry run is "
        "timed like a request shape and compared with the list for the same filter, each "
        "counting afresh (the two share a kept count per version otherwise). "
        "The plan is EXPLAIN ANALYZE of the request's statements, run once more in a "
        "transaction that is rolled back (the JSON results hold each statement and its nodes).",
        "Jobs|Action|Matched:|Changed:|Skipped:|Each run ms:|p50 ms:|Target ms:"
        "|List count:|List p50 ms:|SQL plan",
        rows,
    )


def _export(entries: list[dict[str, Any]]) -> list[str]:
    rows = [
        _row(
            e["name"],
            f"{e['rows']:,}",
            f"{e['bytes'] / 1e6:.1f}",
            f"{e['seconds']:.2f}",
            f"{e['rows_per_second']:,}" if e["rows_per_second"] else "-",
            f"{e['worker_peak_mb_before']:.1f}",
            f"{e['memory_growth_mb']:.1f}",
            f"{e['target_s']:g}",
        )
        for e in entries
    ]
    return _section(
        "Export",
        "`GET /api/jobs/export/?format=...` of every job through one gunicorn sync worker, "
        "read by a client in another process, a chunk at a time: seconds to the last byte. "
        "Memory: the worker's peak resident set (VmHWM) before the export (after a list "
        "page and a tiny export) and its growth during it.",
        "Export|Rows:|MB:|Seconds:|Rows/s:|Worker peak before MB:|Peak growth MB:|Target s:",
        rows,
    )


def _why(entries: list[dict[str, Any]]) -> list[str]:
    rows = [
        _row(
            e["name"],
            e["design"],
            f"{e['design_ms']:.2f}",
            e["naive"],
            f"{e['naive_ms']:.2f}",
            f"{e['speedup']}x",
        )
        for e in entries
    ]
    return _section(
        "Why the design",
        "Median wall time on the same data (SQL through the same connection, or the API "
        "where noted).",
        "Question|Design|ms:|Naive alternative|ms:|Naive / design:",
        rows,
    )


def _counters(entries: list[dict[str, Any]]) -> list[str]:
    base = next((e for e in entries if e["rows"] == 1), None)
    rows = []
    for e in entries:
        gain = f"{e['per_second'] / base['per_second']:.2f}x" if base and base["per_second"] else ""
        runs = ", ".join(f"{r['per_second']:.0f}" for r in e["runs"])
        slots = ", ".join(str(r["slots_used"]) for r in e["runs"])
        rows.append(
            _row(e["name"], f"{e['per_second']:.1f}", runs, e["p50_ms"], e["p95_ms"], slots, gain)
        )
    return _section(
        "Counters under concurrent writers",
        "Status changes per second: each writer a database connection running a PATCH's "
        "transaction in a loop on jobs of its own, so they queue only on the counters and "
        "roll-up rows (bench/counters.py says why not through HTTP). 1 row: the trigger "
        "functions rewritten to slot mod(pid, 1) for the run. Variants alternate; "
        "`slots used` is how many distinct slots the writers' backend pids fell in."
        + (f" Measured {entries[0]['date']}." if entries[0].get("date") else ""),
        "Variant|changes/s (mean):|each run|p50 ms:|p95 ms:|slots used|vs 1 row:",
        rows,
    )


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
    if result.get("load"):
        lines += [_load_line(result), ""]
    lines += ["## Targets", "", "| Target | Result | Misses |", "|---|---|---|"]
    for t in result["targets"]:
        status = t["status"] + (" (not measured: data reused)" if t.get("skipped") else "")
        lines.append(_row(t["target"], status, ", ".join(t["misses"]) or "-"))
    lines.append("")
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for e in result["entries"]:
        by_kind.setdefault(e.get("kind", ""), []).append(e)
    requests = by_kind.get("request", [])
    if requests:
        lines += _requests(requests)
        lines += _statements([e for e in requests if e["group"] == "write"])
    if by_kind.get("bulk"):
        lines += _bulk(by_kind["bulk"])
    if by_kind.get("export"):
        lines += _export(by_kind["export"])
    if by_kind.get("throughput"):
        lines += _throughput(by_kind["throughput"])
    if by_kind.get("counters"):
        lines += _counters(by_kind["counters"])
    if by_kind.get("why"):
        lines += _why(by_kind["why"])
    return "\n".join(lines)


def write(result: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md = out_dir / "latest.md"
    js = out_dir / "latest.json"
    md.write_text(markdown(result))
    js.write_text(json.dumps(result, indent=1, default=str) + "\n")
    return md, js
