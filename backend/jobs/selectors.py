"""Reads. Every list shape is served by one index (see models.Job.Meta.indexes); the
documents the API answers with are written by PostgreSQL (jobs.documents)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from django.db.models import BooleanField, Prefetch, QuerySet
from django.db.models.expressions import RawSQL

from jobs import documents, rollups, search
from jobs.models import Job, JobCounts, JobRollup, JobSearch, JobStatus, StatusType

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


def _status_where(statuses: tuple[str, ...]) -> tuple[list[str], list[Any]]:
    if len(statuses) == 1:
        return ["current_status = %s"], [statuses[0]]
    if statuses:
        return ["current_status = ANY(%s)"], [list(statuses)]
    return [], []


def _filter_where(filters: JobListFilters) -> tuple[list[str], list[Any]]:
    """The conditions the statuses and time ranges of ``filters`` make, on columns that
    jobs_job and jobs_jobsearch share."""
    conditions, params = _status_where(filters.statuses)
    for column, op, value in (
        ("created_at", ">=", filters.created_after),
        ("created_at", "<", filters.created_before),
        ("current_status_at", ">=", filters.changed_after),
    ):
        if value is not None:
            conditions.append(f"{column} {op} %s")
            params.append(value)
    return conditions, params


def search_where(filters: JobListFilters, *, recheck: bool = True) -> tuple[str, list[Any]]:
    """The condition on jobs_jobsearch (models.JobSearch) that ``filters`` make, their
    search's gram containment included; ``recheck=False`` leaves its LIKE out."""
    conditions, params = _filter_where(filters)
    if recheck:
        conditions.append(search.LIKE)
        params.append(search.like_pattern(filters.search))
    conditions.append(search.GRAMS)
    params.append(filters.search)
    return " AND ".join(conditions), params


def job_where(
    filters: JobListFilters,
    *,
    recheck: bool = True,
    common: int | None = None,
) -> tuple[str, list[Any]]:
    """The condition on jobs_job's columns that ``filters`` make, and its parameters:
    one definition of what a list matches, for the documents' SQL and for querysets
    (job_matching). Each part is what an index serves (see models.Job.Meta.indexes and
    search.py). A search is LIKE on the job's name, and unless ``common`` names or more
    hold the term (search.frequency; by default search.BULK_COMMON_MATCHES), a
    semi-join on the gram index of jobs_jobsearch that the planner can start from;
    ``recheck`` as for search_where."""
    conditions, params = _filter_where(filters)
    if filters.search:
        if recheck:
            conditions.append(search.LIKE)
            params.append(search.like_pattern(filters.search))
        if common is None:
            common = search.BULK_COMMON_MATCHES
        if not recheck or search.frequency(filters.search) < common:
            conditions.append(f"id IN (SELECT job_id FROM jobs_jobsearch WHERE {search.GRAMS})")
            params.append(filters.search)
    return " AND ".join(conditions) or "true", params


def job_matching(
    filters: JobListFilters, *, recheck: bool = True, common: int | None = None
) -> QuerySet[Job]:
    """Jobs matching ``filters``, unordered, as a queryset (job_where's condition)."""
    where, params = job_where(filters, recheck=recheck, common=common)
    if where == "true":
        return Job.objects.all()
    # The SQL is job_where's own text; every value in it is a bound parameter.
    return Job.objects.filter(RawSQL(where, params, output_field=BooleanField()))  # noqa: S611


def search_matching(
    filters: JobListFilters, *, recheck: bool = True
) -> QuerySet[JobSearch] | QuerySet[Job]:
    """What a search is counted over: its search rows (search_where), without a join to
    the jobs; or, narrowed by time for a term in many names, the jobs, walked through
    the time's index with LIKE alone (search.TIMED_COMMON_MATCHES)."""
    if filters.timed and search.frequency(filters.search) >= search.TIMED_COMMON_MATCHES:
        return job_matching(filters, recheck=recheck, common=search.TIMED_COMMON_MATCHES)
    where, params = search_where(filters, recheck=recheck)
    return JobSearch.objects.filter(RawSQL(where, params, output_field=BooleanField()))  # noqa: S611


@dataclass(frozen=True)
class JobSelection:
    """The jobs a list request selects, in its order: what the list's FilterSet makes
    and its paginator reads pages and the count from."""

    filters: JobListFilters
    # The counters as this request already read them (for its ETag), if it did.
    counts: JobCounts | None = None

    @property
    def ordering(self) -> tuple[str, ...]:
        return SORTS[self.filters.sort]

    def where(self) -> tuple[str, list[Any]]:
        """job_where's condition as a page wants it (a term checked by LIKE alone from
        search.PAGE_COMMON_MATCHES names), plus a bound a sort by last change can start
        its index scan from. A job's status is never older than the job (a check constraint), so
        created_after also bounds current_status_at. Without it the planner may walk
        job_changed_idx from its oldest end past every job created earlier: 234 ms for
        the last hour's jobs at 1,000,000, where the bound makes it a short range."""
        filters = self.filters
        start = filters.created_after
        if (
            self.ordering[0].lstrip("-") == "current_status_at"
            and start is not None
            and (filters.changed_after is None or filters.changed_after < start)
        ):
            filters = replace(filters, changed_after=start)
        return job_where(filters, common=search.PAGE_COMMON_MATCHES)

    def page(
        self, *, after: documents.Position | None, limit: int, offset: int = 0
    ) -> list[documents.PageRow]:
        """``limit`` rows (jobs as JSON documents) beyond ``after``, skipping ``offset``."""
        where, params = self.where()
        return documents.page(
            where=where,
            params=params,
            ordering=self.ordering,
            after=after,
            limit=limit,
            offset=offset,
            narrow_first=self.filters_the_other_clock,
            # A search is planned for its term: a plan made once for any term (a
            # prepared statement's generic plan) guesses how common the term is. Before
            # common and rare terms got statements of their own, such a plan read all
            # 14,000 matches of status=RUNNING&search=cfd before sorting (78 ms, against
            # 6 planned for the term); planning costs well under a millisecond.
            prepare=not self.filters.search,
        )

    @property
    def filters_the_other_clock(self) -> bool:
        """Whether the list is sorted by one clock (created, changed) and filtered by the
        other: a page then picks its ids from the sort's index alone, which carries the
        other clock (models.Job.Meta.indexes, documents.page's ``narrow_first``)."""
        sort_column = self.ordering[0].lstrip("-")
        filters = self.filters
        if sort_column == "created_at":
            return filters.changed_after is not None
        if sort_column == "current_status_at":
            return filters.created_range
        return False

    def count_matching(self) -> tuple[int, bool]:
        """How many jobs match, and whether the count stopped at search.SEARCH_COUNT_CAP."""
        return job_count(filters=self.filters, counts=self.counts)


