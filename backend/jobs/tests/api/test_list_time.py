"""GET /api/jobs/ with time ranges (created_after, created_before, changed_after) and
the changed_newest / changed_oldest sorts, in both paging modes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from django.utils import timezone

from jobs.models import Job

pytestmark = pytest.mark.django_db


def iso(moment: datetime) -> str:
    return quote(moment.isoformat())


@pytest.fixture
def timeline(make_job) -> dict[str, Any]:
    """Ten jobs created an hour and a half apart from ``base``; job n last changed
    status 40 minutes after it was created, plus n minutes (so the changed order
    differs from the created order only by a shift)."""
    base = timezone.now().replace(minute=5, second=0, microsecond=0) - timedelta(days=2)
    ids = []
    for n in range(10):
        job = make_job(f"t-{n}", ("RUNNING",) if n % 3 == 0 else ())
        created = base + timedelta(minutes=90 * n)
        changed = created + timedelta(minutes=40 + (9 - n) * 100)
        Job.objects.filter(pk=job.pk).update(created_at=created, current_status_at=changed)
        ids.append(job.pk)
    return {"base": base, "ids": ids}


def names(body: dict[str, Any]) -> list[str]:
    return [job["name"] for job in body["results"]]


def expected(filters: dict[str, Any], order: str) -> list[str]:
    jobs = Job.objects.filter(**filters).order_by(*order.split(","))
    return list(jobs.values_list("name", flat=True))


@pytest.mark.parametrize("keyset", [False, True])
@pytest.mark.parametrize(
    ("query", "filters", "order"),
    [
        ("created_after={t2}", {"created_at__gte": "t2"}, "-created_at,-id"),
        ("created_before={t5}", {"created_at__lt": "t5"}, "-created_at,-id"),
        (
            "created_after={t2}&created_before={t5}&sort=oldest",
            {"created_at__gte": "t2", "created_at__lt": "t5"},
            "created_at,id",
        ),
        ("changed_after={t5}", {"current_status_at__gte": "t5"}, "-created_at,-id"),
        ("sort=changed_newest", {}, "-current_status_at,-id"),
        ("sort=changed_oldest", {}, "current_status_at,id"),
        (
            "changed_after={t5}&sort=changed_oldest&status=PENDING",
            {"current_status_at__gte": "t5", "current_status": "PENDING"},
            "current_status_at,id",
        ),
        (
            "created_after={t1}&changed_after={t5}&sort=name_desc",
            {"created_at__gte": "t1", "current_status_at__gte": "t5"},
            "-name,-id",
        ),
        # A sort by last change bounds its scan with created_after (JobSelection.where).
        (
            "created_after={t4}&sort=changed_oldest",
            {"created_at__gte": "t4"},
            "current_status_at,id",
        ),
        (
            "created_after={t4}&sort=changed_newest&status=PENDING",
            {"created_at__gte": "t4", "current_status": "PENDING"},
            "-current_status_at,-id",
        ),
        (
            "created_after={t4}&changed_after={t1}&sort=changed_oldest",
            {"created_at__gte": "t4", "current_status_at__gte": "t1"},
            "current_status_at,id",
        ),
        (
            "created_after={t1}&search=t-&status=RUNNING,PENDING",
            {"created_at__gte": "t1"},
            "-created_at,-id",
        ),
    ],
)
def test_time_filters_and_sorts_list_exactly_the_matching_jobs(
    api, timeline, query, filters, order, keyset
) -> None:
    base = timeline["base"]
    moments = {f"t{n}": base + timedelta(minutes=90 * n) for n in range(10)}
    url = "/api/jobs/?page_size=3&" + query.format(**{k: iso(v) for k, v in moments.items()})
    want = expected({k: moments.get(v, v) for k, v in filters.items()}, order)
    seen: list[str] = []
    first = api.get(url + ("&cursor=" if keyset else "")).json()
    body = first
    while True:
        seen += names(body)
        if not body["next"]:
            break
        body = api.get(body["next"]).json()
    assert seen == want
    assert first["count"] == len(want)
    assert first["count_capped"] is False


def test_time_counts_are_exact_at_every_page_size(api, timeline) -> None:
    base = timeline["base"]
    for start in range(0, 10):
        for end in range(start + 1, 11):
            after = base + timedelta(minutes=90 * start - 7)
            before = base + timedelta(minutes=90 * end - 7)
            real = Job.objects.filter(created_at__gte=after, created_at__lt=before).count()
            body = api.get(
                f"/api/jobs/?page_size=1&created_after={iso(after)}&created_before={iso(before)}"
            ).json()
            assert body["count"] == real, (start, end)


def test_counts_of_a_time_range_read_the_rollups_not_the_jobs(
    api, timeline, django_assert_max_num_queries
) -> None:
    after = timeline["base"] + timedelta(minutes=20)
    # Page, prefetch, then the count: the roll-ups, and the two partial hours.
    with django_assert_max_num_queries(5):
        body = api.get(f"/api/jobs/?page_size=2&created_after={iso(after)}").json()
    assert body["count"] == 9


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("created_after=yesterday", "created_after", "Enter an ISO 8601 date and time"),
        ("created_before=2026-13-01T00:00:00Z", "created_before", "Enter an ISO 8601"),
        ("changed_after=%00", "changed_after", None),
        ("changed_after=" + "9" * 300, "changed_after", None),
        (
            "created_after=2026-02-02T00:00:00Z&created_before=2026-02-01T00:00:00Z",
            "created_after",
            "created_after must be before created_before.",
        ),
        (
            "created_after=2026-02-01T00:00:00Z&created_before=2026-02-01T00:00:00Z",
            "created_after",
            "created_after must be before created_before.",
        ),
        ("sort=changed", "sort", '"changed" is not a valid sort.'),
        ("created_after=2026-01-01&created_after=2026-01-02", "created_after", "Give "),
    ],
)
def test_bad_time_parameters_are_400_naming_the_parameter(api, query, field, message) -> None:
    response = api.get(f"/api/jobs/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    if message:
        assert body[field][0].startswith(message)


@pytest.mark.parametrize(
    "value", ["2026-02-01", "2026-02-01T10:00", "2026-02-01T10:00:00+05:30", "2026-02-01T10:00Z"]
)
def test_iso_dates_times_and_offsets_are_accepted(api, value) -> None:
    assert api.get(f"/api/jobs/?created_after={quote(value)}").status_code == 200


def test_a_keyset_cursor_of_a_changed_sort_walks_back_too(api, timeline) -> None:
    body = api.get("/api/jobs/?sort=changed_newest&page_size=4&cursor=").json()
    second = api.get(body["next"]).json()
    back = api.get(second["previous"]).json()
    assert names(back) == names(body)


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("0457-01-07T07:57:51+20:53", 200),  # an offset PostgreSQL would refuse as it is
        ("0001-01-01T00:00:00+05:00", 200),  # before year 1 in UTC: the earliest time
        ("9999-12-31T23:59:59-05:00", 200),  # after year 9999 in UTC: the latest time
    ],
)
def test_odd_offsets_and_edge_years_are_answered_not_500(api, value, status) -> None:
    response = api.get(f"/api/jobs/?created_after={quote(value)}")
    assert response.status_code == status, response.content
    if status == 400:
        assert list(response.json()) == ["created_after"]
