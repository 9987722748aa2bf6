"""PATCH /api/jobs/<id>/: append a status and/or rename; PUT is not allowed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import JobStatus

pytestmark = pytest.mark.django_db

STATUSES = "PENDING, RUNNING, COMPLETED, FAILED"
NOT_A_STRING = "Must be a string."


def test_patch_status_appends_history(api, make_job) -> None:
    job = make_job()
    response = api.patch(f"/api/jobs/{job.pk}", {"status_type": "RUNNING"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["current_status"] == "RUNNING"
    assert [s["status_type"] for s in body["status_history"]] == ["PENDING", "RUNNING"]
    assert body["updated_at"] > body["created_at"]


def test_patch_name_and_status_together(api, make_job) -> None:
    job = make_job(statuses=("RUNNING",))
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
    allowed = "Unknown field. Allowed fields: name, status_type, reason."
    assert response.json() == {"created_at": [allowed], "id": [allowed]}


def test_put_is_not_allowed(api, make_job) -> None:
    job = make_job()
    response = api.put(f"/api/jobs/{job.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 405
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "body",
    [
        {"status_type": "PENDING"},
        {"name": "renamed"},
        {"name": "both", "status_type": "PENDING"},
        {"status_type": "COMPLETED"},  # the status it has: nothing to write
        {"status_type": "RUNNING"},  # the lifecycle refuses: a 409
    ],
)
def test_a_patch_is_one_statement(api, make_job, body) -> None:
    """A status change, a rename, both, or neither: the lock, the writes and the answer
    are one statement (services.CHANGE), so its own transaction. Nothing is read back."""
    job = make_job(statuses=("RUNNING", "COMPLETED"))
    with CaptureQueriesContext(connection) as captured:
        response = api.patch(f"/api/jobs/{job.pk}/", body, format="json")
    refused = body.get("status_type") == "RUNNING"
    assert response.status_code == (409 if refused else 200)
    (statement,) = [q["sql"] for q in captured.captured_queries]
    assert statement.lstrip().startswith("WITH cur AS (") and "FOR UPDATE" in statement
    if not refused:
        answer = response.json()
        history = [s["status_type"] for s in answer["status_history"]]
        moved = body.get("status_type") == "PENDING"  # COMPLETED -> PENDING is a change
        assert history == ["PENDING", "RUNNING", "COMPLETED"] + (["PENDING"] if moved else [])
        assert answer["name"] == body.get("name", job.name)
        assert answer == api.get(f"/api/jobs/{job.pk}/").json()
