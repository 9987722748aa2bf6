"""POST /api/jobs/bulk/: set a status on, or delete, many jobs at once."""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import close_old_connections, connection

from jobs import selectors, services
from jobs.models import ALLOWED_NEXT, Job, JobStatus, StatusType

pytestmark = pytest.mark.django_db


def assert_invariants() -> None:
    """What every write must leave: histories that follow the lifecycle, a current
    status equal to the newest row, counters equal to a real count."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT j.id FROM jobs_job j
            JOIN LATERAL (SELECT status_type, timestamp FROM jobs_jobstatus
                          WHERE job_id = j.id ORDER BY timestamp DESC, id DESC LIMIT 1) s ON true
            WHERE s.status_type <> j.current_status OR s.timestamp <> j.current_status_at
        """)
        assert cursor.fetchall() == []
    for job_id in Job.objects.values_list("id", flat=True):
        history = list(
            JobStatus.objects.filter(job_id=job_id)
            .order_by("timestamp", "id")
            .values_list("status_type", flat=True)
        )
        assert history[0] == "PENDING"
        for before, after in itertools.pairwise(history):
            assert after in ALLOWED_NEXT[before], history
    real = Counter(Job.objects.values_list("current_status", flat=True))
    counts = selectors.job_counts()
    assert counts.by_status() == {s: real.get(s, 0) for s in StatusType.values}
    assert counts.total == Job.objects.count()


@pytest.fixture
def mixed(make_job) -> dict[str, list[int]]:
    """Jobs named retry-* or other-* in every status."""
    made: dict[str, list[int]] = {s: [] for s in StatusType.values}
    paths = {
        "PENDING": (),
        "RUNNING": ("RUNNING",),
        "COMPLETED": ("RUNNING", "COMPLETED"),
        "FAILED": ("RUNNING", "FAILED"),
    }
    for n in range(3):
        for status, path in paths.items():
            for prefix in ("retry", "other"):
                made[status].append(make_job(f"{prefix}-{status.lower()}-{n}", path).pk)
    return made


def bulk(client: Any, **body: Any) -> Any:
    return client.post("/api/jobs/bulk/", body, format="json")


def test_set_status_on_ids_moves_what_the_lifecycle_allows(operator, mixed) -> None:
    ids = mixed["FAILED"][:2] + mixed["COMPLETED"][:1] + mixed["RUNNING"][:1] + [999_999]
    response = bulk(operator, action="set_status", status_type="PENDING", ids=ids, reason="retry")
    assert response.status_code == 200
    assert response.json() == {"matched": 4, "changed": 4, "skipped": 0}
    newest = JobStatus.objects.filter(job_id__in=ids).order_by("job_id", "-timestamp", "-id")
    rows = {r.job_id: r for r in newest.distinct("job_id")}
    assert {r.status_type for r in rows.values()} == {"PENDING"}
    assert {r.reason for r in rows.values()} == {"retry"}
    assert {r.actor_id for r in rows.values()} == {operator.user.pk}
    assert_invariants()


def test_jobs_the_lifecycle_does_not_allow_are_skipped(operator, mixed) -> None:
    ids = mixed["PENDING"][:2] + mixed["COMPLETED"][:2] + mixed["RUNNING"][:1]
    response = bulk(operator, action="set_status", status_type="RUNNING", ids=ids)
    # PENDING -> RUNNING moves; COMPLETED cannot; RUNNING already is.
    assert response.json() == {"matched": 5, "changed": 2, "skipped": 3}
    assert (
        Job.objects.filter(pk__in=mixed["COMPLETED"][:2], current_status="COMPLETED").count() == 2
    )
    assert JobStatus.objects.filter(job_id=mixed["RUNNING"][0]).count() == 2
    assert_invariants()


def test_set_status_on_a_filter_retries_every_failed_match(operator, mixed) -> None:
    body = {
        "action": "set_status",
        "status_type": "PENDING",
        "filter": {"status": "FAILED", "search": "retry"},
    }
    assert bulk(operator, **body, dry_run=True).json() == {"matched": 3, "changed": 3, "skipped": 0}
    assert Job.objects.filter(current_status="FAILED").count() == 6  # nothing changed
    assert bulk(operator, **body).json() == {"matched": 3, "changed": 3, "skipped": 0}
    failed = set(Job.objects.filter(current_status="FAILED").values_list("name", flat=True))
    assert failed == {"other-failed-0", "other-failed-1", "other-failed-2"}
    assert bulk(operator, **body).json() == {"matched": 0, "changed": 0, "skipped": 0}
    assert_invariants()


