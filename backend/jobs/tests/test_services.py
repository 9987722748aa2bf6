from __future__ import annotations

import itertools
import json
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from jobs import selectors, services
from jobs.models import ALLOWED_NEXT, Job, JobStatus, StatusType

pytestmark = pytest.mark.django_db


def real_counts() -> dict[str, int]:
    counts = Counter(Job.objects.values_list("current_status", flat=True))
    return {s: counts.get(s, 0) for s in StatusType.values}


def assert_counters_exact() -> None:
    counts = selectors.job_counts()
    assert counts.by_status() == real_counts()
    assert counts.total == Job.objects.count()


def assert_current_is_newest(job: Job) -> None:
    newest = JobStatus.objects.filter(job=job).order_by("-timestamp", "-id").first()
    job.refresh_from_db()
    assert newest is not None
    assert job.current_status == newest.status_type
    assert job.current_status_at == newest.timestamp


def test_job_create_adds_one_pending_status() -> None:
    job = services.job_create(name="cfd-wing")
    history = list(job.statuses.all())
    assert [s.status_type for s in history] == [StatusType.PENDING]
    assert job.current_status == StatusType.PENDING
    assert job.created_at == job.updated_at == history[0].timestamp
    assert_counters_exact()


def test_job_status_set_appends_and_updates_current(make_job) -> None:
    job = make_job()
    before = job.updated_at
    job = services.job_status_set(job_id=job.pk, status_type=StatusType.RUNNING)
    job = services.job_status_set(job_id=job.pk, status_type=StatusType.FAILED)
    statuses = list(job.statuses.order_by("timestamp", "id").values_list("status_type", flat=True))
    assert statuses == ["PENDING", "RUNNING", "FAILED"]
    assert job.current_status == StatusType.FAILED
    assert job.updated_at > before
    assert_current_is_newest(job)
    assert_counters_exact()


def test_same_status_again_appends_nothing(make_job) -> None:
    job = make_job(statuses=("RUNNING",))
    updated_at = Job.objects.get(pk=job.pk).updated_at
    job = services.job_status_set(job_id=job.pk, status_type=StatusType.RUNNING)
    assert [s["status_type"] for s in json.loads(job.document)["status_history"]] == [
        "PENDING",
        "RUNNING",
    ]
    assert job.statuses.count() == 2
    assert Job.objects.get(pk=job.pk).updated_at == updated_at


def test_forbidden_transition_raises_and_changes_nothing(make_job) -> None:
    job = make_job("kept", statuses=("RUNNING", "COMPLETED"))
    with pytest.raises(services.TransitionNotAllowed) as raised:
        services.job_update(job_id=job.pk, name="renamed too", status_type=StatusType.RUNNING)
    assert str(raised.value) == "Cannot go from COMPLETED to RUNNING; allowed: PENDING."
    job.refresh_from_db()
    assert (job.name, job.current_status, job.statuses.count()) == ("kept", "COMPLETED", 3)


def test_history_rows_record_actor_and_reason(make_job, make_user) -> None:
    alice = make_user("operator", username="alice")
    job = services.job_create(name="audited", actor=alice)
    job = services.job_status_set(
        job_id=job.pk, status_type=StatusType.RUNNING, reason="node 7 free", actor=alice
    )
    rows = list(job.statuses.order_by("id").values_list("status_type", "actor__username", "reason"))
    assert rows == [("PENDING", "alice", ""), ("RUNNING", "alice", "node 7 free")]
    assert Job.objects.get(pk=job.pk).created_by == alice


def test_job_update_renames_without_touching_history(make_job) -> None:
    job = make_job(name="old")
    job = services.job_update(job_id=job.pk, name="new")
    assert Job.objects.get(pk=job.pk).name == "new"
    assert job.statuses.count() == 1


def test_new_status_is_never_older_than_the_current_one(make_job) -> None:
    job = make_job()
    future = job.current_status_at.replace(year=job.current_status_at.year + 1)
    Job.objects.filter(pk=job.pk).update(current_status_at=future)
    job = services.job_status_set(job_id=job.pk, status_type=StatusType.RUNNING)
    assert job.current_status_at == future
    newest = job.statuses.order_by("-timestamp", "-id").first()
    assert newest is not None and newest.status_type == StatusType.RUNNING


def test_job_delete_removes_history_and_updates_counts(make_job) -> None:
    job = make_job(statuses=("RUNNING",))
    services.job_delete(job_id=job.pk)
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not JobStatus.objects.filter(job_id=job.pk).exists()
    assert_counters_exact()


