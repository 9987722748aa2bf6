"""Many clients at once through nginx against the same few jobs; then every invariant.

16 threads send 40 requests each (creates, status changes, renames, reads, deletes)
at a shared pool of jobs. Status changes ask for any status, so many are refused by
the lifecycle (409) or repeat the current one (200, nothing appended). Afterwards the
database and the API must agree that: no request got a 5xx; each job's history follows
the lifecycle row by row; its current status is its newest history row; no status
change was lost or made up; the stats equal real counts; no history row outlived its
job.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

THREADS = 16
REQUESTS_PER_THREAD = 40
DEADLINE_SECONDS = 90
STATUSES = ["PENDING", "RUNNING", "COMPLETED", "FAILED"]
ALLOWED = {
    ("PENDING", "RUNNING"),
    ("PENDING", "FAILED"),
    ("RUNNING", "COMPLETED"),
    ("RUNNING", "FAILED"),
    ("RUNNING", "PENDING"),
    ("FAILED", "PENDING"),
    ("COMPLETED", "PENDING"),
}


def test_concurrent_writes_keep_every_invariant(api, sql, unique) -> None:
    run_and_check_invariants(api, sql, unique)


def run_and_check_invariants(api, sql, unique) -> None:
    """The whole test, for any stack: ``api`` talks to it through nginx, ``sql`` queries
    its primary database (e2e/scale runs it across two app instances)."""
    pool = [api.create(f"race-{unique}-{n}")["id"] for n in range(6)]
    created = list(pool)
    lock = threading.Lock()
    deleted: set[int] = set()
    # Per job, the id of the newest history row each successful status PATCH answered
    # with: the row it appended, or (when it asked for the current status) one that was
    # already there.
    reported: dict[int, set[int]] = defaultdict(set)
    outcomes: dict[str, Counter[int]] = defaultdict(Counter)
    deadline = time.monotonic() + DEADLINE_SECONDS

    def client(seed: int) -> None:
        rng = random.Random(seed)
        for n in range(REQUESTS_PER_THREAD):
            if time.monotonic() > deadline:
                return
            with lock:
                job_id = rng.choice(pool)
            roll = rng.random()
            if roll < 0.12:
                status, body, _ = api.call(
                    "POST", "/api/jobs/", {"name": f"race-{unique}-{seed}-{n}"}
                )
                kind = "create"
                if status == 201:
                    with lock:
                        pool.append(body["id"])
                        created.append(body["id"])
            elif roll < 0.70:
                payload = {"status_type": rng.choice(STATUSES)}
                if rng.random() < 0.2:
                    payload["name"] = f"renamed-{unique}-{seed}-{n}"
                status, body, _ = api.call("PATCH", f"/api/jobs/{job_id}/", payload)
                kind = "patch"
                if status == 200:
                    with lock:
                        reported[job_id].add(body["status_history"][-1]["id"])
            elif roll < 0.80:
                status, _, _ = api.call("PATCH", f"/api/jobs/{job_id}", {"name": f"n-{seed}-{n}"})
                kind = "rename"
            elif roll < 0.95:
                status, _, _ = api.call("GET", f"/api/jobs/{job_id}/")
                kind = "read"
            else:
                status, _, _ = api.call("DELETE", f"/api/jobs/{job_id}/")
                kind = "delete"
                if status == 204:
                    with lock:
                        deleted.add(job_id)
            with lock:
                outcomes[kind][status] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as executor:
        list(executor.map(client, range(THREADS)))
    elapsed = time.monotonic() - started

    # No request failed on the server, and every answer is one the API documents.
    allowed = {
        "create": {201},
        "patch": {200, 404, 409},
        "rename": {200, 404},
        "read": {200, 404},
        "delete": {204, 404},
    }
    for kind, counts in outcomes.items():
        assert set(counts) <= allowed[kind], (kind, dict(counts))
    assert sum(sum(c.values()) for c in outcomes.values()) == THREADS * REQUESTS_PER_THREAD, (
        f"the run hit its {DEADLINE_SECONDS}s deadline after {elapsed:.1f}s"
    )
    assert deleted, "the mix should have deleted something"

    survivors = [j for j in created if j not in deleted]
    ids = list(created)

    # Each job's denormalized status is its newest history row (database view).
    mismatched = sql(
        """
        SELECT j.id, j.current_status, s.status_type, j.current_status_at, s.timestamp
        FROM jobs_job j
        LEFT JOIN LATERAL (
            SELECT status_type, timestamp FROM jobs_jobstatus
            WHERE job_id = j.id ORDER BY timestamp DESC, id DESC LIMIT 1
        ) s ON true
        WHERE s.status_type IS DISTINCT FROM j.current_status
           OR s.timestamp IS DISTINCT FROM j.current_status_at
        """
    )
    assert mismatched == []

    # No status change was lost or made up: a job's rows are its first (PENDING) row and
    # the rows successful PATCHes answered with.
    rows: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for job_id, row_id, status_type in sql(
        "SELECT job_id, id, status_type FROM jobs_jobstatus WHERE job_id = ANY(%s)"
        " ORDER BY job_id, timestamp, id",
        ids,
    ):
        rows[job_id].append((row_id, status_type))
    for job_id in survivors:
        first, *later = rows[job_id]
        assert first[1] == "PENDING"
        assert {row_id for row_id, _ in later} == reported[job_id] - {first[0]}, job_id
        # Each change was checked against the status the job really had.
        statuses = [status_type for _, status_type in rows[job_id]]
        assert set(itertools.pairwise(statuses)) <= ALLOWED, statuses

    # Deleted jobs are gone with their whole history; nothing is orphaned.
    assert sql("SELECT id FROM jobs_job WHERE id = ANY(%s)", sorted(deleted)) == []
    assert sql("SELECT id FROM jobs_jobstatus WHERE job_id = ANY(%s)", sorted(deleted)) == []
    assert (
        sql(
            "SELECT s.id FROM jobs_jobstatus s LEFT JOIN jobs_job j ON j.id = s.job_id"
            " WHERE j.id IS NULL"
        )
        == []
    )
    assert len(sql("SELECT id FROM jobs_job WHERE id = ANY(%s)", survivors)) == len(survivors)

    # The same through the API.
    for job_id in survivors:
        status, job, _ = api.call("GET", f"/api/jobs/{job_id}/")
        assert status == 200
        assert job["current_status"] == job["status_history"][-1]["status_type"]
        assert job["current_status_at"] == job["status_history"][-1]["timestamp"]
        assert [h["id"] for h in job["status_history"]] == [r for r, _ in rows[job_id]]
    for job_id in deleted:
        assert api.call("GET", f"/api/jobs/{job_id}/")[0] == 404
        assert api.call("GET", f"/api/jobs/{job_id}/history/")[0] == 404

    # Stats equal real counts.
    real = dict(sql("SELECT current_status, count(*) FROM jobs_job GROUP BY current_status"))
    stats = api.stats()
    assert stats["by_status"] == {s: real.get(s, 0) for s in STATUSES}
    assert stats["total"] == sql("SELECT count(*) FROM jobs_job")[0][0]
    status, listed, _ = api.call("GET", "/api/jobs/?page_size=1")
    assert listed["count"] == stats["total"]
