from __future__ import annotations

import json

import pytest

from jobs import documents, search, selectors
from jobs.models import StatusType
from jobs.selectors import JobListFilters

pytestmark = pytest.mark.django_db


def names(filters: JobListFilters) -> list[str]:
    """The names of the first page (up to 100) of a selection, in its order."""
    rows = selectors.JobSelection(filters).page(after=None, limit=100)
    return [json.loads(row.document)["name"] for row in rows]


@pytest.fixture(params=["LIKE alone", "LIKE and the gram index"])
def search_form(request, monkeypatch) -> str:
    """Each search both ways job_where can write it: for a common term (LIKE alone)
    and for a rare one (LIKE and the semi-join on the gram index)."""
    form: str = request.param
    monkeypatch.setattr(search, "frequency", lambda term: 10**6 if form == "LIKE alone" else 0)
    return form


@pytest.fixture
def jobs(make_job):
    return [
        make_job("alpha-cfd", ()),
        make_job("Bravo-CFD-run", ("RUNNING",)),
        make_job("charlie", ("RUNNING", "COMPLETED")),
        make_job("delta_100%", ("RUNNING", "FAILED")),
        make_job("echo", ("RUNNING",)),
    ]


def test_default_sort_is_newest_first(jobs) -> None:
    assert names(JobListFilters()) == [
        "echo",
        "delta_100%",
        "charlie",
        "Bravo-CFD-run",
        "alpha-cfd",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["kilo", "bravo", "mike", "alpha"]),
        ("oldest", ["alpha", "mike", "bravo", "kilo"]),
        ("name_asc", ["alpha", "bravo", "kilo", "mike"]),
        ("name_desc", ["mike", "kilo", "bravo", "alpha"]),
    ],
)
def test_each_sort_orders_the_whole_list(make_job, sort, expected) -> None:
    for name in ["alpha", "mike", "bravo", "kilo"]:
        make_job(name)
    assert names(JobListFilters(sort=sort)) == expected


def test_ties_break_by_id(make_job) -> None:
    a, b, c = make_job("same"), make_job("same"), make_job("same")
    assert [
        r.id
        for r in selectors.JobSelection(JobListFilters(sort="name_asc")).page(after=None, limit=9)
    ] == [
        a.pk,
        b.pk,
        c.pk,
    ]
    assert [
        r.id
        for r in selectors.JobSelection(JobListFilters(sort="name_desc")).page(after=None, limit=9)
    ] == [
        c.pk,
        b.pk,
        a.pk,
    ]


def test_status_filter_single_and_union(jobs) -> None:
    assert names(JobListFilters(statuses=("RUNNING",))) == ["echo", "Bravo-CFD-run"]
    assert names(JobListFilters(statuses=("COMPLETED", "FAILED"))) == ["delta_100%", "charlie"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("cfd", ["Bravo-CFD-run", "alpha-cfd"]),
        ("CFD-R", ["Bravo-CFD-run"]),
        ("ch", ["echo", "charlie"]),
        ("a", ["delta_100%", "charlie", "Bravo-CFD-run", "alpha-cfd"]),
        ("100%", ["delta_100%"]),
        ("_1", ["delta_100%"]),
        ("%", ["delta_100%"]),
        ("zzz", []),
    ],
)
def test_search_is_case_insensitive_substring(jobs, search_form, search, expected) -> None:
    assert names(JobListFilters(search=search)) == expected


def test_search_combines_with_status_and_sort(jobs, search_form) -> None:
    filters = JobListFilters(search="cfd", statuses=("RUNNING",), sort="oldest")
    assert names(filters) == ["Bravo-CFD-run"]


def test_search_matches_unicode_and_markup(make_job, search_form) -> None:
    make_job("Ωmega <b>bold</b> ✨")
    assert names(JobListFilters(search="ωMEGA")) == ["Ωmega <b>bold</b> ✨"]
    assert names(JobListFilters(search="<b>")) == ["Ωmega <b>bold</b> ✨"]


def test_a_page_holds_each_jobs_newest_ten_statuses_oldest_first(make_job) -> None:
    job = make_job("long", tuple(["RUNNING", "PENDING"] * 7))
    (row,) = selectors.JobSelection(JobListFilters()).page(after=None, limit=5)
    history = json.loads(row.document)["status_history"]
    ids = list(job.statuses.order_by("timestamp", "id").values_list("id", flat=True))
    assert [h["id"] for h in history] == ids[-documents.HISTORY_IN_LIST :]


def test_count_uses_counters_without_search(jobs) -> None:
    assert selectors.job_count(filters=JobListFilters()) == (5, False)
    assert selectors.job_count(filters=JobListFilters(statuses=("RUNNING", "FAILED"))) == (3, False)
    assert selectors.job_count(filters=JobListFilters(statuses=("PENDING",))) == (1, False)


