"""Hostile input, each case with the exact status and message the API answers.

test_views.py covers the everyday validation errors; this file adds the inputs of the
hardening issue that it does not: boundary lengths, odd characters, wrong JSON types,
malformed bodies and content types, impossible ids, abused query parameters and cursors.
No input here may produce a 500.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pytest
from django.core import signing

from jobs.api.pagination import CURSOR_SALT, INVALID_CURSOR
from jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

STATUSES = "PENDING, RUNNING, COMPLETED, FAILED"
BLANK = "Name must not be blank."
TOO_LONG = "Name must be at most 200 characters."
NOT_A_STRING = "Must be a string."
NOT_FOUND = {"detail": "Not found."}


def post_raw(api: Any, body: bytes | str, content_type: str, path: str = "/api/jobs/") -> Any:
    return api.generic("POST", path, body, content_type=content_type)


# --- names: lengths and whitespace ---------------------------------------------------


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


# --- names: characters -------------------------------------------------------------


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


# --- wrong JSON types ----------------------------------------------------------------


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


@pytest.mark.parametrize("value", [0, 2, True, [], ["RUNNING"], {}, {"status_type": "RUNNING"}])
def test_status_type_that_is_not_a_string_is_400(api, make_job, value) -> None:
    job = make_job()
    response = api.patch(f"/api/jobs/{job.pk}/", {"status_type": value}, format="json")
    assert response.status_code == 400
    assert response.json() == {"status_type": [NOT_A_STRING]}
    assert JobStatus.objects.filter(job=job).count() == 1


@pytest.mark.parametrize(
    "value", ["", " RUNNING", "RUNNING\x00", "Running", "😀", "<b>RUNNING</b>"]
)
def test_status_type_outside_the_choices_is_400(api, make_job, value) -> None:
    job = make_job()
    response = api.patch(f"/api/jobs/{job.pk}/", {"status_type": value}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "status_type": [f'"{value}" is not a valid status. Use one of: {STATUSES}.']
    }
    assert JobStatus.objects.filter(job=job).count() == 1


def test_client_cannot_set_read_only_fields(api, make_job) -> None:
    job = make_job()
    response = api.patch(
        f"/api/jobs/{job.pk}/",
        {"status_type": "RUNNING", "created_at": "2000-01-01T00:00:00Z", "id": 1},
        format="json",
    )
    assert response.status_code == 400
    allowed = "Unknown field. Allowed fields: name, status_type."
    assert response.json() == {"created_at": [allowed], "id": [allowed]}


# --- malformed bodies and content types --------------------------------------------------


NOT_JSON = "Request body is not valid JSON: JSON parse error - "


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{not json", NOT_JSON + "Expecting property name enclosed in double quotes"),
        ('{"name": "x"', NOT_JSON + "Expecting ',' delimiter"),
        ('{"name": NaN}', NOT_JSON + "Out of range float values are not JSON compliant"),
        (b'{"name": "\xff"}', NOT_JSON + "'utf-8' codec can't decode byte 0xff"),
        ("[" * 30_000 + "]" * 30_000, NOT_JSON + "nested too deeply."),
        ('{"name": ' + "[" * 20_000 + "]" * 20_000 + "}", NOT_JSON + "nested too deeply."),
    ],
)
def test_body_that_is_not_json_is_400(api, body, expected) -> None:
    response = post_raw(api, body, "application/json")
    assert response.status_code == 400
    messages = response.json()["non_field_errors"]
    assert len(messages) == 1 and messages[0].startswith(expected)
    assert Job.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ('["a", "b"]', "an array"),
        ("[]", "an array"),
        ('"name"', "a string"),
        ("42", "a number"),
        ("4.2", "a number"),
        ("true", "true/false"),
        ("null", "null"),
    ],
)
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_body_that_is_not_a_json_object_is_400(api, make_job, method, body, kind) -> None:
    job = make_job()
    path = "/api/jobs/" if method == "POST" else f"/api/jobs/{job.pk}/"
    response = api.generic(method, path, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [f"The body must be a JSON object, not {kind}."]}
    assert Job.objects.count() == 1


def test_empty_body_is_a_missing_name_or_an_empty_patch(api, make_job) -> None:
    job = make_job()
    assert post_raw(api, "", "application/json").json() == {"name": ["Name is required."]}
    response = api.generic("PATCH", f"/api/jobs/{job.pk}/", "", "application/json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Give at least one of: status_type, name."]}


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/xml",
        "application/merge-patch+json",
        "application/json-patch+json",
        "text/json",
    ],
)
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_wrong_content_type_is_415(api, make_job, method, content_type) -> None:
    job = make_job()
    path = "/api/jobs/" if method == "POST" else f"/api/jobs/{job.pk}/"
    response = api.generic(method, path, '{"name": "x"}', content_type=content_type)
    assert response.status_code == 415
    assert response.json() == {"detail": f'Unsupported media type "{content_type}" in request.'}
    assert list(Job.objects.values_list("name", flat=True)) == [job.name]


def test_missing_content_type_is_415(api) -> None:
    response = api.generic("POST", "/api/jobs/", '{"name": "x"}', content_type="")
    assert response.status_code == 415
    assert response.json() == {"detail": 'Unsupported media type "" in request.'}


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "APPLICATION/JSON", "application/json;", "*/*"],
)
def test_json_content_type_variants_are_accepted(api, content_type) -> None:
    response = post_raw(api, '{"name": "x"}', content_type)
    assert response.status_code == 201


def test_json_declared_in_another_charset_is_decoded_in_it(api) -> None:
    body = json.dumps({"name": "é"}).encode("utf-16")
    response = post_raw(api, body, "application/json; charset=utf-16")
    assert response.status_code == 201
    assert response.json()["name"] == "é"


def test_duplicate_keys_keep_the_last_value(api) -> None:
    response = post_raw(api, '{"name": "first", "name": "last"}', "application/json")
    assert response.status_code == 201
    assert response.json()["name"] == "last"


# --- ids ------------------------------------------------------------------------------


BAD_IDS = [
    "0",
    "-1",
    "-9223372036854775808",
    "9223372036854775808",  # bigint max + 1
    "1" * 5000,  # more digits than int() converts
    "abc",
    "1e3",
    "0x10",
    "%2B{id}",  # +id
    "%20{id}",  # " id"
    "{id}%20",
    "{id}_0",
    "%D9%A1",  # ARABIC-INDIC DIGIT ONE
    "%EF%BC%91",  # FULLWIDTH DIGIT ONE
    "null",
    "%00",
    "😀",
]


@pytest.mark.parametrize("raw", BAD_IDS)
@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", "/"), ("get", "/history/"), ("patch", "/"), ("delete", "/")],
)
def test_impossible_id_is_json_404(api, make_job, raw, method, suffix) -> None:
    job = make_job(statuses=("RUNNING",))
    path = "/api/jobs/" + raw.replace("{id}", str(job.pk)) + suffix
    call = getattr(api, method)
    response = call(path, {"status_type": "FAILED"}, format="json")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert Job.objects.get(pk=job.pk).current_status == "RUNNING"


def test_leading_zeros_name_the_same_job(api, make_job) -> None:
    job = make_job()
    assert api.get(f"/api/jobs/000{job.pk}/").json()["id"] == job.pk


def test_largest_bigint_id_is_a_plain_404(api) -> None:
    response = api.get("/api/jobs/9223372036854775807/history/")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- query parameters ----------------------------------------------------------------


@pytest.fixture
def three_jobs(make_job) -> list[Job]:
    return [make_job("alpha"), make_job("beta", ("RUNNING",)), make_job("gamma", ("FAILED",))]


@pytest.mark.parametrize(
    "param", ["sort=newest", "search=a", "page=1", "page_size=5", "cursor=", "cursor=x"]
)
def test_every_parameter_but_status_given_twice_is_400(api, three_jobs, param) -> None:
    name = param.split("=")[0]
    response = api.get(f"/api/jobs/?{param}&{param}")
    assert response.status_code == 400
    assert response.json() == {name: [f"Give {name} only once."]}


def test_repeated_parameters_are_all_reported(api, three_jobs) -> None:
    response = api.get("/api/jobs/?sort=oldest&sort=newest&page_size=1&page_size=2")
    assert response.status_code == 400
    assert response.json() == {
        "sort": ["Give sort only once."],
        "page_size": ["Give page_size only once."],
    }


@pytest.mark.parametrize("param", ["status", "sort", "search", "page", "page_size"])
def test_blank_parameter_counts_as_absent(api, three_jobs, param) -> None:
    response = api.get(f"/api/jobs/?{param}=")
    assert response.status_code == 200
    assert [j["name"] for j in response.json()["results"]] == ["gamma", "beta", "alpha"]


def test_blank_cursor_is_the_first_keyset_page(api, three_jobs) -> None:
    body = api.get("/api/jobs/?cursor=&page_size=2").json()
    assert [j["name"] for j in body["results"]] == ["gamma", "beta"]
    assert body["previous"] is None and "cursor=" in body["next"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=10000001", "page", "Ensure this value is less than or equal to 10000000."),
        ("page=1.5", "page", "A valid integer is required."),
        ("page=-0", "page", "Ensure this value is greater than or equal to 1."),
        ("page_size=-1", "page_size", "Ensure this value is greater than or equal to 1."),
        ("page_size=100000", "page_size", "Ensure this value is less than or equal to 100."),
        ("page_size=" + "9" * 5000, "page_size", "String value too large."),
        ("page_size=NaN", "page_size", "A valid integer is required."),
        ("sort=NEWEST", "sort", None),
        ("sort=%00", "sort", None),
        ("status=RUNNING,DONE", "status", None),
        ("status=%00", "status", None),
        ("search=%00", "search", "Null characters are not allowed."),
        ("search=" + "é" * 201, "search", "Ensure this field has no more than 200 characters."),
        ("cursor=" + "a" * 1001, "cursor", "Ensure this field has no more than 1000 characters."),
        ("cursor=%00", "cursor", "Null characters are not allowed."),
    ],
)
def test_parameter_out_of_range_is_400(api, three_jobs, query, field, message) -> None:
    response = api.get(f"/api/jobs/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    if message is not None:
        assert body[field] == [message]


def test_unknown_sort_message_lists_the_choices(api) -> None:
    response = api.get("/api/jobs/?sort=NEWEST")
    assert response.json() == {
        "sort": ['"NEWEST" is not a valid sort. Use one of: newest, oldest, name_asc, name_desc.']
    }


def test_unknown_status_message_lists_the_choices(api) -> None:
    response = api.get("/api/jobs/?status=RUNNING,DONE")
    assert response.json() == {
        "status": [f"Unknown status DONE. Use one or more of {STATUSES}, separated by commas."]
    }


def test_page_size_100_is_the_maximum_accepted(api, three_jobs) -> None:
    assert api.get("/api/jobs/?page_size=100").status_code == 200


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("%", ["50% done"]),
        ("_", ["snake_case"]),
        ("\\", ["back\\slash"]),
        ("É", ["ÉCLAIR"]),
        ("éclair", ["ÉCLAIR"]),
        ("😀", ["smile 😀"]),
        ("שלום", ["שלום"]),
        ("<b>", ["<b>bold</b>"]),
        ("'", []),
        ("\ufffd", []),
    ],
)
def test_search_takes_any_unicode_literally(api, make_job, search, expected) -> None:
    for name in [
        "50% done",
        "snake_case",
        "back\\slash",
        "ÉCLAIR",
        "smile 😀",
        "שלום",
        "<b>bold</b>",
    ]:
        make_job(name)
    response = api.get(f"/api/jobs/?search={quote(search)}")
    assert response.status_code == 200
    assert sorted(j["name"] for j in response.json()["results"]) == expected


def test_invalid_utf8_in_the_query_string_is_not_an_error(api, three_jobs) -> None:
    response = api.get("/api/jobs/?search=%FF%FE&status=%ED%A0%80RUNNING")
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert api.get("/api/jobs/?search=%FF%FE").status_code == 200


def test_very_long_query_string_is_answered(api, three_jobs) -> None:
    junk = "&".join(f"unused{n}={'x' * 50}" for n in range(999))
    response = api.get(f"/api/jobs/?{junk}&search=alp")
    assert response.status_code == 200
    assert [j["name"] for j in response.json()["results"]] == ["alpha"]


def test_more_than_1000_query_parameters_is_400(api, three_jobs) -> None:
    """Django's DATA_UPLOAD_MAX_NUMBER_FIELDS guard, answered in JSON."""
    junk = "&".join(f"p{n}=1" for n in range(1001))
    response = api.get(f"/api/jobs/?{junk}")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