@pytest.mark.parametrize(
    ("filter", "status_type", "expected"),
    [
        ({}, "PENDING", {"matched": 24, "changed": 18, "skipped": 6}),
        ({"status": "RUNNING,COMPLETED"}, "FAILED", {"matched": 12, "changed": 6, "skipped": 6}),
        ({"search": "RETRY"}, "RUNNING", {"matched": 12, "changed": 3, "skipped": 9}),
        (
            {"search": "retry-p", "status": "PENDING"},
            "FAILED",
            {"matched": 3, "changed": 3, "skipped": 0},
        ),
        ({"search": "nothing-like-it"}, "FAILED", {"matched": 0, "changed": 0, "skipped": 0}),
        ({"status": "", "search": ""}, "PENDING", {"matched": 24, "changed": 18, "skipped": 6}),
    ],
)
def test_dry_run_counts_exactly_what_the_run_then_does(
    operator, mixed, filter, status_type, expected
) -> None:
    body = {"action": "set_status", "status_type": status_type, "filter": filter}
    history = JobStatus.objects.count()
    assert bulk(operator, **body, dry_run=True).json() == expected
    assert JobStatus.objects.count() == history
    assert bulk(operator, **body).json() == expected
    assert JobStatus.objects.count() == history + expected["changed"]
    assert_invariants()


def test_dry_run_of_a_status_filter_reads_the_counters_only(
    operator, mixed, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        response = bulk(
            operator,
            action="set_status",
            status_type="PENDING",
            filter={"status": "FAILED"},
            dry_run=True,
        )
    assert response.json() == {"matched": 6, "changed": 6, "skipped": 0}


def test_a_bulk_status_change_is_one_statement(operator, mixed, django_assert_num_queries) -> None:
    # The counters (for the size check), then the change, inside its savepoint.
    with django_assert_num_queries(4):
        bulk(operator, action="set_status", status_type="PENDING", filter={"status": "FAILED"})


def test_delete_on_ids_and_on_a_filter(api, mixed) -> None:
    ids = [*mixed["PENDING"][0:4:2], 123_456_789]  # retry-pending-0 and -1, and a missing one
    assert bulk(api, action="delete", ids=ids).json() == {"matched": 2, "changed": 2, "skipped": 0}
    assert not JobStatus.objects.filter(job_id__in=ids).exists()
    body = {"action": "delete", "filter": {"search": "other-"}}
    assert bulk(api, **body, dry_run=True).json() == {"matched": 12, "changed": 12, "skipped": 0}
    assert Job.objects.filter(name__startswith="other-").count() == 12
    assert bulk(api, **body).json() == {"matched": 12, "changed": 12, "skipped": 0}
    assert Job.objects.count() == 24 - 2 - 12
    assert_invariants()


def test_operators_set_status_but_only_admins_delete(operator, viewer, mixed) -> None:
    ids = mixed["FAILED"][:1]
    refused = bulk(operator, action="delete", ids=ids)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "This needs the admin role."}
    refused = bulk(operator, action="delete", ids=ids, dry_run=True)
    assert refused.status_code == 403
    assert bulk(viewer, action="set_status", status_type="PENDING", ids=ids).status_code == 403
    assert Job.objects.get(pk=ids[0]).current_status == "FAILED"


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"action": "set_status", "status_type": "PENDING"},
            {"non_field_errors": ["Give exactly one target: ids or filter."]},
        ),
        (
            {"action": "set_status", "status_type": "PENDING", "ids": [1], "filter": {}},
            {"non_field_errors": ["Give exactly one target: ids or filter."]},
        ),
        (
            {"action": "retry", "ids": [1]},
            {"action": ['"retry" is not an action. Use set_status or delete.']},
        ),
        (
            {"action": "set_status", "ids": [1]},
            {"status_type": ["set_status needs a status_type."]},
        ),
        (
            {"action": "set_status", "status_type": "DONE", "ids": [1]},
            {
                "status_type": [
                    '"DONE" is not a valid status. Use one of: PENDING, RUNNING, COMPLETED, FAILED.'
                ]
            },
        ),
        (
            {"action": "delete", "status_type": "PENDING", "ids": [1]},
            {"status_type": ["delete takes no status_type."]},
        ),
        (
            {"action": "delete", "ids": list(range(1, 1002))},
            {"ids": ["Give at most 1,000 ids, or use filter."]},
        ),
        ({"action": "delete", "ids": []}, {"ids": ["Give at least one id."]}),
        ({"action": "delete", "ids": ["x"]}, {"ids": {"0": ["A valid integer is required."]}}),
        (
            {"action": "delete", "ids": [0]},
            {"ids": {"0": ["Ensure this value is greater than or equal to 1."]}},
        ),
        ({"action": "delete", "ids": 5}, {"ids": ['Expected a list of items but got type "int".']}),
        (
            {"action": "delete", "filter": {"name": "x"}},
            {
                "filter": [
                    "Unknown filter 'name'. Use: status, search, created_after, created_before, "
                    "changed_after."
                ]
            },
        ),
        (
            {"action": "delete", "filter": {"status": "DONE"}},
            {
                "filter": {
                    "status": [
                        "Unknown status DONE. Use one or more of PENDING, RUNNING, COMPLETED, "
                        "FAILED, separated by commas."
                    ]
                }
            },
        ),
        (
            {"action": "delete", "filter": {"status": ["RUNNING"]}},
            {"filter": {"status": ["Must be a string."]}},
        ),
        (
            {"action": "delete", "filter": {"search": 5}},
            {"filter": {"search": ["Must be a string."]}},
        ),
        (
            {"action": "delete", "filter": "FAILED"},
            {"filter": ['Expected a dictionary of items but got type "str".']},
        ),
        (
            {"action": "set_status", "status_type": "PENDING", "ids": [1], "reason": "x" * 501},
            {"reason": ["Reason must be at most 500 characters."]},
        ),
        (
            {"action": "delete", "ids": [1], "dry_run": "maybe"},
            {"dry_run": ["Must be a valid boolean."]},
        ),
        (
            {"action": "delete", "ids": [1], "status": "FAILED"},
            {
                "status": [
                    "Unknown field. Did you mean 'status_type'? Allowed fields: action, "
                    "status_type, reason, ids, filter, dry_run."
                ]
            },
        ),
    ],
)
def test_bad_input_is_400_naming_the_field(api, mixed, body, errors) -> None:
    jobs = Job.objects.count()
    response = bulk(api, **body)
    assert response.status_code == 400
    assert response.json() == errors
    assert Job.objects.count() == jobs


