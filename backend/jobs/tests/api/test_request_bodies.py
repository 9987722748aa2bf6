"""Request bodies of POST and PATCH: not JSON, not an object, content types, size."""

from __future__ import annotations

import json

import pytest

from jobs.models import Job
from jobs.tests.api.helpers import post_raw

pytestmark = pytest.mark.django_db


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


def test_oversized_body_returns_413(api, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api.post("/api/jobs/", {"name": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert "detail" in response.json()
