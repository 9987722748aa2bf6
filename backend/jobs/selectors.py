"""Reads. Every list shape is served by one index (see models.Job.Meta.indexes)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Self

from django.db.models import Count, Prefetch, QuerySet, Sum

from jobs import rollups, search
from jobs.models import Job, JobCounts, JobRollup, JobStatus, StatusType

HISTORY_IN_LIST = 10

# sort name -> ORDER BY columns. Each ends with id so the order is total and stable.
SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "name_asc": ("name", "id"),
    "name_desc": ("-name", "-id"),
    "changed_newest": ("-current_status_at", "-id"),
    "changed_oldest": ("current_status_at", "id"),
}
DEFAULT_SORT = "newest"


@dataclass(frozen=True)
class JobListFilters:
    """What a list asks for. Time ranges start inclusive and end exclusive; "changed"
    is the time of the current status (current_status_at)."""

    statuses: tuple[str, ...] = ()
    search: str = ""
    sort: str = DEFAULT_SORT
    created_after: datetime | None = None
    created_before: datetime | None = None
    changed_after: datetime | None = None

    @property
    def created_range(self) -> bool:
        return self.created_after is not None or self.created_before is not None

    @property
    def timed(self) -> bool:
        return self.created_range or self.changed_after is not None


class JobList(QuerySet[Job]):
    """The jobs of a list request. It keeps the filters that made it, so that
    count_matching() can answer from the counters row instead of counting rows."""

    filters: JobListFilters = JobListFilters()

    def _clone(self) -> Self:
        # QuerySet._clone is how every chained call copies a queryset; the stubs leave
        # it out.
        clone: Self = super()._clone()  # type: ignore[misc]
        clone.filters = self.filters
        return clone

    def count_matching(self) -> tuple[int, bool]:
        """How many jobs match the filters (not this queryset's slice or keyset
        position), and whether the count stopped at search.SEARCH_COUNT_CAP."""
        return job_count(filters=self.filters)


def _by_status(queryset: QuerySet[Job], statuses: tuple[str, ...]) -> QuerySet[Job]:
    if len(statuses) == 1:
        return queryset.filter(current_status=statuses[0])
    return queryset.filter(current_status__in=statuses) if statuses else queryset


def job_matching(filters: JobListFilters, *, recheck: bool = True) -> QuerySet[Job]:
    """Jobs matching ``filters``, unordered. For ``recheck``, see search.name_contains."""
    jobs = JobList(model=Job)
    jobs.filters = filters
    queryset = _by_status(jobs, filters.statuses)
    if filters.created_after is not None:
        queryset = queryset.filter(created_at__gte=filters.created_after)
    if filters.created_before is not None:
        queryset = queryset.filter(created_at__lt=filters.created_before)
    if filters.changed_after is not None:
        queryset = queryset.filter(current_status_at__gte=filters.changed_after)
    if filters.search:
        queryset = search.name_contains(queryset, filters.search, recheck=recheck)
    return queryset


def job_list(*, filters: JobListFilters) -> JobList:
    """Jobs matching ``filters`` in their sort order, each with its newest statuses."""
    recent = JobStatus.objects.select_related("actor").order_by("-timestamp", "-id")[
        :HISTORY_IN_LIST
    ]
    queryset = (
        job_matching(filters)
        .order_by(*SORTS[filters.sort])
        .prefetch_related(Prefetch("statuses", queryset=recent, to_attr="recent_statuses"))
    )
    assert isinstance(queryset, JobList)
    return queryset


def job_count(*, filters: JobListFilters) -> tuple[int, bool]:
    """The number of jobs matching ``filters`` and whether it was capped.

    Without a search it is exact and costs no more than a few rows: the counters for
    statuses (O(1)), the hourly roll-ups for a time range (O(hours)). A search is
    counted by search.count_matches, up to a cap, and kept until the next write.
    """
    if not filters.search:
        return sum(job_counts_by_status(filters=filters).values()), False
    counts = job_counts()
    key = (counts.version, replace(filters, sort=DEFAULT_SORT))
    cached = search.search_counts.get(key)
    if cached is not None:
        return cached
    result = search.count_matches(
        job_matching(filters),
        unchecked=job_matching(filters, recheck=False),
        estimate_is_reliable=search.estimate_is_reliable(
            term=filters.search, narrowed=bool(filters.statuses) or filters.timed
        ),
    )
    search.search_counts.put(key, result)
    return result


def job_counts_by_status(*, filters: JobListFilters) -> dict[str, int]:
    """How many jobs matching ``filters`` have each status, exactly.

    No time range: the counters (O(1)). One kind of time range (created, or changed):
    the roll-ups of that clock (O(hours)). Both at once, or a search: a grouped count
    of the matching rows.
    """
    wanted = set(filters.statuses) or set(StatusType.values)
    if filters.search or (filters.created_range and filters.changed_after is not None):
        counts = dict.fromkeys(StatusType.values, 0)
        rows = job_matching(filters).order_by().values_list("current_status")
        counts.update(dict(rows.annotate(n=Count("id"))))
    elif filters.created_range:
        counts = rollups.counts_in_range(
            _by_status(Job.objects.all(), filters.statuses),
            kind=JobRollup.CREATED,
            column="created_at",
            start=filters.created_after,
            end=filters.created_before,
        )
    elif filters.changed_after is not None:
        counts = rollups.counts_in_range(
            _by_status(Job.objects.all(), filters.statuses),
            kind=JobRollup.CHANGED,
            column="current_status_at",
            start=filters.changed_after,
            end=None,
        )
    else:
        counts = job_counts().by_status()
    return {status: n if status in wanted else 0 for status, n in counts.items()}


@dataclass(frozen=True)
class BulkTarget:
    """The jobs a bulk action is for: the listed ids, or every job matching filters
    (the list's, its sort aside)."""

    ids: tuple[int, ...] | None = None
    filters: JobListFilters | None = None

    def jobs(self) -> QuerySet[Job]:
        """The targeted jobs, unordered."""
        if self.ids is not None:
            return Job.objects.filter(id__in=self.ids)
        return job_matching(self.filters or JobListFilters())

    def counts_by_status(self) -> dict[str, int]:
        """How many targeted jobs have each status: for a filter, what the list's own
        count costs (job_counts_by_status); for ids, one grouped count of them."""
        if self.ids is None:
            return job_counts_by_status(filters=self.filters or JobListFilters())
        counts = dict.fromkeys(StatusType.values, 0)
        rows = self.jobs().order_by().values_list("current_status").annotate(n=Count("id"))
        counts.update(dict(rows))
        return counts


COUNTS = ("total", "pending", "running", "completed", "failed", "version")


def job_counts() -> JobCounts:
    """The counters: the sums of their slot rows, in one query."""
    sums = JobCounts.objects.aggregate(**{field: Sum(field) for field in COUNTS})
    return JobCounts(**{field: sums[field] or 0 for field in COUNTS})


def job_get(*, job_id: int) -> Job:
    """One job with its whole history, oldest first. Raises Job.DoesNotExist."""
    history = JobStatus.objects.select_related("actor").order_by("timestamp", "id")
    return Job.objects.prefetch_related(
        Prefetch("statuses", queryset=history, to_attr="history")
    ).get(pk=job_id)


def job_history(*, job_id: int) -> QuerySet[JobStatus, Any]:
    """A job's statuses, oldest first."""
    return (
        JobStatus.objects.filter(job_id=job_id).select_related("actor").order_by("timestamp", "id")
    )
