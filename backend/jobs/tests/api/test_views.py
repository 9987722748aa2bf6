from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import signing

from jobs import selectors
from jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

BACKEND = Path(__file__).resolve().parents[3]


def cursor_of(url: str | None) -> str:
    assert url is not None
    return parse_qs(urlparse(url).query)["cursor"][0]


# --- create -----------------------------------------------------------------------


def test_post_creates_pending_job_with_trimmed_name(api) -> None:
    response = api.post("/api/jobs/", {"name": "  cfd-wing  "}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "cfd-wing"
    assert body["current_status"] == "PENDING"
    assert [s["status_type"] for s in body["status_history"]] == ["PENDING"]
    assert set(body) == {
        "id",
        "name",
        "current_status",
        "current_status_at",
        "created_at",
        "updated_at",
        "status_history",
    }
    assert body["created_at"].endswith("Z") or "+" in body["created_at"]
    assert Job.objects.filter(pk=body["id"], name="cfd-wing").exists()


@pytest.mark.parametrize("path", ["/api/jobs/", "/api/jobs"])
def test_post_works_with_and_without_trailing_slash(api, path) -> None:
    assert api.post(path, {"name": "x"}, format="json").status_code == 201


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "name", "Name is required."),
        ({"name": ""}, "name", "Name must not be blank."),
        ({"name": "   "}, "name", "Name must not be blank."),
        ({"name": "x" * 201}, "name", "Name must be at most 200 characters."),
        ({"name": None}, "name", "Name must be a string, not null."),
        ({"name": 42}, "name", "Must be a string."),
        ({"name": ["a"]}, "name", "Must be a string."),
        ({"name": "ok", "status": "RUNNING"}, "status", "Unknown field."),
    ],
)
def test_post_with_bad_body_returns_400_naming_the_field(api, body, field, message) -> None:
    response = api.post("/api/jobs/", body, format="json")
    assert response.status_code == 400
    messages = response.json()[field]
    assert isinstance(messages, list)
    assert messages[0].startswith(message)
    assert Job.objects.count() == 0


def test_post_name_of_200_characters_is_accepted(api) -> None:
    response = api.post("/api/jobs/", {"name": "é" * 200}, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "é" * 200


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        ("{not json", "application/json"),
        ('["a", "b"]', "application/json"),
        ('"just a string"', "application/json"),
        ("name=x", "application/x-www-form-urlencoded"),
        ("name: x", "text/plain"),
    ],
)
def test_post_body_that_is_not_a_json_object_returns_400_or_415(api, raw, content_type) -> None:
    response = api.post("/api/jobs/", raw, content_type=content_type)
    assert response.status_code in (400, 415)
    body = response.json()
    if response.status_code == 400:
        assert "non_field_errors" in body
    else:
        assert "application/json" in body["detail"] or "Unsupported" in body["detail"]
    assert Job.objects.count() == 0