def test_a_target_over_the_limit_is_refused(operator, mixed, settings) -> None:
    settings.BULK_MAX_JOBS = 5
    response = bulk(
        operator, action="set_status", status_type="PENDING", filter={"status": "FAILED"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "filter": ["This matches 6 jobs; a bulk action takes at most 5. Narrow the filter."]
    }
    assert Job.objects.filter(current_status="FAILED").count() == 6


@pytest.mark.django_db(transaction=True)
def test_bulk_and_single_writes_at_once_neither_deadlock_nor_lose_anything(
    make_job, make_user
) -> None:
    """Bulk actions on overlapping filters and single-job PATCHes run together: every
    one finishes (no deadlock error), and afterwards the histories follow the lifecycle,
    the current status is the newest row, and the counters are exact."""
    jobs = [make_job(f"race-{n}", ("RUNNING",) if n % 2 else ()).pk for n in range(60)]
    actor = make_user("operator")
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def bulk_worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(6):
                target = selectors.BulkTarget(filters=selectors.JobListFilters(search="race-"))
                status = ["FAILED", "PENDING", "RUNNING", "COMPLETED"][(n + i) % 4]
                services.jobs_bulk_set_status(jobs=target.jobs(), status_type=status, actor=actor)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def single_worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(40):
                job_id = jobs[(n * 7 + i * 13) % len(jobs)]
                status = ["RUNNING", "FAILED", "PENDING", "COMPLETED"][(n + i) % 4]
                with contextlib.suppress(services.TransitionNotAllowed):
                    services.job_status_set(job_id=job_id, status_type=status, actor=actor)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=bulk_worker, args=(n,)) for n in range(2)]
    threads += [threading.Thread(target=single_worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    close_old_connections()
    assert errors == []
    assert JobStatus.objects.count() > len(jobs) * 2
    assert_invariants()