def test_unknown_parameters_are_ignored_in_links(api, three_jobs) -> None:
    body = api.get("/api/jobs/?page_size=1&foo=%3Cscript%3E").json()
    assert parse_qs(urlparse(body["next"]).query)["foo"] == ["<script>"]


# --- cursors ----------------------------------------------------------------------------


def _first_cursor(api: Any, sort: str = "newest") -> str:
    url = api.get(f"/api/jobs/?cursor=&page_size=1&sort={sort}").json()["next"]
    return str(parse_qs(urlparse(url).query)["cursor"][0])


@pytest.mark.parametrize(
    "payload",
    [
        {"s": "newest", "d": "n", "k": ["not a date", 1]},
        {"s": "newest", "d": "n", "k": [12345, 1]},
        {"s": "newest", "d": "n", "k": [None, 1]},
        {"s": "newest", "d": "n", "k": ["2026-13-45T99:00:00Z", 1]},
        {"s": "newest", "d": "n", "k": ["2026-01-01T00:00:00Z", "1"]},
        {"s": "newest", "d": "n", "k": ["2026-01-01T00:00:00Z"]},
        {"s": "name_asc", "d": "n", "k": [["a"], 1]},
        {"s": "name_asc", "d": "n", "k": [{"a": 1}, 1]},
        {"s": "newest", "d": "n"},
        {"s": "newest", "k": ["2026-01-01T00:00:00Z", 1]},
        ["newest", "n"],
        "a string",
        None,
    ],
)
def test_signed_cursor_with_a_bad_payload_is_400(api, three_jobs, payload) -> None:
    """Only a holder of the secret key could sign these; still no 500."""
    sort = payload["s"] if isinstance(payload, dict) else "newest"
    token = signing.dumps(payload, salt=CURSOR_SALT)
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


