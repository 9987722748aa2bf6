"""The per-client write throttle."""

from __future__ import annotations

from typing import Any

import pytest

from jobs.models import Job

pytestmark = pytest.mark.django_db


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
