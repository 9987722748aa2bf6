"""Reads from the streaming replica: which server answers, read-your-writes, and what a
lagging or stopped replica does (reads go to the primary, never an error).

Which server ran a request is read from pg_stat_activity, which keeps each session's
latest query and when it started: the statements are bound server-side (their values are
not in the text), so each read is known by the shape of its last statement, started
after the request was sent. The tests run one at a time and nothing else reads.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from stack.test_faults import Traffic, wait_until
from topology import scale


def server_now(run_sql: Any) -> Any:
    return run_sql("SELECT clock_timestamp()")[0][0]


def ran_since(run_sql: Any, pattern: str, since: Any) -> bool:
    """A session of this server other than ours started a query matching ``pattern``
    (SQL LIKE) at or after ``since``."""
    rows = run_sql(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE pid <> pg_backend_pid() AND query LIKE %s AND query_start >= %s",
        pattern,
        since,
    )
    return rows[0][0] > 0


def replayed(replica_sql: Any, job_id: int) -> bool:
    return replica_sql("SELECT count(*) FROM jobs_job WHERE id = %s", job_id) == [(1,)]


def caught_up_with(api: Any, replica_sql: Any, name: str) -> None:
    """A write the replica has replayed: its newest replayed transaction is then only a
    moment old, so the replica's lag stays under DATABASE_REPLICA_MAX_LAG for a while."""
    job = api.create(name)
    assert wait_until(lambda: replayed(replica_sql, job["id"]), 15), "replica did not catch up"


