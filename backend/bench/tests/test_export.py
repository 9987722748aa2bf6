"""The export measurement on a small data set, through a real gunicorn worker against
the test database: every job a row in both formats, and the worker's memory read.
Never a timing."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.db import connection

from bench import auth, export
from config.dbtool import database_url, with_database

JOBS = 3000


def test_both_formats_hold_every_job_and_the_workers_memory_is_read(
    transactional_db: Any,
) -> None:
    call_command("seed_bulk", jobs=JOBS, truncate=True, no_progress=True, stdout=None)
    seen: list[str] = []
    with auth.signed_in() as headers:
        test_database = with_database(database_url(), connection.settings_dict["NAME"])
        env = {**os.environ, "DATABASE_URL": test_database}
        entries = export.run(env=env, headers=headers, jobs=JOBS, log=seen.append)

    assert [e["format"] for e in entries] == ["csv", "ndjson"]
    for entry in entries:
        assert entry["status"] == 200
        assert entry["rows"] == JOBS
        assert entry["bytes"] > JOBS * 50
        assert entry["seconds"] > 0
        assert entry["worker_peak_mb_before"] > 10
        assert entry["memory_growth_mb"] >= 0
    assert len(seen) == 2
