"""The bulk measurements on a small data set: what they report, and every job, history
row, counter and roll-up exactly as it was afterwards. Never a timing."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db.models import Sum

from bench import auth, bulk
from bench.shapes import Data
from bench.timing import Caller
from jobs import selectors
from jobs.models import Job, JobRollup, JobStatus
from jobs.tests.helpers import persistent_connection


def state() -> dict[str, Any]:
    rollups = (
        JobRollup.objects.values("kind", "hour")
        .annotate(p=Sum("pending"), r=Sum("running"), c=Sum("completed"), f=Sum("failed"))
        .order_by("kind", "hour")
    )
    return {
        "jobs": list(Job.objects.order_by("id").values()),
        "history": list(JobStatus.objects.order_by("id").values()),
        "counts": selectors.job_counts().by_status(),
        "rollups": [r for r in rollups if any(r[k] for k in "prcf")],
    }


def test_bulk_runs_report_their_jobs_and_leave_everything_as_it_was(db: Any) -> None:
    call_command("seed_bulk", jobs=3000, truncate=True, no_progress=True, stdout=None)
    before = state()
    failed = Job.objects.filter(current_status="FAILED").count()
    assert failed > 100

    with persistent_connection(), auth.signed_in() as headers:
        entries = bulk.run(Caller(headers), id_reps=2, filter_reps=1, dry_reps=2)

    ids, by_filter, dry = entries
    assert [e["by"] for e in entries] == ["ids", "filter", "dry_run"]
    assert ids["matched"] == ids["changed"] == min(failed, 1000)
    assert len(ids["runs_ms"]) == 2
    # Fewer FAILED jobs than a bulk action may take: the filter is all of them.
    assert by_filter["name"] == "filter status=FAILED"
    assert by_filter["matched"] == by_filter["changed"] == failed
    assert dry["matched"] == dry["list_count"] == failed
    assert state() == before


def test_the_filter_takes_the_newest_failed_jobs_when_there_are_more(db: Any) -> None:
    call_command("seed_bulk", jobs=2000, truncate=True, no_progress=True, stdout=None)
    with persistent_connection(), auth.signed_in() as headers:
        data = Data(Caller(headers))
        wanted = bulk.filter_for(data, 50)
        assert set(wanted) == {"status", "created_after"}
        assert data.total(wanted) == 50