class Paused:
    """WAL replay paused on the replica: it keeps receiving WAL but shows none of it."""

    def __init__(self, replica_sql: Any) -> None:
        self.sql = replica_sql

    def __enter__(self) -> Paused:
        self.sql("SELECT pg_wal_replay_pause()")
        assert wait_until(
            lambda: self.sql("SELECT pg_get_wal_replay_pause_state()") == [("paused",)], 10
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self.sql("SELECT pg_wal_replay_resume()")


@pytest.fixture
def job(api: Any, replica_sql: Any, unique: str) -> dict[str, Any]:
    """A job the replica has replayed."""
    created = api.create(f"replica-{unique}")
    api.set_status(created["id"], "RUNNING")
    assert wait_until(lambda: replayed(replica_sql, created["id"]), 15)
    return created


# The last statement of each read (documents.py, export.py, the stats and activity views).
LIST_SEARCH = "%SELECT jobs_iso(j.k), j.id, json_build_object(%lower(name) LIKE lower($1)%"
READS = {
    "list": ("/api/jobs/?search={term}", LIST_SEARCH),
    "export": (
        "/api/jobs/export/?format=csv&search={term}",
        # Only its start: pg_stat_activity keeps 1,024 bytes of a statement, and the
        # lines PostgreSQL writes come before the WHERE.
        "%SELECT j.k, j.id, concat_ws(',', j.id, %",
    ),
    "job": ("/api/jobs/{id}/", "%json_build_object(%FROM jobs_job AS j WHERE j.id = $1%"),
    "history": ("/api/jobs/{id}/history/", "%json_agg(%FROM jobs_job AS j JOIN jobs_jobstatus%"),
    "stats": ("/api/jobs/stats/", "%FROM jobs_jobcounts%"),
    "activity": ("/api/jobs/activity/?range=7d", "%FROM jobs_jobrollup%"),
}


@pytest.mark.parametrize("read", sorted(READS))
def test_each_read_is_answered_by_the_replica(api, sql, replica_sql, job, marker, read) -> None:
    path, pattern = READS[read]
    values = {"term": marker(), "id": job["id"]}
    since_replica, since_primary = server_now(replica_sql), server_now(sql)
    status, _, _ = api.call("GET", path.format(**values))
    assert status == 200
    assert ran_since(replica_sql, pattern, since_replica)
    assert not ran_since(sql, pattern, since_primary)


def test_a_client_reads_its_own_writes_at_once_while_the_replica_is_behind(
    api, cookie_api, replica_sql, unique
) -> None:
    writer = cookie_api("operator")
    caught_up_with(writer, replica_sql, f"ryw-before-{unique}")
    with Paused(replica_sql):
        job = writer.create(f"ryw-{unique}")
        status, got, _ = writer.call("GET", f"/api/jobs/{job['id']}/")
        assert (status, got["name"]) == (200, f"ryw-{unique}")
        writer.set_status(job["id"], "RUNNING")
        status, got, _ = writer.call("GET", f"/api/jobs/{job['id']}/")
        assert (status, got["current_status"]) == (200, "RUNNING")
        status, listed, _ = writer.call("GET", f"/api/jobs/?search={unique}&sort=oldest")
        assert status == 200
        assert [j["name"] for j in listed["results"]] == [f"ryw-before-{unique}", f"ryw-{unique}"]
        # The replica really was behind: what the writer read came from the primary.
        assert not replayed(replica_sql, job["id"])
    assert wait_until(lambda: replayed(replica_sql, job["id"]), 15)


def test_a_lagging_replica_sends_reads_to_the_primary_until_it_catches_up(
    api, sql, replica_sql, max_lag, marker, unique
) -> None:
    caught_up_with(api, replica_sql, f"lag-before-{unique}")
    answers: list[int] = []
    with Paused(replica_sql):
        job = api.create(f"lag-{unique}")  # this client keeps no cookie

        def read_from_primary() -> bool:
            status, _, _ = api.call("GET", f"/api/jobs/{job['id']}/")
            answers.append(status)
            return status == 200

        # Within DATABASE_REPLICA_MAX_LAG the replica may still answer (a 404: it has
        # not replayed the job); past it, and the check's second, the primary answers.
        assert wait_until(read_from_primary, max_lag + 15)
        assert not replayed(replica_sql, job["id"])

        def searched_on_primary() -> bool:
            term = marker()
            since = server_now(sql)
            assert api.call("GET", f"/api/jobs/?search={term}")[0] == 200
            return ran_since(sql, LIST_SEARCH, since)

        # Reads on several workers, each once its last check (a second old at most) expired.
        for _ in range(8):
            assert wait_until(searched_on_primary, 5)
    assert set(answers) <= {200, 404}, answers

    def read_from_replica() -> bool:
        term = marker()
        since = server_now(replica_sql)
        assert api.call("GET", f"/api/jobs/?search={term}")[0] == 200
        return ran_since(replica_sql, LIST_SEARCH, since)

    assert wait_until(read_from_replica, 20), "reads did not come back to the replica"


def test_a_stopped_replica_gives_no_error_and_reads_return_to_it(api, replica_sql, job) -> None:
    reads = [
        ("GET", "/api/jobs/?page_size=5", None),
        ("GET", f"/api/jobs/{job['id']}/", None),
        ("GET", f"/api/jobs/{job['id']}/history/", None),
        ("GET", "/api/jobs/stats/", None),
        ("GET", "/api/jobs/activity/?range=24h", None),
        ("GET", "/api/jobs/?cursor=", None),
    ]
    try:
        with Traffic(api, reads) as traffic:
            time.sleep(1.0)
            scale("replica-stop")
            stopped_at = time.monotonic()
            time.sleep(2.0)
            scale("replica-start")
            since = server_now(replica_sql)
            # The app's sessions on the replica run reads again (not only its lag check).
            assert wait_until(lambda: ran_since(replica_sql, "%FROM%jobs_%", since), 20), (
                "reads did not come back to the replica"
            )
            time.sleep(1.0)
    finally:
        scale("replica-start")
    failed = [r[1:3] for r in traffic.results if r[2] != 200]
    assert failed == []
    assert [r for r in traffic.results if r[4] > stopped_at], "no traffic while it was down"
