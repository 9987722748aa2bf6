"""The answers are JSON written by PostgreSQL (jobs.documents); JobSerializer is the
reference they must equal, field by field and byte for byte in every value."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from django.db import connection
from rest_framework import serializers

from jobs import services
from jobs.api.serializers import JobSerializer, JobStatusSerializer
from jobs.models import Job, JobStatus
from jobs.selectors import job_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(make_job, make_user) -> list[int]:
    """Jobs with every kind of value an answer holds."""
    alice = make_user("operator", username="alice é")
    plain = make_job("plain")
    busy = make_job('ü "quoted" \\ back <b>bold</b> 😀\ttab', ("RUNNING", "PENDING") * 7)
    services.job_status_set(
        job_id=busy.pk, status_type="RUNNING", reason="  node 7\\n ✓  ", actor=alice
    )
    on_the_second = make_job("whole seconds", ("RUNNING",))
    moment = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    Job.objects.filter(pk=on_the_second.pk).update(
        created_at=moment, updated_at=moment, current_status_at=moment
    )
    JobStatus.objects.filter(job=on_the_second).update(timestamp=moment)
    return [plain.pk, busy.pk, on_the_second.pk]


def reference(job: Job) -> Any:
    """DRF's generic ModelSerializer path, not the hand-written one."""
    out = serializers.ModelSerializer.to_representation(JobSerializer(job), job)
    out["status_history"] = [
        serializers.ModelSerializer.to_representation(JobStatusSerializer(), s)
        for s in job.history  # type: ignore[attr-defined]
    ]
    return json.loads(json.dumps(out))


def test_the_job_document_is_the_serializers_output(api, varied) -> None:
    for job_id in varied:
        assert api.get(f"/api/jobs/{job_id}/").json() == reference(job_get(job_id=job_id))


def test_list_documents_are_the_serializers_output_with_the_newest_ten(api, varied) -> None:
    listed = {job["id"]: job for job in api.get("/api/jobs/").json()["results"]}
    for job_id in varied:
        expected = reference(job_get(job_id=job_id))
        expected["status_history"] = expected["status_history"][-10:]
        assert listed[job_id] == expected


def test_the_history_document_is_the_serializers_output(api, varied) -> None:
    for job_id in varied:
        assert (
            api.get(f"/api/jobs/{job_id}/history/").json()
            == (reference(job_get(job_id=job_id))["status_history"])
        )


def test_the_hand_written_serializer_matches_drfs_generic_path(varied) -> None:
    for job_id in varied:
        job = job_get(job_id=job_id)
        assert json.loads(json.dumps(JobSerializer(job).data)) == reference(job)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC),
        datetime(2026, 3, 4, 5, 6, 7, 500000, tzinfo=UTC),
        datetime(2026, 3, 4, 5, 6, 7, 1, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 120000, tzinfo=UTC),
        datetime(2026, 6, 1, 2, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    ],
)
def test_sql_times_are_written_as_the_serializer_writes_them(moment) -> None:
    """jobs_iso, which every document's times go through, against DRF's DateTimeField."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT jobs_iso(%s)", [moment])
        (written,) = cursor.fetchone()
    assert written == serializers.DateTimeField().to_representation(moment)
