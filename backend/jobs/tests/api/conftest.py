"""Data sets shared by the API tests."""

from __future__ import annotations

import pytest

from jobs.models import Job


@pytest.fixture
def three_jobs(make_job) -> list[Job]:
    return [make_job("alpha"), make_job("beta", ("RUNNING",)), make_job("gamma", ("FAILED",))]


@pytest.fixture
def many_jobs(make_job):
    for n in range(120):
        make_job(f"budget-{n}", ("RUNNING", "COMPLETED") if n % 2 else ())