def test_search_count_is_capped(jobs, monkeypatch) -> None:
    assert selectors.job_count(filters=JobListFilters(search="a")) == (4, False)
    monkeypatch.setattr(search, "SEARCH_COUNT_CAP", 3)
    selectors.list_counts.clear()  # counted under the old cap
    assert selectors.job_count(filters=JobListFilters(search="a")) == (3, True)
    assert selectors.job_count(filters=JobListFilters(search="cfd")) == (2, False)


def test_stats_has_every_status(db) -> None:
    counts = selectors.job_counts()
    assert set(counts.by_status()) == set(StatusType.values)


def test_search_count_trusts_a_large_estimate(jobs, monkeypatch) -> None:
    """When the planner expects far more matches than the cap, the count stops at the
    cap without reading rows; otherwise it is counted exactly."""
    monkeypatch.setattr(search, "estimated_rows", lambda queryset: 10**6)
    assert selectors.job_count(filters=JobListFilters(search="cfd")) == (
        search.SEARCH_COUNT_CAP,
        True,
    )
    selectors.list_counts.clear()
    monkeypatch.setattr(search, "estimated_rows", lambda queryset: 1)
    assert selectors.job_count(filters=JobListFilters(search="cfd")) == (2, False)


@pytest.mark.parametrize(
    "filters",
    [
        JobListFilters(search="cfd", statuses=("RUNNING",)),  # status x term: correlated
        JobListFilters(search="cfd-run"),  # several grams: a product of selectivities
    ],
)
def test_search_count_ignores_estimates_it_cannot_trust(jobs, monkeypatch, filters) -> None:
    monkeypatch.setattr(search, "estimated_rows", lambda queryset: 10**6)
    count, capped = selectors.job_count(filters=filters)
    assert capped is False
    assert count == len(names(filters))


def test_a_list_checks_a_common_term_by_like_alone(make_job, monkeypatch) -> None:
    from django.db import connection

    for n in range(60):
        make_job(f"shared-{n}" if n % 3 else f"other-{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobs_job")
    # The planner's estimates, from the statistics on lower(name) (migration 0012).
    # 40 of the 60 names hold "shared"; none holds "qqzz".
    assert search.frequency("shared") >= 20
    assert search.frequency("qqzz") <= 1
    monkeypatch.setattr(search, "PAGE_COMMON_MATCHES", 5)
    monkeypatch.setattr(search, "BULK_COMMON_MATCHES", 15)
    for term, page_walks, count_walks in [("shared", True, True), ("qqzz", False, False)]:
        filters = JobListFilters(search=term)
        assert ("jobs_jobsearch" not in selectors.job_where(filters)[0]) == count_walks
        assert ("jobs_jobsearch" not in selectors.JobSelection(filters).where()[0]) == page_walks
    # A page walks from fewer matches than a bulk action's filter does.
    search.frequencies.put("middling", 10)
    middling = JobListFilters(search="middling")
    assert "jobs_jobsearch" in selectors.job_where(middling)[0]
    assert "jobs_jobsearch" not in selectors.JobSelection(middling).where()[0]
    # Either way the same jobs match.
    assert len(names(JobListFilters(search="shared"))) == 40
    assert names(JobListFilters(search="qqzz")) == []


def test_a_timed_search_is_counted_the_same_from_the_jobs_or_its_search_rows(
    make_job, monkeypatch
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from jobs.models import Job, JobSearch

    for n in range(30):
        make_job(f"timed-{n}" if n % 2 else f"other-{n}", ("RUNNING",) if n % 3 else ())
    filters = JobListFilters(
        search="timed", statuses=("RUNNING",), created_after=timezone.now() - timedelta(hours=1)
    )
    counts = []
    for frequency, model in [(0, JobSearch), (10**6, Job)]:
        monkeypatch.setattr(search, "frequency", lambda term, f=frequency: f)
        assert selectors.search_matching(filters).model is model
        selectors.list_counts.clear()
        counts.append(selectors.job_count(filters=filters))
    assert counts == [(10, False), (10, False)]


def test_estimated_rows_reads_the_plan(jobs) -> None:
    estimate = search.estimated_rows(selectors.job_matching(JobListFilters()))
    assert estimate >= 1


def test_a_lists_count_and_a_dry_run_of_the_same_filter_share_one_count(
    make_job, django_assert_num_queries
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    make_job("one", ("RUNNING",))
    make_job("two")
    filters = JobListFilters(created_after=timezone.now() - timedelta(minutes=90))
    counts = selectors.job_counts()
    with django_assert_num_queries(1):  # the range, counted once
        assert selectors.job_count(filters=filters, counts=counts) == (2, False)
    with django_assert_num_queries(0):
        by_status = selectors.job_counts_by_status(filters=filters, counts=counts)
    assert by_status == {"PENDING": 1, "RUNNING": 1, "COMPLETED": 0, "FAILED": 0}
    by_status["PENDING"] = 99  # a caller's copy: the kept count is not changed
    assert selectors.job_count(filters=filters, counts=counts) == (2, False)
