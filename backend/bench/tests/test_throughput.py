"""The throughput test on a small scale: gunicorn and wrk against the test database,
one second a load. It checks that every request succeeded and that the writes are what
they claim (every PATCH a change of status), never the figures."""

from __future__ import annotations

import itertools
import os
import shutil
from typing import Any

import pytest
from django.db import connection

from bench import auth, throughput
from bench.shapes import JOBS, Data, Load
from bench.timing import Caller
from config.dbtool import database_url, with_database
from jobs.models import Job, JobStatus


@pytest.fixture(autouse=True)
def _wrk() -> None:
    if not shutil.which("wrk"):
        pytest.fail("wrk is missing: `make setup` installs it (apt-get install wrk)")


CYCLE = ("PENDING", "RUNNING")


def test_every_load_succeeds_and_every_patch_changes_the_status(transactional_db: Any) -> None:
    with auth.signed_in() as headers:
        data = Data(Caller(headers))
        jobs = tuple(data.new_job(f"wrk target {n}") for n in range(8))
        loads = [
            Load("/health/", "/health/"),
            Load("patch", JOBS + "{job}/", 0.33, "PATCH", jobs=jobs, statuses=CYCLE),
            Load("post", JOBS, 0.33, "POST", body='{"name": "wrk created"}'),
            Load("conditional list", JOBS, conditional=True),
        ]
        test_database = with_database(database_url(), connection.settings_dict["NAME"])
        env = {**os.environ, "DATABASE_URL": test_database}
        entries = throughput.run(
            loads,
            env=env,
            headers=headers,
            workers=2,
            seconds=1,
            threads=2,
            connections=4,
            ways=("direct",),
        )

    health, patch, post, conditional = entries
    assert [e["name"] for e in entries] == ["/health/", "patch", "post", "conditional list"]
    # /health/ runs before and after each load that ran (the conditional GET is skipped
    # while the API sends no ETag).
    assert len(health["runs"]) == (4 if "skipped" not in conditional else 3)
    for entry in [*health["runs"], patch, post]:
        assert entry["requests"] > 0, entry
        assert entry["non_2xx"] == 0, entry
    assert patch["ratio"] == round(patch["requests_per_second"] / patch["health_rps"], 3)
    assert Job.objects.filter(name="wrk created").count() >= post["requests"]
    changed = 0
    for job in jobs:
        history = list(
            JobStatus.objects.filter(job_id=job)
            .order_by("timestamp", "id")
            .values_list("status_type", flat=True)
        )
        assert history[0] == "PENDING"
        assert all(a != b for a, b in itertools.pairwise(history)), history
        changed += len(history) > 2
    # wrk's check of the script takes one job of the first thread out of the rotation.
    assert changed >= len(jobs) - 1
