"""Sign-in, sign-out, who am I, API tokens and the sign-in lockout."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs.models import JobStatus

pytestmark = pytest.mark.django_db


def browser() -> APIClient:
    """A client that keeps cookies and checks CSRF, as a browser session is checked."""
    return APIClient(enforce_csrf_checks=True)


def csrf_of(client: APIClient) -> str:
    """What the SPA does first: GET /api/auth/me/ hands out the CSRF cookie."""
    client.get("/api/auth/me/")
    return str(client.cookies["csrftoken"].value)


def sign_in(client: APIClient, username: str, password: str = "pw") -> Any:
    return client.post(
        "/api/auth/login/",
        {"username": username, "password": password},
        format="json",
        HTTP_X_CSRFTOKEN=csrf_of(client),
    )


# --- sessions ---------------------------------------------------------------------------


def test_me_without_credentials_is_401_and_hands_out_a_csrf_cookie() -> None:
    client = browser()
    response = client.get("/api/auth/me/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response["WWW-Authenticate"] == "Token"
    assert client.cookies["csrftoken"].value


def test_sign_in_starts_a_session_and_me_names_the_role(make_user) -> None:
    make_user("operator", username="olga")
    client = browser()
    response = sign_in(client, "olga")
    assert response.status_code == 200
    assert response.json() == {"username": "olga", "role": "operator"}
    assert client.get("/api/auth/me/").json() == {"username": "olga", "role": "operator"}
    assert client.get("/api/jobs/").status_code == 200


def test_sign_in_with_a_wrong_password_is_400_and_says_nothing_more(make_user) -> None:
    make_user("viewer", username="vera")
    for username in ("vera", "nobody"):
        response = sign_in(browser(), username, "wrong")
        assert response.status_code == 400
        assert response.json() == {"non_field_errors": ["Wrong username or password."]}


def test_sign_in_of_an_inactive_user_is_refused(make_user) -> None:
    make_user("admin", username="gone", is_active=False)
    assert sign_in(browser(), "gone").status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "username"), ({"username": "x"}, "password"), ({"user": "x"}, "user")],
)
def test_sign_in_with_a_bad_body_is_400_naming_the_field(body, field) -> None:
    client = browser()
    response = client.post(
        "/api/auth/login/", body, format="json", HTTP_X_CSRFTOKEN=csrf_of(client)
    )
    assert response.status_code == 400
    assert field in response.json()


def test_sign_in_without_the_csrf_token_is_403(make_user) -> None:
    make_user("viewer", username="vic")
    client = browser()
    client.get("/api/auth/me/")
    response = client.post("/api/auth/login/", {"username": "vic", "password": "pw"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_session_write_without_the_csrf_token_is_403(make_user) -> None:
    make_user("operator", username="otto")
    client = browser()
    assert sign_in(client, "otto").status_code == 200
    refused = client.post("/api/jobs/", {"name": "no csrf"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    token = client.cookies["csrftoken"].value  # rotated at sign-in
    allowed = client.post(
        "/api/jobs/", {"name": "with csrf"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert allowed.status_code == 201


def test_sign_out_ends_the_session(make_user) -> None:
    make_user("viewer", username="sam")
    client = browser()
    sign_in(client, "sam")
    token = client.cookies["csrftoken"].value
    assert client.post("/api/auth/logout/", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert client.get("/api/jobs/").status_code == 401
    assert client.get("/api/auth/me/").status_code == 401


def test_an_expired_session_is_401(make_user, settings) -> None:
    make_user("viewer", username="old")
    client = browser()
    sign_in(client, "old")
    from django.contrib.sessions.models import Session

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/jobs/").status_code == 401


# --- tokens -----------------------------------------------------------------------------


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token", "bearer"])
def test_token_or_bearer_header_signs_in(make_user, keyword) -> None:
    user = make_user("viewer", username=f"script-{keyword}")
    key = AuthToken.objects.create(user)[1]
    client = APIClient(HTTP_AUTHORIZATION=f"{keyword} {key}")
    assert client.get("/api/auth/me/").json() == {"username": user.username, "role": "viewer"}


@pytest.mark.parametrize(
    "header",
    ["Token", "Token a b", "Token not-a-real-token", "Bearer \u00e9", "Token " + "f" * 5000],
)
def test_a_bad_token_header_is_401(make_user, header) -> None:
    response = APIClient(HTTP_AUTHORIZATION=header).get("/api/jobs/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


def test_an_expired_token_is_401(make_user) -> None:
    _, key = AuthToken.objects.create(make_user("admin"), expiry=timedelta(days=1))
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    response = APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/jobs/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or expired token."}


def test_a_token_that_expires_while_cached_stops_working(make_user, settings) -> None:
    _, key = AuthToken.objects.create(make_user("admin"), expiry=timedelta(days=1))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/jobs/").status_code == 200
    later = timezone.now() + timedelta(days=2)
    from unittest import mock

    with mock.patch("jobs.api.authentication.timezone.now", return_value=later):
        assert client.get("/api/jobs/").status_code == 401


def test_a_revoked_token_is_401_once_the_cache_has_let_it_go(make_user, settings) -> None:
    from jobs.api.authentication import token_cache

    token, key = AuthToken.objects.create(make_user("admin"))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/jobs/").status_code == 200
    token.delete()  # revoked, as the admin's delete does
    token_cache.clear()  # what TOKEN_CACHE_SECONDS (5 s) of waiting does
    assert client.get("/api/jobs/").status_code == 401


def test_a_token_costs_one_indexed_query_then_none(make_user, django_assert_num_queries) -> None:
    key = AuthToken.objects.create(make_user("viewer"))[1]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    with django_assert_num_queries(2):  # the token with user and role, then stats
        assert client.get("/api/jobs/stats/").status_code == 200
    with django_assert_num_queries(1):  # stats only
        assert client.get("/api/jobs/stats/").status_code == 200


def test_a_status_change_by_token_is_attributed_to_its_user(make_user, make_job) -> None:
    user = make_user("operator", username="agent-7")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")
    job = make_job()
    response = client.patch(
        f"/api/jobs/{job.pk}/", {"status_type": "RUNNING", "reason": " picked up "}, format="json"
    )
    assert response.status_code == 200
    newest = response.json()["status_history"][-1]
    assert (newest["actor"], newest["reason"]) == ("agent-7", "picked up")
    row = JobStatus.objects.get(pk=newest["id"])
    assert (row.actor, row.reason) == (user, "picked up")
    history = client.get(f"/api/jobs/{job.pk}/history/").json()
    assert [(h["status_type"], h["actor"]) for h in history] == [
        ("PENDING", None),
        ("RUNNING", "agent-7"),
    ]


def test_a_created_job_records_its_creator(make_user) -> None:
    user = make_user("operator", username="maker")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")
    body = client.post("/api/jobs/", {"name": "mine"}, format="json").json()
    assert body["status_history"][0]["actor"] == "maker"
    from jobs.models import Job

    assert Job.objects.get(pk=body["id"]).created_by == user


# --- lockout ----------------------------------------------------------------------------


def test_lockout_after_the_limit_then_sign_in_works_again(make_user, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    make_user("viewer", username="lou")
    client = browser()
    for _ in range(2):
        assert sign_in(client, "lou", "wrong").status_code == 400
    locked = sign_in(client, "lou", "wrong")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert locked.json()["detail"].startswith("Too many failed sign-ins. Try again in ")
    # Locked out: even the right password is refused, from this address...
    assert sign_in(client, "lou").status_code == 429
    # ...and for this username from another one.
    elsewhere = browser()
    response = elsewhere.post(
        "/api/auth/login/",
        {"username": "lou", "password": "pw"},
        format="json",
        HTTP_X_CSRFTOKEN=csrf_of(elsewhere),
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert response.status_code == 429
    # The lockout ends after the cool-off.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)
    assert sign_in(client, "lou").status_code == 200


def test_lockout_of_an_address_does_not_lock_other_addresses(make_user, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    make_user("viewer", username="ann")
    make_user("viewer", username="bob")
    attacker = browser()
    token = csrf_of(attacker)
    for name in ("x1", "x2"):
        attacker.post(
            "/api/auth/login/",
            {"username": name, "password": "no"},
            format="json",
            HTTP_X_CSRFTOKEN=token,
            HTTP_X_FORWARDED_FOR="6.6.6.6",
        )
    blocked = attacker.post(
        "/api/auth/login/",
        {"username": "ann", "password": "pw"},
        format="json",
        HTTP_X_CSRFTOKEN=token,
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert blocked.status_code == 429
    other = browser()
    ok = other.post(
        "/api/auth/login/",
        {"username": "ann", "password": "pw"},
        format="json",
        HTTP_X_CSRFTOKEN=csrf_of(other),
        HTTP_X_FORWARDED_FOR="7.7.7.7",
    )
    assert ok.status_code == 200
