"""The hand-written output serializers against DRF's generic path."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_hand_written_output_matches_drf_field_by_field(make_job) -> None:
    """JobSerializer writes its output by hand for speed; it must say exactly what
    DRF's generic ModelSerializer path would."""
    from rest_framework import serializers

    from jobs.api.serializers import JobSerializer, JobStatusSerializer
    from jobs.selectors import job_get

    job = job_get(job_id=make_job("same-output", ("RUNNING", "FAILED")).pk)
    fast = JobSerializer(job).data
    generic = serializers.ModelSerializer.to_representation(JobSerializer(job), job)
    generic["status_history"] = [
        serializers.ModelSerializer.to_representation(JobStatusSerializer(), s)
        for s in job.history  # type: ignore[attr-defined]
    ]
    assert json.loads(json.dumps(fast)) == json.loads(json.dumps(generic))
