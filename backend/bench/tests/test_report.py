"""The verdicts of report.targets and the reading of wrk's output, on made-up figures."""

from __future__ import annotations

from typing import Any

from bench import plans, report, throughput


def load(name: str, ratio: float, *, way: str = "direct", method: str = "GET", **extra: Any):
    target = report.READ_RATIO if method == "GET" else report.WRITE_RATIO
    return {
        "kind": "throughput",
        "name": name,
        "way": way,
        "method": method,
        "ratio_target": target,
        "ratio": ratio,
        "non_2xx": 0,
        **extra,
    }


def verdicts(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = report.targets(entries, None)
    return {
        kind: next(t for t in found if t["target"].startswith(f"throughput: every {kind}"))
        for kind in ("read", "write")
    }


def test_throughput_targets_judge_only_the_direct_way_against_their_ratio() -> None:
    health = {"kind": "throughput", "name": "/health/", "way": "direct", "method": "GET"}
    entries = [
        {**health, "ratio_target": None, "ratio": 1.0, "non_2xx": 0},
        load("list", 0.6),
        load("stats", 0.4),
        load("list", 0.1, way="nginx"),
        load("patch", 0.34, method="PATCH"),
    ]
    found = verdicts(entries)
    assert found["read"]["status"] == "MISS"
    assert found["read"]["misses"] == ["stats (0.40x)"]
    assert found["write"]["status"] == "PASS"


def test_a_throughput_run_with_errors_misses_and_one_not_run_is_skipped() -> None:
    found = verdicts([load("post", 0.9, method="POST", non_2xx=3)])
    assert found["write"]["status"] == "MISS"
    assert found["write"]["misses"] == ["post (0.90x, 3 non-2xx)"]
    assert found["read"]["status"] == "SKIP"
    skipped = verdicts([load("list", 0.0, skipped="no ETag from the API yet")])
    assert skipped["read"]["status"] == "SKIP"


WRK_OUTPUT = """Running 8s test @ http://127.0.0.1:8000/api/jobs/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    31.02ms   10.11ms 120.00ms   80.00%
  Latency Distribution
     50%   29.50ms
     75%   35.00ms
     90%   41.00ms
     99%    1.20s
  2048 requests in 8.00s, 40.00MB read
  Non-2xx or 3xx responses: 5
Requests/sec:    256.00
Transfer/sec:      5.00MB
"""


def test_parse_wrk_reads_rate_latencies_and_errors() -> None:
    parsed = throughput.parse_wrk(WRK_OUTPUT)
    assert parsed["requests_per_second"] == 256.0
    assert parsed["requests"] == 2048
    assert parsed["latency_p50_ms"] == 29.5
    assert parsed["latency_p99_ms"] == 1200.0
    assert parsed["non_2xx"] == 5


def test_statements_are_counted_by_kind() -> None:
    sqls = [
        "BEGIN",
        'SELECT "id" FROM "jobs_job" WHERE "id" = %s FOR UPDATE',
        'INSERT INTO "jobs_jobstatus" ("job_id") VALUES (%s)',
        'UPDATE "jobs_job" SET "name" = %s',
        "COMMIT",
    ]
    assert plans.kinds(sqls) == {"read": 1, "write": 2, "transaction": 2}
    assert not plans.explainable(sqls[1])


def request(name: str, group: str, p50: float, *, status: int = 200) -> dict[str, Any]:
    return {
        "kind": "request",
        "name": name,
        "group": group,
        "p50_ms": p50,
        "status": status,
        "seq_scan": False,
    }


def target(entries: list[dict[str, Any]], start: str) -> dict[str, Any]:
    return next(t for t in report.targets(entries, None) if t["target"].startswith(start))


def test_activity_is_held_to_its_own_target_and_skipped_when_not_measured() -> None:
    ranges = [request(f"activity range={r}", "activity", 2.0) for r in ("24h", "7d")]
    assert target(ranges, "activity (every range) < 5 ms")["status"] == "PASS"
    slow = [*ranges, request("activity range=30d", "activity", 5.0)]
    found = target(slow, "activity")
    assert found["status"] == "MISS"
    assert found["misses"] == ["activity range=30d (5.0 ms)"]
    assert target([request("stats", "stats", 1.0)], "activity")["status"] == "SKIP"


def test_every_304_may_cost_stats_plus_the_stated_slack_and_must_be_a_304() -> None:
    stats = request("stats", "stats", 1.0)
    slack = report.NOT_MODIFIED_SLACK_MS
    assert "+ 0.5 ms" in target([stats], "every 304")["target"]
    within = request("job, If-None-Match (304)", "conditional", 1.0 + slack - 0.1, status=304)
    assert target([stats, within], "every 304")["status"] == "PASS"
    over = request("list, If-None-Match (304)", "conditional", 1.0 + slack + 0.1, status=304)
    full = request("history, If-None-Match (304)", "conditional", 0.5, status=200)
    found = target([stats, within, over, full], "every 304")
    assert found["status"] == "MISS"
    assert found["misses"] == [
        "history, If-None-Match (304) (answered 200)",
        "list, If-None-Match (304) (1.60 ms vs stats 1.00 ms)",
    ]
    assert target([stats], "every 304")["status"] == "SKIP"


def bulk(by: str, p50: float, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "bulk",
        "name": by,
        "by": by,
        "action": "set_status FAILED -> PENDING",
        "matched": 100_000,
        "changed": 100_000,
        "skipped": 0,
        "runs_ms": [p50],
        "p50_ms": p50,
        "target_ms": None,
        **extra,
    }


def test_bulk_targets_judge_ids_filter_and_the_dry_runs_count() -> None:
    entries = [
        bulk("ids", 299.0, target_ms=report.BULK_IDS_TARGET_MS),
        bulk("filter", 10_500.0, target_ms=report.BULK_FILTER_TARGET_S * 1000),
        bulk("dry_run", 2.0, list_count=99_999, list_p50_ms=3.0),
    ]
    assert target(entries, "bulk set_status of 1,000 ids < 300 ms")["status"] == "PASS"
    by_filter = target(entries, "bulk set_status by a filter")
    assert by_filter["status"] == "MISS"
    assert by_filter["misses"] == ["100,000 jobs (10.5 s)"]
    dry = target(entries, "bulk dry run")
    assert dry["misses"] == ["matched 100,000, list 99,999"]
    assert target([], "bulk set_status of 1,000 ids")["status"] == "SKIP"

    markdown = report.markdown(result_with(entries))
    assert "## Bulk actions" in markdown
    assert "| Jobs | Action | Matched | Changed | Skipped | Each run ms | p50 ms |" in markdown
    assert "| filter | set_status FAILED -> PENDING | 100,000 | 100,000 | 0 | 10500 |" in markdown
    assert "| 99,999 | 3.00 |" in markdown


def export(fmt: str, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "export",
        "name": f"export all, format={fmt}",
        "format": fmt,
        "status": 200,
        "jobs": 1000,
        "rows": 1000,
        "bytes": 2_000_000,
        "seconds": 1.5,
        "rows_per_second": 667,
        "worker_peak_mb_before": 70.0,
        "memory_growth_mb": 3.0,
        "target_s": report.EXPORT_TARGET_S,
        **extra,
    }


def test_export_needs_every_row_in_time_with_flat_memory() -> None:
    start = "export of all jobs (CSV, NDJSON) < 20 s and memory flat"
    assert target([export("csv"), export("ndjson")], start)["status"] == "PASS"
    found = target(
        [
            export("csv", rows=999, seconds=20.5),
            export("ndjson", memory_growth_mb=64.0),
        ],
        start,
    )
    assert found["misses"] == ["csv: 999 rows of 1,000 jobs", "csv (20.5 s)", "ndjson (+64 MB)"]
    assert target([], start)["status"] == "SKIP"
    markdown = report.markdown(result_with([export("csv")]))
    assert "## Export" in markdown
    assert "| export all, format=csv | 1,000 | 2.0 | 1.50 | 667 | 70.0 | 3.0 | 20 |" in markdown


def result_with(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "jobs": 1000,
        "statuses": 4000,
        "date": "today",
        "machine": {"cores": 2, "ram_gb": 4, "cpu": "x", "postgresql": "pg", "python": "3"},
        "command": "pytest",
        "reps": 1,
        "warmup": 0,
        "load": None,
        "targets": report.targets(entries, None),
        "entries": entries,
        "database": "test",
    }


def test_plan_summary_drops_only_the_jobs_tables_names() -> None:
    def node(label: str, relation: str | None, index: str | None) -> dict[str, Any]:
        return {
            "node": label.split(" using")[0],
            "label": label,
            "relation": relation,
            "index": index,
        }

    found = plans.summary(
        [
            {
                "nodes": [
                    node(
                        "Index Scan using job_created_idx on jobs_job",
                        "jobs_job",
                        "job_created_idx",
                    ),
                    node(
                        "Index Scan using jobs_jobrollup_pkey on jobs_jobrollup",
                        "jobs_jobrollup",
                        "jobs_jobrollup_pkey",
                    ),
                ]
            }
        ]
    )
    assert found == (
        "Index Scan using job_created_idx; Index Scan using jobs_jobrollup_pkey on jobs_jobrollup"
    )
