"""The name field of POST and PATCH: lengths, whitespace, characters, types.

Each case is sent through both endpoints that take a name."""

from __future__ import annotations

import json

import pytest

from jobs.models import Job
from jobs.tests.api.helpers import post_raw

pytestmark = pytest.mark.django_db


BLANK = "Name must not be blank."


TOO_LONG = "Name must be at most 200 characters."


NOT_A_STRING = "Must be a string."


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("x", "x"),
        ("x" * 200, "x" * 200),
        ("  " + "x" * 200 + "\t\n", "x" * 200),  # 200 after trimming
        ("\u00a0\u2003y\u3000", "y"),  # Unicode spaces are trimmed too
    ],
)
@pytest.mark.parametrize("method", ["post", "patch"])
def test_name_of_1_to_200_characters_after_trimming_is_accepted(
    api, make_job, method, name, stored
) -> None:
    if method == "post":
        response = api.post("/api/jobs/", {"name": name}, format="json")
        assert response.status_code == 201
    else:
        job = make_job()
        response = api.patch(f"/api/jobs/{job.pk}/", {"name": name}, format="json")
        assert response.status_code == 200
    assert response.json()["name"] == stored
    assert Job.objects.get(pk=response.json()["id"]).name == stored


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", BLANK),
        (" ", BLANK),
        ("\t\n\r ", BLANK),
        ("\u00a0\u2003\u3000", BLANK),
        ("x" * 201, TOO_LONG),
        (" " + "x" * 201 + " ", TOO_LONG),
        ("😀" * 201, TOO_LONG),
        ("x" * 10_000, TOO_LONG),
    ],
)
@pytest.mark.parametrize("method", ["post", "patch"])
def test_blank_or_too_long_name_is_400(api, make_job, method, name, message) -> None:
    job = make_job("before")
    if method == "post":
        response = api.post("/api/jobs/", {"name": name}, format="json")
    else:
        response = api.patch(f"/api/jobs/{job.pk}/", {"name": name}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": [message]}
    assert list(Job.objects.values_list("name", flat=True)) == ["before"]


@pytest.mark.parametrize(
    "name",
    [
        "😀" * 200,  # astral characters count as one each
        "👩‍🔬 family 👨‍👩‍👧‍👦 flags 🇺🇦🇯🇵",
        "שלום עולם",  # right to left
        "مرحبا \u202eevil\u202c",  # with a right-to-left override
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>&amp;\"'`",
        "'; DROP TABLE jobs_job; --",
        "%_\\% LIKE wildcards",
        "{{ template }} ${env} $(cmd)",
        "zero\u200bwidth\ufeffjoiners",
        "e\u0301 combining",
    ],
)
def test_any_unicode_or_markup_name_is_stored_verbatim(api, name) -> None:
    response = api.post("/api/jobs/", {"name": name}, format="json")
    assert response.status_code == 201
    job_id = response.json()["id"]
    assert response.json()["name"] == name
    assert api.get(f"/api/jobs/{job_id}/").json()["name"] == name
    listed = api.get("/api/jobs/", {"search": name}).json()
    assert [j["id"] for j in listed["results"]] == [job_id]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a\x00b", "Null characters are not allowed."),
        ("\x00", "Null characters are not allowed."),
        ("a\ud800b", "Surrogate characters are not allowed: U+D800."),
    ],
)
@pytest.mark.parametrize("method", ["post", "patch"])
def test_nul_and_lone_surrogates_in_name_are_400(api, make_job, method, name, message) -> None:
    job = make_job("before")
    # json.dumps escapes both as \u0000 and \ud800, as a hostile client would send them.
    body = json.dumps({"name": name})
    if method == "post":
        response = post_raw(api, body, "application/json")
    else:
        response = api.generic("PATCH", f"/api/jobs/{job.pk}/", body, "application/json")
    assert response.status_code == 400
    assert response.json() == {"name": [message]}
    assert Job.objects.count() == 1


@pytest.mark.parametrize("value", [0, 1.5, -1, True, False, [], ["a"], {}, {"name": "x"}])
def test_name_that_is_not_a_string_is_400(api, make_job, value) -> None:
    job = make_job()
    for response in (
        api.post("/api/jobs/", {"name": value}, format="json"),
        api.patch(f"/api/jobs/{job.pk}/", {"name": value}, format="json"),
    ):
        assert response.status_code == 400
        assert response.json() == {"name": [NOT_A_STRING]}
    assert Job.objects.count() == 1


def test_null_name_is_400(api, make_job) -> None:
    job = make_job()
    expected = {"name": ["Name must be a string, not null."]}
    assert api.post("/api/jobs/", {"name": None}, format="json").json() == expected
    response = api.patch(f"/api/jobs/{job.pk}/", {"name": None}, format="json")
    assert response.status_code == 400
    assert response.json() == expected
