"""Reads. Every list shape is served by one index (see models.Job.Meta.indexes)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Func, Prefetch, QuerySet, Value
from django.db.models.functions import Lower

from jobs.models import Job, JobCounts, JobStatus

HISTORY_IN_LIST = 10
# A search that matches more jobs than this is counted only up to here (count_capped).
SEARCH_COUNT_CAP = 10_000
# Counting up to the cap reads 10,001 rows (~30 ms at a million jobs). When the planner
# already expects three times that many matches, the answer is the cap without
# counting. Its estimate for a single gram comes from sampled statistics whose error is
# far smaller than that margin.
SEARCH_ESTIMATE_TRUSTED = 3 * SEARCH_COUNT_CAP
# A one-character search has no gram to look up in the index (see migration 0003).
SHORTEST_INDEXED_SEARCH = 2
TRIGRAM_LENGTH = 3

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


class NameGrams(Func):
    """jobs_name_grams(name): the lower-cased bigrams and trigrams of a name, indexed
    with GIN (migration 0003). It does what pg_trgm would, which the embedded
    PostgreSQL does not ship."""

    function = "jobs_name_grams"
    output_field = ArrayField(models.TextField())


class SearchGrams(Func):
    """jobs_search_grams(term): the grams every name containing ``term`` has."""

    function = "jobs_search_grams"
    output_field = ArrayField(models.TextField())


def _filtered(filters: JobListFilters, *, recheck: bool = True) -> QuerySet[Job]:
    """Jobs matching ``filters``. With ``recheck=False`` an indexed search keeps only its
    gram condition: the rows the index returns, before LIKE weeds out the names whose
    grams are all there but not in a row."""
    queryset = Job.objects.all()
    if filters.statuses:
        if len(filters.statuses) == 1:
            queryset = queryset.filter(current_status=filters.statuses[0])
        else:
            queryset = queryset.filter(current_status__in=filters.statuses)
    if filters.search:
        indexed = len(filters.search) >= SHORTEST_INDEXED_SEARCH
        if recheck or not indexed:
            queryset = queryset.alias(lower_name=Lower("name")).filter(
                lower_name__contains=Lower(Value(filters.search))
            )
        if indexed:
            queryset = queryset.alias(grams=NameGrams("name")).filter(
                grams__contains=SearchGrams(Value(filters.search))
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


class _SearchCounts:
    """Search counts of this process, keyed by the counters' version.

    Every write to jobs bumps the version, so an entry can only be hit while nothing has
    changed since it was counted: it is exact, not a stale estimate. It spares the
    repeated count of a search whose pages are fetched again and again (load more, the
    dashboard's refetch of loaded pages).
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[object, ...], tuple[int, bool]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> tuple[int, bool] | None:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key: tuple[object, ...], value: tuple[int, bool]) -> None:
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


search_counts = _SearchCounts()


def job_count(*, filters: JobListFilters) -> tuple[int, bool]:
    """The number of jobs matching ``filters`` and whether it was capped.

    Without a search the count comes from the counters row: exact, O(1). A search is
    counted with a LIMIT, so a search matching most of a million jobs costs at most
    SEARCH_COUNT_CAP rows, and the result is kept until the next write (_SearchCounts).
    """
    counts = job_counts()
    if not filters.search:
        if not filters.statuses:
            return counts.total, False
        by_status = counts.by_status()
        return sum(by_status[s] for s in set(filters.statuses)), False
    key = (counts.version, filters.search, tuple(sorted(set(filters.statuses))))
    cached = search_counts.get(key)
    if cached is not None:
        return cached
    if _estimate_is_reliable(filters) and (
        _estimated_rows(_filtered(filters, recheck=False)) >= SEARCH_ESTIMATE_TRUSTED
    ):
        result = (SEARCH_COUNT_CAP, True)
    else:
        # Counting a sliced queryset wraps it: SELECT COUNT(*) FROM (... LIMIT n) subquery.
        count = _filtered(filters).order_by().values("id")[: SEARCH_COUNT_CAP + 1].count()
        result = (SEARCH_COUNT_CAP, True) if count > SEARCH_COUNT_CAP else (count, False)
    search_counts.put(key, result)
    return result


def _estimate_is_reliable(filters: JobListFilters) -> bool:
    """Whether the planner's row estimate can stand in for a count.

    Only for a search of at most three characters and no status filter. Such a term is
    one gram (or, for one character, a LIKE the planner judges from the name
    histogram), asked about alone: the planner cannot judge LIKE '%term%', so
    _filtered(recheck=False) leaves it out, and the gram's frequency comes from sampled
    statistics. Anything more is a product of selectivities that assumes independence:
    a status and a term that never go together would be estimated as common.
    """
    return not filters.statuses and len(filters.search) <= TRIGRAM_LENGTH


def _estimated_rows(queryset: QuerySet[Job, Any]) -> float:
    """The planner's estimate of how many rows ``queryset`` returns (EXPLAIN, no run)."""
    plan = json.loads(queryset.explain(format="json"))
    return float(plan[0]["Plan"]["Plan Rows"])


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
