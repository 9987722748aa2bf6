"""A small run of the benchmark's own measurement code, so `make bench` cannot rot.

It checks the shape of the output (every shape, small and equal query counts, both
files written), never timings. test_throughput.py runs gunicorn and wrk.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from bench import auth, report
from bench.run import assemble, measure
from bench.timing import Caller
from jobs.models import Job, JobStatus
from jobs.tests.helpers import persistent_connection

JOBS = 10_000  # the size the issue asks for; about 10 s here


@pytest.fixture
def bench_result(db: Any, tmp_path: Path) -> dict[str, Any]:
    call_command("seed_bulk", jobs=JOBS, truncate=True, no_progress=True, stdout=None)
    with persistent_connection(), auth.signed_in() as headers:
        entries = measure(Caller(headers), reps=2, warmup=1, deep_pages=[2, 50, 50_000])
    result = assemble(
        jobs=JOBS,
        statuses=JobStatus.objects.count(),
        entries=entries,
        load_info={"jobs": JOBS, "statuses": 0, "reused": False, "seconds": 1.0},
        command="pytest",
        reps=2,
        warmup=1,
        database="test",
    )
    report.write(result, tmp_path)
    return result


def test_bench_measures_every_shape_and_writes_both_files(
    bench_result: dict[str, Any], tmp_path: Path
) -> None:
    requests = {e["name"]: e for e in bench_result["entries"] if e["kind"] == "request"}
    groups = {e["group"] for e in requests.values()}
    assert groups == {
        "list",
        "keyset",
        "page",
        "activity",
        "conditional",
        "stats",
        "detail",
        "write",
    }
    for name in (
        "list newest (default)",
        "list status=RUNNING,FAILED",
        "list sort=name_desc",
        "list search=cfd (common)",
        "keyset newest: first",
        "keyset newest: page 2",
        "keyset newest: page 50",
        "list sort=changed_newest",
        "list status=FAILED&sort=changed_oldest",
        "list status=RUNNING,FAILED&sort=changed_newest",
        "list created_after=<last hour>&sort=name_desc",
        "list created_before=<90% of span>&sort=changed_oldest",
        "list changed_after=<last hour>",
        "list status=FAILED&changed_after=<last hour>&sort=changed_newest",
        "list search=cfd&created_after=<90% of span>",
        "keyset sort=changed_newest: page 50",
        "keyset changed_after=<90% of span>&sort=changed_newest: page 2",
        "activity range=24h",
        "activity range=7d",
        "activity range=30d",
        "list newest, If-None-Match (304)",
        "stats, If-None-Match (304)",
        "stats",
        "create (POST)",
        "patch status (PATCH)",
        "rename (PATCH)",
        "delete (DELETE)",
    ):
        assert name in requests, name
    assert len([e for e in requests.values() if e["group"] == "page"]) == 2
    # 10,000 jobs make 500 pages: page 50,000 becomes the last one.
    assert f"keyset newest: page {JOBS // 20} (last)" in requests
    for entry in requests.values():
        assert entry["status"] < 400
        assert entry["p50_ms"] > 0
        assert entry["p95_ms"] >= entry["p50_ms"]
        assert 1 <= entry["queries"] <= 5 or entry["group"] == "write", entry
        assert sum(entry["statements"].values()) == entry["queries"]
    lists = [e for e in requests.values() if e["group"] in ("list", "keyset", "page")]
    assert all(not e["seq_scan"] or "search" in e["name"] for e in lists)
    assert requests["stats"]["queries"] == 1
    # Every time filter with every sort, each with a narrow and a wide range: a narrow
    # one matches some jobs, fewer than the wide one.
    assert len([n for n in requests if n.startswith(("list created_", "list changed_"))]) >= 36
    for clock in ("created_after", "changed_after"):
        narrow = requests[f"list {clock}=<last hour>"]["count"]
        assert 0 < narrow < requests[f"list {clock}=<90% of span>"]["count"] < JOBS
    assert 0 < requests["list created_before=<first hour>"]["count"] < JOBS // 10
    # Each conditional GET is answered 304, empty, after one read of the counters.
    conditional = [e for e in requests.values() if e["group"] == "conditional"]
    assert len(conditional) == 4
    assert all(e["status"] == 304 and e["queries"] == 1 for e in conditional)
    assert {e["url"].split("?")[0] for e in conditional} >= {"/api/jobs/", "/api/jobs/stats/"}
    # The query count does not grow with the page size or the depth.
    assert requests["list page_size=100"]["queries"] == requests["list newest (default)"]["queries"]
    assert (
        requests["keyset newest: page 50"]["queries"] == requests["keyset newest: first"]["queries"]
    )
    # Each write writes: a job and its first status, a status, a name, a deletion.
    writes = {n: e["statements"]["write"] for n, e in requests.items() if e["group"] == "write"}
    # A create, a status change and a rename are one statement each (the job and its
    # first status; the lock, the status and the update), with nothing read back.
    for name in ("create (POST)", "patch status (PATCH)", "rename (PATCH)"):
        assert writes[name] == requests[name]["queries"] == 1, requests[name]
    assert writes["delete (DELETE)"] >= 1
    assert requests["delete (DELETE)"]["status"] == 204

    bulk = {e["by"]: e for e in bench_result["entries"] if e["kind"] == "bulk"}
    assert bulk["ids"]["matched"] == bulk["ids"]["changed"] == 1000
    assert 0 < bulk["filter"]["matched"] == bulk["filter"]["changed"] < JOBS
    assert bulk["dry_run"]["matched"] == bulk["dry_run"]["list_count"] == bulk["filter"]["matched"]

    why = [e for e in bench_result["entries"] if e["kind"] == "why"]
    assert len(why) >= 5
    assert all(e["design_ms"] > 0 and e["naive_ms"] > 0 for e in why)
    statuses = {t["target"]: t["status"] for t in bench_result["targets"]}
    assert set(statuses.values()) <= {"PASS", "MISS", "SKIP"}
    # No throughput or export ran here, so their targets say so rather than pass.
    assert [s for t, s in statuses.items() if t.startswith("throughput")] == ["SKIP", "SKIP"]
    assert [s for t, s in statuses.items() if t.startswith("export")] == ["SKIP"]
    # Timings decide PASS or MISS (test_report.py checks that); here they were measured.
    for measured in ("activity", "every 304", "bulk set_status of", "bulk set_status by"):
        assert [s for t, s in statuses.items() if t.startswith(measured)] != ["SKIP"], measured
    assert [s for t, s in statuses.items() if t.startswith("bulk dry")] == ["PASS"]

    # The write shapes clean up after themselves.
    assert Job.objects.count() == JOBS
    saved = json.loads((tmp_path / "latest.json").read_text())
    assert saved["jobs"] == JOBS
    assert {"name", "queries", "p50_ms", "p95_ms", "plan_uses_index", "seq_scan"} <= set(
        saved["entries"][0]
    )
    markdown = (tmp_path / "latest.md").read_text()
    assert "| list newest (default) |" in markdown
    assert "## Statements per write" in markdown
    assert "| delete (DELETE) |" in markdown
    assert "## Why the design" in markdown
    assert "## Bulk actions" in markdown
    assert "| activity range=30d |" in markdown