def test_missing_job_raises_does_not_exist() -> None:
    with pytest.raises(Job.DoesNotExist):
        services.job_status_set(job_id=987654321, status_type=StatusType.RUNNING)
    with pytest.raises(Job.DoesNotExist):
        services.job_delete(job_id=987654321)


def test_counters_follow_bulk_statements(make_job) -> None:
    for _ in range(3):
        make_job()
    Job.objects.update(current_status=StatusType.COMPLETED)
    assert_counters_exact()
    Job.objects.filter(pk__in=Job.objects.values("pk")[:2]).delete()
    assert_counters_exact()


def test_counters_version_grows_with_every_write(make_job) -> None:
    v0 = selectors.job_counts().version
    job = make_job()
    v1 = selectors.job_counts().version
    services.job_update(job_id=job.pk, name="renamed")
    v2 = selectors.job_counts().version
    services.job_delete(job_id=job.pk)
    v3 = selectors.job_counts().version
    assert v0 < v1 < v2 < v3


@pytest.mark.django_db(transaction=True)
def test_concurrent_status_changes_lose_nothing(make_job) -> None:
    """Many threads move two jobs at once, each asking for whatever status it likes:
    every change the lifecycle allowed is kept, each checked against the status the job
    really had (so the history follows the lifecycle row by row), the current status is
    the newest row, and the counters still equal a real count."""
    job = make_job()
    other = make_job()
    threads_n, per_thread = 8, 15
    statuses = [StatusType.RUNNING, StatusType.COMPLETED, StatusType.FAILED, StatusType.PENDING]
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []
    refused = Counter[str]()
    lock = threading.Lock()

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                target = job if (n + i) % 3 else other
                try:
                    services.job_status_set(job_id=target.pk, status_type=statuses[(n + i) % 4])
                except services.TransitionNotAllowed:
                    with lock:
                        refused["refused"] += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    close_old_connections()
    assert errors == []
    total_rows = JobStatus.objects.filter(job__in=[job, other]).count()
    # Every attempt either appended a row, was refused, or asked for the current status.
    assert total_rows - 2 + refused["refused"] <= threads_n * per_thread
    assert total_rows > 2
    for target in (job, other):
        history = list(
            target.statuses.order_by("timestamp", "id").values_list("status_type", flat=True)
        )
        for before, after in itertools.pairwise(history):
            assert after in ALLOWED_NEXT[before], history
    assert_current_is_newest(job)
    assert_current_is_newest(other)
    # Timestamps never go backwards in id order: the lock serialises writers.
    for target in (job, other):
        rows = list(target.statuses.order_by("id").values_list("timestamp", flat=True))
        assert rows == sorted(rows)
    assert_counters_exact()


def test_a_job_cannot_have_changed_before_it_was_created(make_job) -> None:
    """The check constraint the list's sort by last change relies on."""
    job = make_job("early")
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            current_status_at=job.created_at - timedelta(seconds=1)
        )


@pytest.mark.django_db(transaction=True)
def test_a_change_that_waited_for_the_lock_answers_with_the_history_it_waited_for(
    make_job,
) -> None:
    """A status change that waits for another write's lock goes by the status that write
    left (RUNNING -> COMPLETED is allowed, PENDING -> COMPLETED is not), and its answer
    holds that write's row, though its statement's snapshot was taken before it."""
    job = make_job()
    holding, done = threading.Event(), threading.Event()
    answers: list[Job] = []
    errors: list[BaseException] = []
    waited: list[bool] = []

    def first() -> None:
        try:
            with transaction.atomic():
                services.job_status_set(job_id=job.pk, status_type=StatusType.RUNNING)
                holding.set()
                with connection.cursor() as cursor:  # until the second waits for the lock
                    for _ in range(500):
                        # Activity is read once per transaction unless cleared.
                        cursor.execute("SELECT pg_stat_clear_snapshot()")
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity"
                            " WHERE wait_event_type = 'Lock' AND query LIKE '%WITH cur AS%'"
                        )
                        if cursor.fetchone()[0]:
                            waited.append(True)
                            break
                        done.wait(0.01)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def second() -> None:
        try:
            holding.wait(10)
            answers.append(services.job_status_set(job_id=job.pk, status_type=StatusType.COMPLETED))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    done.set()
    close_old_connections()
    assert errors == []
    assert waited, "the second change never waited for the first one's lock"
    (answer,) = answers
    history = [s["status_type"] for s in json.loads(answer.document)["status_history"]]
    assert history == ["PENDING", "RUNNING", "COMPLETED"]
    assert answer.current_status == StatusType.COMPLETED
    assert answer.updated_at == Job.objects.get(pk=job.pk).updated_at
    assert_current_is_newest(job)
