"""DELETE /api/jobs/<id>/."""

from __future__ import annotations

import pytest

from jobs.models import JobStatus

pytestmark = pytest.mark.django_db


def test_delete_removes_job_and_history(api, make_job) -> None:
    job = make_job(statuses=("RUNNING",))
    assert api.delete(f"/api/jobs/{job.pk}").status_code == 204
    assert api.get(f"/api/jobs/{job.pk}/").status_code == 404
    assert not JobStatus.objects.filter(job_id=job.pk).exists()
    assert api.delete(f"/api/jobs/{job.pk}/").status_code == 404