class ListCounts:
    """The counts of this process that the counters alone cannot give (a search's, a
    time range's), keyed by the counters' version and the filters.

    Every write to jobs bumps the version, so an entry can only be hit while nothing has
    changed since it was counted: it is exact, not a stale estimate. It spares the
    repeated count of a list whose pages are fetched again and again (load more, the
    dashboard's refetch of loaded pages): up to 30 ms for a search, and the 15,000
    roll-up rows a year-long range sums (about 4 ms).
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[object, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> Any:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key: tuple[object, ...], value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


list_counts = ListCounts()


def job_count(*, filters: JobListFilters, counts: JobCounts | None = None) -> tuple[int, bool]:
    """The number of jobs matching ``filters`` and whether it was capped.

    Without a search it is exact: the counters for statuses (O(1)), the hourly roll-ups
    for a time range (O(hours), see job_counts_by_status). A search is counted by
    search.count_matches, up to a cap. Both are kept until the next write (list_counts).
    """
    if not filters.search:
        return sum(job_counts_by_status(filters=filters, counts=counts).values()), False
    counts = counts or job_counts()
    key = (counts.version, "count", replace(filters, sort=DEFAULT_SORT))
    cached = list_counts.get(key)
    if cached is not None:
        return cast(tuple[int, bool], cached)
    result = search.count_matches(
        search_matching(filters),
        unchecked=search_matching(filters, recheck=False),
        estimate_is_reliable=search.estimate_is_reliable(
            term=filters.search, narrowed=bool(filters.statuses) or filters.timed
        ),
    )
    list_counts.put(key, result)
    return result


# Django's enum builds its values anew on every read.
EVERY_STATUS = frozenset(StatusType.values)


def job_counts_by_status(
    *, filters: JobListFilters, counts: JobCounts | None = None
) -> dict[str, int]:
    """How many jobs matching ``filters`` have each status, exactly.

    No time range: the counters (O(1)). One kind of time range (created, or changed):
    the roll-ups of that clock (O(hours)). Both at once, or a search: a grouped count
    of the matching rows. All but the first are kept until the next write
    (list_counts), so a list's count and a bulk dry run of the same filter share one.
    """
    wanted = set(filters.statuses) or EVERY_STATUS
    if not filters.search and not filters.timed:
        by_status = (counts or job_counts()).by_status()
        return {status: n if status in wanted else 0 for status, n in by_status.items()}
    counts = counts or job_counts()
    key = (counts.version, "by_status", replace(filters, sort=DEFAULT_SORT))
    cached = list_counts.get(key)
    if cached is not None:
        return dict(cast(dict[str, int], cached))
    if filters.search:
        by_status = rollups.count_by_status(search_matching(filters))
    elif filters.created_range and filters.changed_after is not None:
        by_status = rollups.count_by_status(job_matching(filters))
    elif filters.created_range:
        by_status = rollups.counts_in_range(
            kind=JobRollup.CREATED,
            column="created_at",
            start=filters.created_after,
            end=filters.created_before,
        )
    else:
        by_status = rollups.counts_in_range(
            kind=JobRollup.CHANGED,
            column="current_status_at",
            start=filters.changed_after,
            end=None,
        )
    result = {status: n if status in wanted else 0 for status, n in by_status.items()}
    list_counts.put(key, result)
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
        return job_matching(self.filters or JobListFilters())

    def counts_by_status(self) -> dict[str, int]:
        """How many targeted jobs have each status: for a filter, what the list's own
        count costs (job_counts_by_status); for ids, one grouped count of them."""
        if self.ids is None:
            return job_counts_by_status(filters=self.filters or JobListFilters())
        return rollups.count_by_status(self.jobs())


COUNTS = ("total", "pending", "running", "completed", "failed", "version")
SUM_COUNTS = (
    "SELECT " + ", ".join(f"coalesce(sum({f}), 0)" for f in COUNTS) + " FROM jobs_jobcounts"
)


def job_counts() -> JobCounts:
    """The counters: the sums of their slot rows, in one prepared statement (stats and
    every list count read them)."""
    (sums,) = documents.fetch(SUM_COUNTS, [])
    return JobCounts(**dict(zip(COUNTS, (int(n) for n in sums), strict=True)))


def job_get(*, job_id: int) -> Job:
    """One job with its whole history, oldest first. Raises Job.DoesNotExist."""
    history = JobStatus.objects.select_related("actor").order_by("timestamp", "id")
    return Job.objects.prefetch_related(
        Prefetch("statuses", queryset=history, to_attr="history")
    ).get(pk=job_id)
