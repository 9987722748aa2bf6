"""The hand-written output serializers against DRF's generic path."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_hand_written_output_matches_drf_field_by_field(make_job, make_user) -> None:
    """JobSerializer writes its output by hand for speed; it must say exactly what
    DRF's generic ModelSerializer path would: rows with and without an actor and a
    reason included."""
    from rest_framework import serializers

    from jobs import services
    from jobs.api.serializers import JobSerializer, JobStatusSerializer
    from jobs.selectors import job_get

    job = make_job("same-output", ("RUNNING",))
    services.job_status_set(
        job_id=job.pk, status_type="FAILED", reason="out of memory", actor=make_user("operator")
    )
    job = job_get(job_id=job.pk)
    fast = JobSerializer(job).data
    generic = serializers.ModelSerializer.to_representation(JobSerializer(job), job)
    generic["status_history"] = [
        serializers.ModelSerializer.to_representation(JobStatusSerializer(), s)
        for s in job.history  # type: ignore[attr-defined]
    ]
    assert json.loads(json.dumps(fast)) == json.loads(json.dumps(generic))
