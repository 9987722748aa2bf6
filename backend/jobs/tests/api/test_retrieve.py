"""GET /api/jobs/<id>/ and /api/jobs/<id>/history/, and the ids every job URL takes."""

from __future__ import annotations

import pytest

from jobs.models import Job

pytestmark = pytest.mark.django_db


def test_get_job_returns_full_history_oldest_first(api, make_job) -> None:
    job = make_job(statuses=(*["RUNNING", "PENDING"] * 8, "FAILED"))
    body = api.get(f"/api/jobs/{job.pk}/").json()
    assert len(body["status_history"]) == 18
    ids = [s["id"] for s in body["status_history"]]
    assert ids == sorted(ids)
    assert body["current_status"] == "FAILED"


@pytest.mark.parametrize("suffix", ["/", ""])
def test_history_endpoint_oldest_to_newest(api, make_job, suffix) -> None:
    job = make_job(statuses=("RUNNING", "COMPLETED"))
    response = api.get(f"/api/jobs/{job.pk}/history{suffix}")
    assert response.status_code == 200
    assert [s["status_type"] for s in response.json()] == ["PENDING", "RUNNING", "COMPLETED"]


def test_history_of_missing_job_returns_404(api) -> None:
    response = api.get("/api/jobs/123456/history/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


NOT_FOUND = {"detail": "Not found."}


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
    "9223372036854775807",  # the largest bigint: possible, but no such job
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