def test_post_with_nul_byte_is_refused_cleanly(api) -> None:
    response = api.post("/api/jobs/", {"name": "a\x00b"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()


def test_oversized_body_returns_413(api, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api.post("/api/jobs/", {"name": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert "detail" in response.json()


# --- retrieve, history ------------------------------------------------------------


def test_get_job_returns_full_history_oldest_first(api, make_job) -> None:
    job = make_job(statuses=tuple(["RUNNING", "FAILED"] * 8))
    body = api.get(f"/api/jobs/{job.pk}/").json()
    assert len(body["status_history"]) == 17
    ids = [s["id"] for s in body["status_history"]]
    assert ids == sorted(ids)
    assert body["current_status"] == "FAILED"


@pytest.mark.parametrize("suffix", ["/", ""])
def test_history_endpoint_oldest_to_newest(api, make_job, suffix) -> None:
    job = make_job(statuses=("RUNNING", "COMPLETED"))
    response = api.get(f"/api/jobs/{job.pk}/history{suffix}")
    assert response.status_code == 200
    assert [s["status_type"] for s in response.json()] == ["PENDING", "RUNNING", "COMPLETED"]


@pytest.mark.parametrize(
    "bad_id", ["0", "-1", "abc", "99999999999999999999999", "9223372036854775807"]
)
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_missing_or_impossible_id_returns_404(api, bad_id, method) -> None:
    call = getattr(api, method)
    response = call(f"/api/jobs/{bad_id}/", {"status_type": "RUNNING"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_history_of_missing_job_returns_404(api) -> None:
    response = api.get("/api/jobs/123456/history/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- patch, delete ----------------------------------------------------------------


def test_patch_status_appends_history(api, make_job) -> None:
    job = make_job()
    response = api.patch(f"/api/jobs/{job.pk}", {"status_type": "RUNNING"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["current_status"] == "RUNNING"
    assert [s["status_type"] for s in body["status_history"]] == ["PENDING", "RUNNING"]
    assert body["updated_at"] > body["created_at"]


def test_patch_name_and_status_together(api, make_job) -> None:
    job = make_job()
    response = api.patch(
        f"/api/jobs/{job.pk}/", {"status_type": "COMPLETED", "name": " new "}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "new"
    assert response.json()["current_status"] == "COMPLETED"


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({}, "non_field_errors", "at least one of: status_type, name"),
        ({"status_type": "DONE"}, "status_type", "Use one of: PENDING, RUNNING, COMPLETED, FAILED"),
        ({"status_type": "running"}, "status_type", "not a valid status"),
        ({"status_type": None}, "status_type", "Status must be one of"),
        ({"status_type": 1}, "status_type", "Must be a string."),
        ({"status": "RUNNING"}, "status", "Did you mean 'status_type'?"),
        ({"name": ""}, "name", "Name must not be blank."),
    ],
)
def test_patch_with_bad_body_returns_400(api, make_job, body, field, fragment) -> None:
    job = make_job()
    response = api.patch(f"/api/jobs/{job.pk}/", body, format="json")
    assert response.status_code == 400
    assert fragment in response.json()[field][0]
    assert JobStatus.objects.filter(job=job).count() == 1


def test_put_is_not_allowed(api, make_job) -> None:
    job = make_job()
    response = api.put(f"/api/jobs/{job.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 405
    assert "detail" in response.json()


def test_delete_removes_job_and_history(api, make_job) -> None:
    job = make_job(statuses=("RUNNING",))
    assert api.delete(f"/api/jobs/{job.pk}").status_code == 204
    assert api.get(f"/api/jobs/{job.pk}/").status_code == 404
    assert not JobStatus.objects.filter(job_id=job.pk).exists()
    assert api.delete(f"/api/jobs/{job.pk}/").status_code == 404


# --- stats, health, schema ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/jobs/stats/", "/api/jobs/stats"])
def test_stats_counts_every_status(api, make_job, path) -> None:
    make_job(statuses=("RUNNING",))
    make_job(statuses=("RUNNING", "FAILED"))
    make_job()
    body = api.get(path).json()
    assert body["total"] == 3
    assert body["by_status"] == {"PENDING": 1, "RUNNING": 1, "COMPLETED": 0, "FAILED": 1}
    assert isinstance(body["version"], int)


def test_stats_is_one_query_whatever_the_size(api, make_job, django_assert_num_queries) -> None:
    for _ in range(5):
        make_job()
    with django_assert_num_queries(1):
        assert api.get("/api/jobs/stats/").status_code == 200


@pytest.mark.parametrize("path", ["/health/", "/health"])
def test_health_ok(api, path) -> None:
    response = api.get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_and_api_report_503_when_the_database_is_unreachable() -> None:
    """A real connection failure: nothing listens on port 1."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client; c = Client();"
        "r1 = c.get('/health/'); r2 = c.get('/api/jobs/'); r3 = c.post('/api/jobs/', "
        "data=json.dumps({'name': 'x'}), content_type='application/json');"
        "print(json.dumps([[r.status_code, r.json()] for r in (r1, r2, r3)]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DB_POOL_TIMEOUT": "1",
        "DB_CONNECT_TIMEOUT": "1",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (h_status, h_body), (l_status, l_body), (c_status, c_body) = json.loads(
        out.stdout.splitlines()[-1]
    )
    assert (h_status, h_body) == (503, {"status": "unavailable"})
    assert l_status == 503 and "unavailable" in l_body["detail"].lower()
    assert c_status == 503 and "unavailable" in c_body["detail"].lower()
    assert "Traceback" not in out.stdout


def test_schema_and_docs(api) -> None:
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/jobs/", "/api/jobs/{id}/", "/api/jobs/{id}/history/", "/api/jobs/stats/"} <= set(
        paths
    )
    assert "400" in paths["/api/jobs/"]["post"]["responses"]
    assert "404" in paths["/api/jobs/{id}/"]["patch"]["responses"]
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_unknown_path_is_json_404(api) -> None:
    response = api.get("/api/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- list: page mode ---------------------------------------------------------------


def test_list_page_mode_shape_and_links(api, make_job) -> None:
    for n in range(5):
        make_job(f"job-{n}")
    first = api.get("/api/jobs/?page_size=2").json()
    assert first["count"] == 5
    assert first["count_capped"] is False
    assert first["previous"] is None
    assert [j["name"] for j in first["results"]] == ["job-4", "job-3"]
    assert first["next"].startswith("http://testserver/api/jobs/?")
    second = api.get(first["next"]).json()
    assert [j["name"] for j in second["results"]] == ["job-2", "job-1"]
    third = api.get(second["next"]).json()
    assert [j["name"] for j in third["results"]] == ["job-0"]
    assert third["next"] is None
    assert api.get(third["previous"]).json()["results"] == second["results"]


def test_page_past_the_end_is_404(api, make_job) -> None:
    make_job()
    assert api.get("/api/jobs/?page=1").status_code == 200
    response = api.get("/api/jobs/?page=2")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_empty_list_first_page_is_200(api) -> None:
    body = api.get("/api/jobs/").json()
    assert body == {
        "count": 0,
        "count_capped": False,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_list_embeds_newest_ten_statuses_oldest_first(api, make_job) -> None:
    make_job(statuses=tuple(["RUNNING", "PENDING"] * 6))
    history = api.get("/api/jobs/").json()["results"][0]["status_history"]
    assert len(history) == 10
    ids = [s["id"] for s in history]
    assert ids == sorted(ids)
    assert history[-1]["status_type"] == "PENDING"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=RUNNING", ["b", "d"]),
        ("status=running", ["b", "d"]),
        ("status=RUNNING,FAILED", ["b", "c", "d"]),
        ("status=RUNNING&status=FAILED", ["b", "c", "d"]),
        ("status=", ["a", "b", "c", "d"]),
        ("sort=oldest", ["d", "c", "b", "a"]),
        ("sort=name_asc", ["a", "b", "c", "d"]),
        ("sort=name_desc", ["d", "c", "b", "a"]),
        ("search=B", ["b"]),
        ("status=RUNNING&sort=oldest", ["d", "b"]),
        ("status=RUNNING,FAILED&search=c&sort=name_desc", ["c"]),
    ],
)
def test_list_filters_sorts_and_searches(api, make_job, query, expected) -> None:
    make_job("d", ("RUNNING",))
    make_job("c", ("FAILED",))
    make_job("b", ("RUNNING",))
    make_job("a")
    body = api.get(f"/api/jobs/?{query}").json()
    assert [j["name"] for j in body["results"]] == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    ("query", "field", "fragment"),
    [
        ("status=DONE", "status", "Unknown status DONE"),
        ("status=,", "status", "Use one or more of"),
        ("sort=size", "sort", "Use one of: newest, oldest, name_asc, name_desc"),
        ("sort=newest&sort=oldest", "sort", "only once"),
        ("page=0", "page", "greater than or equal to 1"),
        ("page=-3", "page", "greater than or equal to 1"),
        ("page=abc", "page", "valid integer"),
        ("page=1&page=2", "page", "only once"),
        ("page_size=0", "page_size", "greater than or equal to 1"),
        ("page_size=101", "page_size", "less than or equal to 100"),
        ("page_size=1e9", "page_size", "valid integer"),
        ("page=99999999999999999999", "page", "less than or equal to"),
        ("search=" + "x" * 201, "search", "no more than 200"),
        ("cursor=garbage", "cursor", "Invalid cursor"),
        ("cursor=&page=2", "page", "either page or cursor"),
    ],
)
def test_list_with_bad_parameter_returns_400(api, query, field, fragment) -> None:
    response = api.get(f"/api/jobs/?{query}")
    assert response.status_code == 400
    assert fragment in " ".join(response.json()[field])


# --- list: keyset mode --------------------------------------------------------------


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


def test_tampered_cursor_is_400(api, make_job) -> None:
    for _ in range(3):
        make_job()
    token = cursor_of(api.get("/api/jobs/?cursor=&page_size=1").json()["next"])
    payload = signing.loads(token, salt="jobs.keyset-cursor")
    forged = signing.dumps(payload, key="another-key", salt="jobs.keyset-cursor")
    for bad in (token[:-2] + "xx", forged, token + "a"):
        response = api.get(f"/api/jobs/?cursor={bad}")
        assert response.status_code == 400
        assert "Invalid cursor" in response.json()["cursor"][0]


def test_cursor_of_another_sort_is_400(api, make_job) -> None:
    for _ in range(3):
        make_job()
    token = cursor_of(api.get("/api/jobs/?cursor=&page_size=1").json()["next"])
    assert api.get(f"/api/jobs/?cursor={token}&sort=name_asc").status_code == 400


# --- query budgets -------------------------------------------------------------------


@pytest.fixture
def many_jobs(make_job):
    for n in range(120):
        make_job(f"budget-{n}", ("RUNNING", "COMPLETED") if n % 2 else ())


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=RUNNING,COMPLETED",
        "search=budget&sort=name_asc",
        "cursor=",
        "cursor=&status=PENDING&sort=oldest",
        "cursor=&search=get-1",
    ],
)
@pytest.mark.parametrize("page_size", [1, 100])
def test_list_query_count_is_fixed(
    api, many_jobs, django_assert_num_queries, query, page_size
) -> None:
    """Page + one prefetch of the page's histories, at any page size, + the count: the
    counters row, and for a search the planner's estimate and the capped count. A first
    page that holds every match is its own count."""
    selectors.search_counts.entries.clear()
    response = api.get(f"/api/jobs/?page_size={page_size}&{query}")
    fits = page_size >= response.json()["count"]
    search = parse_qs(query).get("search", [""])[0]
    # A short term with no status filter asks the planner first (see job_count).
    counting = 0 if not search else (2 if len(search) <= 3 and "status" not in query else 1)
    expected = 2 if fits else 3 + counting
    selectors.search_counts.entries.clear()
    with django_assert_num_queries(expected):
        response = api.get(f"/api/jobs/?page_size={page_size}&{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


def test_search_count_is_reused_until_the_next_write(
    api, make_job, django_assert_num_queries
) -> None:
    make_job("reuse-1")
    make_job("reuse-2")
    assert api.get("/api/jobs/?search=reuse&page_size=1").json()["count"] == 2
    with django_assert_num_queries(3):
        assert api.get("/api/jobs/?search=reuse&page_size=1&cursor=").json()["count"] == 2
    make_job("reuse-3")
    with django_assert_num_queries(4):  # counters, count, page, prefetch
        assert api.get("/api/jobs/?search=reuse&page_size=1").json()["count"] == 3


def test_a_first_page_holding_every_match_is_its_own_count(
    api, make_job, django_assert_num_queries
) -> None:
    make_job("whole-1")
    make_job("whole-2")
    with django_assert_num_queries(2):
        body = api.get("/api/jobs/?search=whole").json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (2, False, 2)
    with django_assert_num_queries(4):
        assert api.get("/api/jobs/?search=whole&page_size=1").json()["count"] == 2


def test_keyset_deep_page_query_count(api, many_jobs, django_assert_num_queries) -> None:
    body = api.get("/api/jobs/?cursor=&page_size=100").json()
    with django_assert_num_queries(3):
        assert api.get(body["next"]).status_code == 200


def test_write_throttle_returns_429_with_retry_after(api, monkeypatch) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"writes": "2/minute"})
    assert api.post("/api/jobs/", {"name": "a"}, format="json").status_code == 201
    assert api.post("/api/jobs/", {"name": "b"}, format="json").status_code == 201
    response = api.post("/api/jobs/", {"name": "c"}, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()
    assert api.get("/api/jobs/").status_code == 200  # reads are not limited
    assert Job.objects.count() == 2


def test_hand_written_output_matches_drf_field_by_field(make_job) -> None:
    """JobSerializer writes its output by hand for speed; it must say exactly what
    DRF's generic ModelSerializer path would."""
    from rest_framework import serializers

    from jobs.api.serializers import JobSerializer, JobStatusSerializer
    from jobs.selectors import job_get

    job = job_get(job_id=make_job("same-output", ("RUNNING", "FAILED")).pk)
    fast = JobSerializer(job).data
    generic = serializers.ModelSerializer.to_representation(JobSerializer(job), job)
    generic["status_history"] = [
        serializers.ModelSerializer.to_representation(JobStatusSerializer(), s)
        for s in job.history  # type: ignore[attr-defined]
    ]
    assert json.loads(json.dumps(fast)) == json.loads(json.dumps(generic))
