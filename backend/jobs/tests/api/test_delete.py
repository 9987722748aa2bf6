"""DELETE /api/jobs/<id>/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import JobStatus

pytestmark = pytest.mark.django_db


def test_delete_removes_job_and_history(api, make_job) -> None:
    job = make_job(statuses=("RUNNING",))
    assert api.delete(f"/api/jobs/{job.pk}").status_code == 204
    assert api.get(f"/api/jobs/{job.pk}/").status_code == 404
    assert not JobStatus.objects.filter(job_id=job.pk).exists()
    assert api.delete(f"/api/jobs/{job.pk}/").status_code == 404


def test_a_delete_is_the_lock_then_one_statement(api, make_job) -> None:
    """The lock, then the history and the job in one statement, in one transaction (a
    savepoint here, inside the test's own)."""
    job = make_job(statuses=("RUNNING",))
    with CaptureQueriesContext(connection) as captured:
        assert api.delete(f"/api/jobs/{job.pk}/").status_code == 204
    statements = [q["sql"].lstrip() for q in captured.captured_queries]
    assert [s.split()[0] for s in statements] == ["SAVEPOINT", "SELECT", "WITH", "RELEASE"]
    assert statements[1].endswith("FOR UPDATE") and "DELETE FROM jobs_job" in statements[2]
