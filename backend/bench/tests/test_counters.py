"""The counters benchmark on a small data set: both variants measured, the trigger
functions and the jobs as they were afterwards. Never a timing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from psycopg.conninfo import make_conninfo

from bench import counters
from jobs.models import Job

LIBPQ = {"host", "port", "dbname", "user", "password", "connect_timeout"}


def definitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_functiondef(p.oid) FROM pg_proc p"
            " WHERE p.proname LIKE 'jobs\\_on\\_%%' ORDER BY p.proname"
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_both_variants_run_and_everything_is_restored() -> None:
    call_command("seed_bulk", jobs=500, truncate=True, no_progress=True, stdout=None)
    params = connection.get_connection_params()
    url = make_conninfo(**{k: v for k, v in params.items() if k in LIBPQ})
    functions = definitions()
    assert sum(counters.SLOT_EXPRESSION in f for f in functions) >= 6
    statuses = dict(Job.objects.values_list("id", "current_status"))
    seen: list[str] = []

    entries = counters.run(url, writers=4, seconds=0.3, log=seen.append)

    assert [e["rows"] for e in entries] == [1, counters.SLOTS]
    for entry in entries:
        assert len(entry["runs"]) == counters.ROUNDS
        assert all(run["changes"] > 0 for run in entry["runs"])
    assert all(run["slots_used"] == 1 for run in entries[0]["runs"])
    assert len(seen) == 2 * counters.ROUNDS
    assert definitions() == functions
    assert dict(Job.objects.values_list("id", "current_status")) == statuses
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(total), sum(pending), sum(running) FROM jobs_jobcounts")
        total, pending, running = cursor.fetchone()
    assert total == Job.objects.count()
    assert pending == Job.objects.filter(current_status="PENDING").count()
    assert running == Job.objects.filter(current_status="RUNNING").count()


def test_the_slot_expression_is_the_migrations() -> None:
    import importlib

    migration = importlib.import_module("jobs.migrations.0006_rollups")
    assert migration.SLOTS == counters.SLOTS
    assert counters.SLOT_EXPRESSION in migration.FORWARD
