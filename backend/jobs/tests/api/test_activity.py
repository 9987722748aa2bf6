"""GET /api/jobs/activity/: jobs created and status changes, per hour or day."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from jobs import rollups
from jobs.api.serializers import ActivitySerializer
from jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def test_24h_has_24_hourly_buckets_ending_with_the_current_hour(api, make_job) -> None:
    job = make_job(statuses=("RUNNING", "FAILED"))
    make_job(statuses=("RUNNING", "COMPLETED"))
    make_job()
    body = api.get("/api/jobs/activity/").json()
    assert body["bucket"] == "hour"
    series = body["series"]
    assert len(series) == 24
    now = timezone.now()
    assert series[-1]["t"] == now.replace(minute=0, second=0, microsecond=0).isoformat().replace(
        "+00:00", "Z"
    )
    assert series[-1] == {**series[-1], "created": 3, "RUNNING": 2, "COMPLETED": 1, "FAILED": 1}
    assert all(p["created"] == 0 for p in series[:-1])
    assert job.pk
    # The document PostgreSQL writes is what the schema's serializer describes.
    described = ActivitySerializer(data=body)
    assert described.is_valid(), described.errors


@pytest.mark.parametrize(("name", "days"), [("7d", 7), ("30d", 30)])
def test_day_ranges_have_one_bucket_a_day(api, make_job, name, days) -> None:
    job = make_job(statuses=("RUNNING",))
    three_days_ago = timezone.now() - timedelta(days=3)
    Job.objects.filter(pk=job.pk).update(created_at=three_days_ago)
    JobStatus.objects.filter(job=job, status_type="RUNNING").update(timestamp=three_days_ago)
    series = api.get(f"/api/jobs/activity/?range={name}").json()["series"]
    assert len(series) == days
    day = three_days_ago.replace(hour=0, minute=0, second=0, microsecond=0)
    (point,) = [p for p in series if p["t"] == day.isoformat().replace("+00:00", "Z")]
    assert (point["created"], point["RUNNING"]) == (1, 1)
    assert sum(p["created"] for p in series) == 1


def test_the_chart_equals_a_count_of_the_rows(make_job) -> None:
    for n in range(30):
        job = make_job(statuses=("RUNNING", "FAILED" if n % 3 else "COMPLETED"))
        shift = timedelta(hours=n * 5, minutes=n)
        moment = timezone.now() - shift
        Job.objects.filter(pk=job.pk).update(created_at=moment, current_status_at=moment)
        JobStatus.objects.filter(job=job).update(timestamp=moment)
    now = datetime.now(UTC)
    for name, span in rollups.RANGES.items():
        chart = json.loads(rollups.activity(range_name=name, now=now))
        assert chart["bucket"] == span.bucket
        step = timedelta(hours=1) if span.bucket == "hour" else timedelta(days=1)
        assert len(chart["series"]) == span.span / step
        for point in chart["series"]:
            start = datetime.fromisoformat(point["t"])
            end = start + step
            created = Job.objects.filter(created_at__gte=start, created_at__lt=end).count()
            entered = JobStatus.objects.filter(timestamp__gte=start, timestamp__lt=end)
            assert point["created"] == created
            for status in ("RUNNING", "COMPLETED", "FAILED"):
                assert point[status] == entered.filter(status_type=status).count()


@pytest.mark.parametrize("value", ["1h", "24H", "week", "%00", "7d&range=30d"])
def test_an_unknown_range_is_400(api, value) -> None:
    response = api.get(f"/api/jobs/activity/?range={value}")
    assert response.status_code == 400
    assert list(response.json()) == ["range"]


def test_activity_reads_a_few_rollup_rows_whatever_the_data(
    api, make_job, django_assert_num_queries
) -> None:
    for _ in range(5):
        make_job()
    with django_assert_num_queries(1):
        assert api.get("/api/jobs/activity/?range=30d").status_code == 200
