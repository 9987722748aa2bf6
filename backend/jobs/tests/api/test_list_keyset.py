"""GET /api/jobs/?cursor=: keyset paging and its cursors."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pytest
from django.core import signing

from jobs.api.pagination import INVALID_CURSOR, KeysetPagination
from jobs.tests.api.helpers import cursor_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sort", ["newest", "oldest", "name_asc", "name_desc"])
def test_keyset_walks_every_job_once_both_ways(api, make_job, sort) -> None:
    for n in range(7):
        make_job(f"n{n % 3}")  # repeated names exercise the id tie-break
    expected = [j["id"] for j in api.get(f"/api/jobs/?sort={sort}&page_size=100").json()["results"]]
    seen, pages = [], []
    url = f"/api/jobs/?cursor=&sort={sort}&page_size=3"
    while url:
        body = api.get(url).json()
        assert body["count"] == 7
        pages.append(body)
        seen += [j["id"] for j in body["results"]]
        url = body["next"]
    assert seen == expected
    assert pages[0]["previous"] is None
    back = api.get(pages[-1]["previous"]).json()
    assert [j["id"] for j in back["results"]] == [j["id"] for j in pages[-2]["results"]]
    first_again = api.get(pages[1]["previous"]).json()
    assert [j["id"] for j in first_again["results"]] == expected[:3]
    assert first_again["previous"] is None


def test_keyset_with_filters_keeps_them_in_links(api, make_job) -> None:
    for n in range(4):
        make_job(f"cfd-{n}", ("RUNNING",))
    make_job("cfd-other")
    body = api.get("/api/jobs/?cursor=&status=RUNNING&search=cfd&page_size=3").json()
    assert body["count"] == 4
    query = parse_qs(urlparse(body["next"]).query)
    assert query["status"] == ["RUNNING"] and query["search"] == ["cfd"]
    assert len(api.get(body["next"]).json()["results"]) == 1


def test_blank_cursor_is_the_first_keyset_page(api, three_jobs) -> None:
    body = api.get("/api/jobs/?cursor=&page_size=2").json()
    assert [j["name"] for j in body["results"]] == ["gamma", "beta"]
    assert body["previous"] is None and "cursor=" in body["next"]


def test_cursor_of_another_sort_is_400(api, make_job) -> None:
    for _ in range(3):
        make_job()
    token = cursor_of(api.get("/api/jobs/?cursor=&page_size=1").json()["next"])
    assert api.get(f"/api/jobs/?cursor={token}&sort=name_asc").status_code == 400


def _first_cursor(api: Any, sort: str = "newest") -> str:
    url = api.get(f"/api/jobs/?cursor=&page_size=1&sort={sort}").json()["next"]
    return str(parse_qs(urlparse(url).query)["cursor"][0])


@pytest.mark.parametrize(
    "payload",
    [
        {"s": "-created_at,-id", "d": "n", "k": ["not a date", 1]},
        {"s": "-created_at,-id", "d": "n", "k": [12345, 1]},
        {"s": "-created_at,-id", "d": "n", "k": [None, 1]},
        {"s": "-created_at,-id", "d": "n", "k": ["2026-13-45T99:00:00Z", 1]},
        {"s": "-created_at,-id", "d": "n", "k": ["2026-01-01T00:00:00Z", "1"]},
        {"s": "-created_at,-id", "d": "n", "k": ["2026-01-01T00:00:00Z"]},
        {"s": "name,id", "d": "n", "k": [["a"], 1]},
        {"s": "name,id", "d": "n", "k": [{"a": 1}, 1]},
        {"s": "-created_at,-id", "d": "n"},
        {"s": "-created_at,-id", "k": ["2026-01-01T00:00:00Z", 1]},
        ["-created_at,-id", "n"],
        "a string",
        None,
    ],
)
def test_signed_cursor_with_a_bad_payload_is_400(api, three_jobs, payload) -> None:
    """Only a holder of the secret key could sign these; still no 500."""
    sort = "name_asc" if isinstance(payload, dict) and payload["s"] == "name,id" else "newest"
    token = signing.dumps(payload, salt=KeysetPagination.salt)
    response = api.get(f"/api/jobs/?sort={sort}&cursor={quote(token)}")
    assert response.status_code == 400
    assert response.json() == {"cursor": [INVALID_CURSOR]}


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t.upper(),
        lambda t: t[::-1],
        lambda t: t.replace(":", "::"),
        lambda t: t.split(":")[0],
        lambda t: "é" + t,
        lambda t: t + "%00",
        lambda t: "%FF" + t,
        lambda t: ":" * 200,
        lambda t: "😀" * 100,
    ],
)
def test_tampered_cursor_is_400(api, three_jobs, mangle) -> None:
    token = mangle(_first_cursor(api))
    response = api.get(f"/api/jobs/?cursor={token}")
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_cursor_signed_with_another_key_is_400(api, make_job) -> None:
    for _ in range(3):
        make_job()
    token = cursor_of(api.get("/api/jobs/?cursor=&page_size=1").json()["next"])
    payload = signing.loads(token, salt="jobs.keyset-cursor")
    forged = signing.dumps(payload, key="another-key", salt="jobs.keyset-cursor")
    for bad in (token[:-2] + "xx", forged, token + "a"):
        response = api.get(f"/api/jobs/?cursor={bad}")
        assert response.status_code == 400
        assert "Invalid cursor" in response.json()["cursor"][0]


def test_cursor_with_page_is_400(api, three_jobs) -> None:
    response = api.get(f"/api/jobs/?cursor={_first_cursor(api)}&page=1")
    assert response.status_code == 400
    assert response.json() == {"page": ["Use either page or cursor, not both."]}


def test_keyset_deep_page_query_count(api, many_jobs, django_assert_num_queries) -> None:
    body = api.get("/api/jobs/?cursor=&page_size=100").json()
    with django_assert_num_queries(2):  # counters, page
        assert api.get(body["next"]).status_code == 200
