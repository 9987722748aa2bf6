"""POST /api/jobs/: create a job."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import Job

pytestmark = pytest.mark.django_db


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


def test_create_is_one_statement_that_answers_with_the_job(api) -> None:
    """The job, its first status and the answer: one INSERT ... RETURNING statement,
    so nothing is read back after it."""
    with CaptureQueriesContext(connection) as captured:
        response = api.post("/api/jobs/", {"name": "no-read-back"}, format="json")
    assert response.status_code == 201
    assert response.json()["status_history"][0]["status_type"] == "PENDING"
    (statement,) = [q["sql"] for q in captured.captured_queries]
    assert statement.lstrip().startswith("WITH job AS (") and statement.count("INSERT INTO") == 2
