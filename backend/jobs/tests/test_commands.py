from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from jobs import selectors
from jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def assert_consistent() -> None:
    """Every job's current status is its newest history row; nothing is in the future;
    the counters equal a real count."""
    now = timezone.now()
    for job in Job.objects.all():
        newest = JobStatus.objects.filter(job=job).order_by("-timestamp", "-id").first()
        assert newest is not None
        assert (job.current_status, job.current_status_at) == (
            newest.status_type,
            newest.timestamp,
        )
        assert job.created_at <= job.current_status_at <= now
    assert JobStatus.objects.aggregate(m=Max("timestamp"))["m"] <= now
    counts = selectors.job_counts()
    assert counts.total == Job.objects.count()
    for status, n in counts.by_status().items():
        assert n == Job.objects.filter(current_status=status).count()


def test_seed_demo_loads_consistent_histories_once() -> None:
    call_command("seed_demo", jobs=40, stdout=StringIO())
    assert Job.objects.count() == 40
    assert JobStatus.objects.count() > 40
    assert_consistent()
    out = StringIO()
    call_command("seed_demo", jobs=40, if_empty=True, stdout=out)
    assert Job.objects.count() == 40
    assert "already present" in out.getvalue()


def test_seed_bulk_loads_and_keeps_indexes() -> None:
    call_command("seed_bulk", jobs=500, no_progress=True, stdout=StringIO())
    assert Job.objects.count() == 500
    assert 3 * 500 < JobStatus.objects.count() < 5 * 500
    assert_consistent()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'jobs_job'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"job_created_idx", "job_status_created_idx", "job_name_grams_idx"} <= indexes