def test_cursor_with_page_is_400(api, three_jobs) -> None:
    response = api.get(f"/api/jobs/?cursor={_first_cursor(api)}&page=1")
    assert response.status_code == 400
    assert response.json() == {"page": ["Use either page or cursor, not both."]}


# --- write throttling -------------------------------------------------------------------


def test_write_throttle_is_per_client_and_not_fooled_by_forwarded_for(api, monkeypatch) -> None:
    """nginx appends the real address to X-Forwarded-For (NUM_PROXIES=1): the last entry
    identifies the client, whatever a client puts in front of it."""
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"writes": "2/minute"})

    def post(forwarded_for: str) -> Any:
        return api.post(
            "/api/jobs/", {"name": "t"}, format="json", HTTP_X_FORWARDED_FOR=forwarded_for
        )

    assert post("10.0.0.1").status_code == 201
    assert post("1.2.3.4, 10.0.0.1").status_code == 201
    refused = post("5.6.7.8, 10.0.0.1")  # a spoofed first hop changes nothing
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": f"Request was throttled. Expected available in {refused['Retry-After']} seconds."
    }
    assert 0 < int(refused["Retry-After"]) <= 60
    assert post("10.0.0.2").status_code == 201  # another client is not affected
    assert (
        api.patch(
            "/api/jobs/1/",
            {"status_type": "RUNNING"},
            format="json",
            HTTP_X_FORWARDED_FOR="10.0.0.1",
        ).status_code
        == 429
    )
    assert api.get("/api/jobs/", HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 200
