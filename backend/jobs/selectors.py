"""Reads. Every list shape is served by one index (see models.Job.Meta.indexes)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Func, Prefetch, QuerySet, Value
from django.db.models.functions import Lower

from jobs.models import Job, JobCounts, JobStatus

HISTORY_IN_LIST = 10
# A search that matches more jobs than this is counted only up to here (count_capped).
SEARCH_COUNT_CAP = 10_000
# Searches shorter than a trigram cannot use the trigram index.
TRIGRAM = 3

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


class NameTrigrams(Func):
    """jobs_name_trigrams(text): the distinct lower-cased trigrams of a string.

    A SQL function from migration 0002, indexed with GIN on jobs_job.name. It does what
    pg_trgm would, which the embedded PostgreSQL does not ship.
    """

    function = "jobs_name_trigrams"
    output_field = ArrayField(models.TextField())


def _filtered(filters: JobListFilters) -> QuerySet[Job]:
    queryset = Job.objects.all()
    if filters.statuses:
        if len(filters.statuses) == 1:
            queryset = queryset.filter(current_status=filters.statuses[0])
        else:
            queryset = queryset.filter(current_status__in=filters.statuses)
    if filters.search:
        queryset = queryset.alias(lower_name=Lower("name")).filter(
            lower_name__contains=Lower(Value(filters.search))
        )
        if len(filters.search) >= TRIGRAM:
            queryset = queryset.alias(trigrams=NameTrigrams("name")).filter(
                trigrams__contains=NameTrigrams(Value(filters.search))
            )
    return queryset


def job_list(*, filters: JobListFilters) -> QuerySet[Job]:
    """Jobs matching ``filters`` in their sort order, each with its newest statuses."""
    recent = JobStatus.objects.order_by("-timestamp", "-id")[:HISTORY_IN_LIST]
    return (
        _filtered(filters)
        .order_by(*SORTS[filters.sort])
        .prefetch_related(Prefetch("statuses", queryset=recent, to_attr="recent_statuses"))
    )


def job_count(*, filters: JobListFilters) -> tuple[int, bool]:
    """The number of jobs matching ``filters`` and whether it was capped.

    Without a search the count comes from the counters row: exact, O(1). A search is
    counted with a LIMIT, so a search matching most of a million jobs costs at most
    SEARCH_COUNT_CAP rows.
    """
    if not filters.search:
        counts = job_counts()
        if not filters.statuses:
            return counts.total, False
        by_status = counts.by_status()
        return sum(by_status[s] for s in set(filters.statuses)), False
    # Counting a sliced queryset wraps it: SELECT COUNT(*) FROM (... LIMIT n) subquery.
    count = _filtered(filters).order_by().values("id")[: SEARCH_COUNT_CAP + 1].count()
    if count > SEARCH_COUNT_CAP:
        return SEARCH_COUNT_CAP, True
    return count, False


def job_counts() -> JobCounts:
    counts = JobCounts.objects.filter(pk=1).first()
    return counts if counts is not None else JobCounts(pk=1)


def job_get(*, job_id: int) -> Job:
    """One job with its whole history, oldest first. Raises Job.DoesNotExist."""
    history = JobStatus.objects.order_by("timestamp", "id")
    return Job.objects.prefetch_related(
        Prefetch("statuses", queryset=history, to_attr="history")
    ).get(pk=job_id)


def job_history(*, job_id: int) -> QuerySet[JobStatus]:
    """A job's statuses, oldest first."""
    return JobStatus.objects.filter(job_id=job_id).order_by("timestamp", "id")
