"""Reads of the hourly roll-ups (JobRollup, migration 0006): how many jobs a time range
holds, and the activity chart. Both cost the hours they span, not the jobs in them.

A range rarely starts and ends on the hour. Its whole hours come from the roll-ups;
the minutes before the first whole hour and after the last are counted in the jobs
table itself, through the index of the time column: at most two hours of jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Trunc
from django.utils import timezone

from jobs.models import Job, JobRollup, StatusType

HOUR = timedelta(hours=1)
COLUMNS = {s: s.lower() for s in StatusType.values}  # status -> roll-up column

# The roll-up kinds: c (by the hour a job was created), m (by the hour its status last
# changed), e (status changes, by the hour they entered each status).
CREATED, CHANGED, ENTERED = "c", "m", "e"


def floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def ceil_hour(moment: datetime) -> datetime:
    floor = floor_hour(moment)
    return floor if floor == moment else floor + HOUR


def count_by_status(jobs: QuerySet[Any]) -> dict[str, int]:
    """How many of ``jobs`` (jobs, or their search rows) have each status, every status
    present: one grouped count of the rows (for what neither the counters nor the
    roll-ups can answer)."""
    counts = dict.fromkeys(StatusType.values, 0)
    counts.update(dict(jobs.order_by().values_list("current_status").annotate(n=Count("pk"))))
    return counts


def _exact(jobs: QuerySet[Job], column: str, start: datetime, end: datetime) -> dict[str, int]:
    return count_by_status(jobs.filter(**{f"{column}__gte": start, f"{column}__lt": end}))


def counts_in_range(
    jobs: QuerySet[Job],
    *,
    kind: str,
    column: str,
    start: datetime | None,
    end: datetime | None,
) -> dict[str, int]:
    """How many jobs of ``jobs`` (filtered by status at most) have ``column`` in
    [start, end), by current status. ``kind`` is the roll-up of that column."""
    counts = dict.fromkeys(StatusType.values, 0)

    def add(more: dict[str, int]) -> None:
        for status, n in more.items():
            counts[status] += n

    first = ceil_hour(start) if start is not None else None
    last = floor_hour(end) if end is not None else None
    if first is not None and last is not None and first >= last:
        add(_exact(jobs, column, start, end))  # type: ignore[arg-type]
        return counts
    hours = JobRollup.objects.filter(kind=kind)
    if first is not None:
        hours = hours.filter(hour__gte=first)
    if last is not None:
        hours = hours.filter(hour__lt=last)
    sums = hours.aggregate(**{status: Sum(col) for status, col in COLUMNS.items()})
    add({status: n or 0 for status, n in sums.items()})
    if start is not None and start < first:  # type: ignore[operator]
        add(_exact(jobs, column, start, first))  # type: ignore[arg-type]
    if end is not None and last < end:  # type: ignore[operator]
        add(_exact(jobs, column, last, end))  # type: ignore[arg-type]
    return counts


@dataclass(frozen=True)
class Range:
    span: timedelta
    bucket: str  # "hour" or "day"


RANGES = {
    "24h": Range(timedelta(hours=24), "hour"),
    "7d": Range(timedelta(days=7), "day"),
    "30d": Range(timedelta(days=30), "day"),
}


def activity(*, range_name: str, now: datetime | None = None) -> dict[str, Any]:
    """Per bucket of the range ending now (hours for 24h, days for 7d and 30d, in UTC,
    the current one included): jobs created, and status changes into RUNNING,
    COMPLETED and FAILED."""
    span = RANGES[range_name]
    now = now or timezone.now()
    if span.bucket == "hour":
        step, end = HOUR, floor_hour(now) + HOUR
    else:
        step = timedelta(days=1)
        end = floor_hour(now).replace(hour=0) + step
    start = end - span.span
    rows = (
        JobRollup.objects.filter(kind__in=(CREATED, ENTERED), hour__gte=start, hour__lt=end)
        .annotate(t=Trunc("hour", span.bucket, tzinfo=UTC))
        .values("t", "kind")
        .annotate(**{status: Sum(col) for status, col in COLUMNS.items()})
    )
    buckets: dict[datetime, dict[str, int]] = {}
    t = start
    while t < end:
        buckets[t] = {"created": 0, "RUNNING": 0, "COMPLETED": 0, "FAILED": 0}
        t += step
    for row in rows:
        bucket = buckets.get(row["t"])
        if bucket is None:
            continue
        if row["kind"] == CREATED:
            bucket["created"] += sum(row[s] or 0 for s in StatusType.values)
        else:
            for status in ("RUNNING", "COMPLETED", "FAILED"):
                bucket[status] += row[status] or 0
    return {
        "bucket": span.bucket,
        "series": [{"t": t, **counts} for t, counts in buckets.items()],
    }
