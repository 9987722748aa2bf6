"""The counters and hourly roll-ups the triggers keep (migration 0006) equal what a
GROUP BY over the tables says, and the search rows (migration 0010) equal the jobs,
after every kind of write."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from jobs import rollups, selectors, services
from jobs.models import Job, JobCounts, JobRollup, JobSearch, JobStatus, StatusType

pytestmark = pytest.mark.django_db

COLUMNS = ("pending", "running", "completed", "failed")


def rollup_table() -> dict[tuple[str, datetime], tuple[int, ...]]:
    """The roll-ups summed over slots, leaving out hours that add up to nothing."""
    sums: dict[tuple[str, datetime], list[int]] = {}
    for row in JobRollup.objects.values_list("kind", "hour", *COLUMNS):
        key = (row[0], row[1])
        sums.setdefault(key, [0, 0, 0, 0])
        sums[key] = [a + b for a, b in zip(sums[key], row[2:], strict=True)]
    return {key: tuple(v) for key, v in sums.items() if any(v)}


def truth() -> dict[tuple[str, datetime], tuple[int, ...]]:
    """The same numbers from the tables: GROUP BY the hour of each clock."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT kind, hour, sum(p), sum(r), sum(c), sum(f) FROM (
                SELECT 'c' AS kind, date_trunc('hour', created_at) AS hour, current_status AS s
                FROM jobs_job
                UNION ALL
                SELECT 'm', date_trunc('hour', current_status_at), current_status FROM jobs_job
                UNION ALL
                SELECT 'e', date_trunc('hour', timestamp), status_type FROM jobs_jobstatus
            ) AS x, LATERAL (SELECT (s = 'PENDING')::int AS p, (s = 'RUNNING')::int AS r,
                                    (s = 'COMPLETED')::int AS c, (s = 'FAILED')::int AS f) AS y
            GROUP BY kind, hour
        """)
        return {(k, h): tuple(int(n) for n in v) for k, h, *v in cursor.fetchall()}


def assert_exact() -> None:
    assert rollup_table() == truth()
    assert set(JobSearch.objects.values_list("job_id", "name", "current_status")) == set(
        Job.objects.values_list("id", "name", "current_status")
    )
    counts = selectors.job_counts()
    real = Counter(Job.objects.values_list("current_status", flat=True))
    assert counts.by_status() == {s: real.get(s, 0) for s in StatusType.values}
    assert counts.total == Job.objects.count()


def test_every_kind_of_write_keeps_the_rollups_equal_to_the_tables(make_job, make_user) -> None:
    actor = make_user("admin")
    jobs = [make_job(f"mixed-{n}") for n in range(12)]
    assert_exact()
    services.job_status_set(job_id=jobs[0].pk, status_type="RUNNING", actor=actor)
    services.job_status_set(job_id=jobs[0].pk, status_type="COMPLETED", actor=actor)
    services.job_update(job_id=jobs[1].pk, name="renamed only")
    services.job_update(job_id=jobs[2].pk, name="both", status_type="FAILED")
    assert_exact()
    # Jobs and statuses that happened long ago, as a repair by hand or an import would
    # write them: the roll-ups follow the times.
    past = timezone.now() - timedelta(days=3, minutes=17)
    Job.objects.filter(pk__in=[j.pk for j in jobs[3:6]]).update(
        created_at=past, current_status_at=past
    )
    JobStatus.objects.filter(job_id__in=[j.pk for j in jobs[3:6]]).update(timestamp=past)
    assert_exact()
    target = selectors.BulkTarget(filters=selectors.JobListFilters(statuses=("PENDING",)))
    services.jobs_bulk_set_status(jobs=target.jobs(), status_type="RUNNING", actor=actor)
    services.jobs_bulk_set_status(
        jobs=selectors.BulkTarget(ids=(jobs[4].pk, jobs[5].pk)).jobs(), status_type="FAILED"
    )
    assert_exact()
    services.job_delete(job_id=jobs[6].pk)
    services.jobs_bulk_delete(jobs=selectors.BulkTarget(ids=(jobs[7].pk, jobs[8].pk)).jobs())
    assert_exact()
    call_command("seed_demo", stdout=None)
    assert_exact()
    call_command("seed_bulk", jobs=500, no_progress=True, stdout=None)
    assert_exact()
    Job.objects.all().delete()
    assert_exact()
    assert rollup_table() == {}


def test_truncate_empties_the_counters_rollups_and_search_rows(make_job) -> None:
    make_job(statuses=("RUNNING",))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own writes' checks
        cursor.execute("TRUNCATE jobs_job, jobs_jobstatus")
    assert rollup_table() == {}
    assert selectors.job_counts().total == 0
    assert not JobSearch.objects.exists()


def test_each_writer_uses_its_own_slot_row(make_job) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT mod(pg_backend_pid(), 8)")
        slot = cursor.fetchone()[0]
    before = {row.id: row.version for row in JobCounts.objects.all()}
    make_job()
    after = {row.id: row.version for row in JobCounts.objects.all()}
    assert sorted(before) == list(range(8))
    assert {k for k in after if after[k] != before[k]} == {slot}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("10:20", "14:40"),  # partial hours at both ends, whole hours between
        ("10:00", "14:00"),  # on the hour
        ("10:20", "10:50"),  # within one hour
        ("09:59", "10:01"),  # across one hour boundary
        (None, "12:30"),
        ("12:30", None),
    ],
)
def test_range_counts_equal_a_count_of_the_rows(make_job, start, end) -> None:
    day = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=2)
    for minute in range(0, 8 * 60, 13):  # a job every 13 minutes from 08:00 to 16:00
        job = make_job(statuses=("RUNNING",) if minute % 2 else ())
        moment = day + timedelta(hours=8, minutes=minute)
        Job.objects.filter(pk=job.pk).update(created_at=moment, current_status_at=moment)

    def at(clock: str | None) -> datetime | None:
        if clock is None:
            return None
        hours, minutes = map(int, clock.split(":"))
        return day + timedelta(hours=hours, minutes=minutes)

    for kind, column in (("c", "created_at"), ("m", "current_status_at")):
        expected = Job.objects.all()
        if start:
            expected = expected.filter(**{f"{column}__gte": at(start)})
        if end:
            expected = expected.filter(**{f"{column}__lt": at(end)})
        counts = rollups.counts_in_range(kind=kind, column=column, start=at(start), end=at(end))
        assert counts == {s: expected.filter(current_status=s).count() for s in StatusType.values}
