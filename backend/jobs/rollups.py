"""Reads of the hourly roll-ups (JobRollup, migration 0006): how many jobs a time range
holds, and the activity chart. Both cost the hours they span, not the jobs in them.

A range rarely starts and ends on the hour. Its whole hours come from the roll-ups;
the minutes before the first whole hour and after the last are counted in the jobs
table itself, through the index of the time column: at most two hours of jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from jobs import documents
from jobs.models import StatusType

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


def _in_range_sql(column: str) -> str:
    """One statement for counts_in_range: the roll-ups of the whole hours, and the jobs
    of the partial hours at either end, through the index of ``column``."""
    by_status = ", ".join(f"(current_status = '{s}')::int" for s in StatusType.values)
    edge = f"SELECT {by_status} FROM jobs_job WHERE {column} >= %s AND {column} < %s"
    return f"""
        SELECT {", ".join(f"coalesce(sum({c}), 0)" for c in COLUMNS.values())} FROM (
            SELECT {", ".join(COLUMNS.values())} FROM jobs_jobrollup
            WHERE kind = %s AND hour >= coalesce(%s, '-infinity'::timestamptz)
              AND hour < coalesce(%s, 'infinity'::timestamptz)
            UNION ALL {edge}
            UNION ALL {edge}
        ) AS x (pending, running, completed, failed)"""


IN_RANGE = {column: _in_range_sql(column) for column in ("created_at", "current_status_at")}


def counts_in_range(
    *, kind: str, column: str, start: datetime | None, end: datetime | None
) -> dict[str, int]:
    """How many jobs have ``column`` in [start, end), by current status. ``kind`` is the
    roll-up of that column. One prepared statement: whole hours from the roll-ups, the
    minutes before the first and after the last from the jobs."""
    first = ceil_hour(start) if start is not None else None
    last = floor_hour(end) if end is not None else None
    # [from, to) of the whole hours, then of the minutes before and after them (None:
    # unbounded for the hours, nothing for the minutes).
    bounds: list[datetime | None]
    if start is not None and end is not None and ceil_hour(start) >= floor_hour(end):
        # Within an hour or two: no whole hour; the jobs of [start, end) alone.
        bounds = [start, start, start, end, None, None]
    else:
        bounds = [first, last, start, first, last, end]
        if start is None:
            bounds[2:4] = [None, None]
        if end is None:
            bounds[4:6] = [None, None]
    ((*sums,),) = documents.fetch(IN_RANGE[column], [kind, *bounds])
    return dict(zip(COLUMNS, (int(n) for n in sums), strict=True))


@dataclass(frozen=True)
class Range:
    span: timedelta
    bucket: str  # "hour" or "day"


RANGES = {
    "24h": Range(timedelta(hours=24), "hour"),
    "7d": Range(timedelta(days=7), "day"),
    "30d": Range(timedelta(days=30), "day"),
}


# The activity chart as the API answers it, written by PostgreSQL (see jobs.documents):
# every bucket of the range, oldest first, with the roll-ups of its hours summed (c:
# jobs created, by current status; e: status changes by the status entered).
ACTIVITY = """
SELECT json_build_object('bucket', %(bucket)s::text, 'series', json_agg(json_build_object(
    't', jobs_iso(b.t), 'created', coalesce(r.created, 0),
    'RUNNING', coalesce(r.running, 0), 'COMPLETED', coalesce(r.completed, 0),
    'FAILED', coalesce(r.failed, 0)) ORDER BY b.t))::text
FROM generate_series(%(start)s::timestamptz, %(last)s::timestamptz, %(step)s::interval) AS b(t)
LEFT JOIN (
    SELECT date_trunc(%(bucket)s::text, hour, 'UTC') AS t,
           sum(pending + running + completed + failed) FILTER (WHERE kind = 'c') AS created,
           sum(running) FILTER (WHERE kind = 'e') AS running,
           sum(completed) FILTER (WHERE kind = 'e') AS completed,
           sum(failed) FILTER (WHERE kind = 'e') AS failed
    FROM jobs_jobrollup
    WHERE kind IN ('c', 'e') AND hour >= %(start)s AND hour < %(end)s
    GROUP BY 1
) AS r ON r.t = b.t
"""


def activity(*, range_name: str, now: datetime | None = None) -> str:
    """Per bucket of the range ending now (hours for 24h, days for 7d and 30d, in UTC,
    the current one included): jobs created, and status changes into RUNNING,
    COMPLETED and FAILED; as JSON text (api.serializers.ActivitySerializer's shape)."""
    span = RANGES[range_name]
    now = now or timezone.now()
    if span.bucket == "hour":
        step, end = HOUR, floor_hour(now) + HOUR
    else:
        step = timedelta(days=1)
        end = floor_hour(now).replace(hour=0) + step
    start = end - span.span
    ((document,),) = documents.fetch(
        ACTIVITY,
        {"bucket": span.bucket, "start": start, "last": end - step, "end": end, "step": step},
    )
    return str(document)
