"""Reads. Every list shape is served by one index (see models.Job.Meta.indexes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from django.db.models import Count, Prefetch, QuerySet

from jobs import search
from jobs.models import Job, JobCounts, JobStatus, StatusType

HISTORY_IN_LIST = 10

# sort name -> ORDER BY columns. Each ends with id so the order is total and stable.
SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "name_asc": ("name", "id"),
    "name_desc": ("-name", "-id"),
}
DEFAULT_SORT = "newest"


@dataclass(frozen=True)
class JobListFilters:
    statuses: tuple[str, ...] = ()
    search: str = ""
    sort: str = DEFAULT_SORT


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


def _matching(filters: JobListFilters, *, recheck: bool = True) -> QuerySet[Job]:
    jobs = JobList(model=Job)
    jobs.filters = filters
    queryset: QuerySet[Job] = jobs
    if filters.statuses:
        if len(filters.statuses) == 1:
            queryset = queryset.filter(current_status=filters.statuses[0])
        else:
            queryset = queryset.filter(current_status__in=filters.statuses)
    if filters.search:
        queryset = search.name_contains(queryset, filters.search, recheck=recheck)
    return queryset


def job_list(*, filters: JobListFilters) -> JobList:
    """Jobs matching ``filters`` in their sort order, each with its newest statuses."""
    recent = JobStatus.objects.select_related("actor").order_by("-timestamp", "-id")[
        :HISTORY_IN_LIST
    ]
    queryset = (
        _matching(filters)
        .order_by(*SORTS[filters.sort])
        .prefetch_related(Prefetch("statuses", queryset=recent, to_attr="recent_statuses"))
    )
    assert isinstance(queryset, JobList)
    return queryset


def job_count(*, filters: JobListFilters) -> tuple[int, bool]:
    """The number of jobs matching ``filters`` and whether it was capped.

    Without a search the count comes from the counters row: exact, O(1). A search is
    counted by search.count_matches and kept until the next write.
    """
    counts = job_counts()
    if not filters.search:
        if not filters.statuses:
            return counts.total, False
        by_status = counts.by_status()
        return sum(by_status[s] for s in set(filters.statuses)), False
    key = (counts.version, filters.search, tuple(sorted(set(filters.statuses))))
    cached = search.search_counts.get(key)
    if cached is not None:
        return cached
    result = search.count_matches(
        _matching(filters),
        unchecked=_matching(filters, recheck=False),
        estimate_is_reliable=search.estimate_is_reliable(
            term=filters.search, narrowed=bool(filters.statuses)
        ),
    )
    search.search_counts.put(key, result)
    return result


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
        return _matching(self.filters or JobListFilters())


def job_counts_by_status(*, target: BulkTarget) -> dict[str, int]:
    """How many targeted jobs have each status. Without a search that is the counters
    row (O(1), like the list's count); otherwise one grouped count of the matches."""
    filters = target.filters
    if filters is not None and not filters.search:
        by_status = job_counts().by_status()
        wanted = set(filters.statuses) or set(by_status)
        return {s: n if s in wanted else 0 for s, n in by_status.items()}
    counts = dict.fromkeys(StatusType.values, 0)
    rows = target.jobs().order_by().values_list("current_status").annotate(n=Count("id"))
    counts.update({status: n for status, n in rows})
    return counts


def job_counts() -> JobCounts:
    counts = JobCounts.objects.filter(pk=1).first()
    return counts if counts is not None else JobCounts(pk=1)


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
