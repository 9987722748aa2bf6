"""Production settings: the deploy checklist, the secret, error bodies and the admin."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from knox.models import AuthToken

BACKEND = Path(__file__).resolve().parents[2]

# `check --deploy` warnings that are expected, because TLS is terminated in front of
# the stack (a load balancer or ingress), not by nginx or Django; see README,
# "Reliability". Each has an environment switch for deployments that want it here.
ALLOWED_DEPLOY_WARNINGS = {
    "security.W004",  # HSTS: set by the TLS terminator (DJANGO_SECURE_HSTS_SECONDS)
    "security.W008",  # SSL redirect: done by the TLS terminator (DJANGO_SECURE_SSL_REDIRECT)
    "security.W012",  # SESSION_COOKIE_SECURE: needs HTTPS end to end (DJANGO_SECURE_COOKIES)
    "security.W016",  # CSRF_COOKIE_SECURE: the same (DJANGO_SECURE_COOKIES)
}


def production_env(**overrides: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(overrides)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=BACKEND, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_except_the_documented_tls_warnings() -> None:
    result = run(["manage.py", "check", "--deploy", "--fail-level", "ERROR"], production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    found = set(re.findall(r"\((\w+\.[WE]\d+)\)", output))
    assert found <= ALLOWED_DEPLOY_WARNINGS, output


def test_check_deploy_is_clean_when_tls_reaches_django() -> None:
    env = production_env(
        DJANGO_SECURE_HSTS_SECONDS="31536000",
        DJANGO_SECURE_SSL_REDIRECT="1",
        DJANGO_SECURE_COOKIES="1",
    )
    result = run(["manage.py", "check", "--deploy", "--fail-level", "ERROR"], env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Left: HSTS for subdomains and preload, decisions about the whole domain.
    assert set(re.findall(r"\((\w+\.[WE]\d+)\)", output)) <= {"security.W005", "security.W021"}


@pytest.mark.parametrize("secret", [None, ""])
def test_production_refuses_to_start_without_a_secret_key(secret: str | None) -> None:
    env = production_env()
    if secret is None:
        del env["DJANGO_SECRET_KEY"]
    else:
        env["DJANGO_SECRET_KEY"] = secret
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_debug_defaults_to_off() -> None:
    env = production_env()
    del env["DJANGO_DEBUG"]
    result = run(["-c", "from config import settings; print(settings.DEBUG)"], env)
    assert result.stdout.strip() == "False", result.stderr


def test_tests_run_with_production_settings(settings: Any) -> None:
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.X_FRAME_OPTIONS == "DENY"


# --- error bodies --------------------------------------------------------------------


@pytest.fixture
def client(make_user) -> Client:
    """A plain Django client, signed in with an admin's token, that returns a 500 as the
    server would instead of raising it."""
    token = AuthToken.objects.create(make_user("admin"))[1]
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")


def assert_nothing_leaks(body: bytes, settings: Any) -> None:
    text = body.decode(errors="replace")
    assert "Traceback" not in text
    assert 'File "' not in text
    assert settings.SECRET_KEY not in text
    assert "psycopg" not in text.lower()
    assert "/work/" not in text and "site-packages" not in text


@pytest.mark.django_db
def test_unexpected_exception_is_a_bare_json_500(client, settings, monkeypatch) -> None:
    from jobs import selectors

    def boom() -> None:
        raise RuntimeError(f"internal detail {settings.SECRET_KEY} at /work/main")

    monkeypatch.setattr(selectors, "job_counts", boom)
    response = client.get("/api/jobs/stats/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}
    assert_nothing_leaks(response.content, settings)


@pytest.mark.django_db
def test_database_error_is_a_bare_json_503(client, settings, monkeypatch) -> None:
    from django.db import DataError

    from jobs import selectors

    def broken() -> None:
        raise DataError(f'relation "secret_table" ... {settings.SECRET_KEY}')

    monkeypatch.setattr(selectors, "job_counts", broken)
    response = client.get("/api/jobs/stats/")
    assert response.status_code == 503
    assert response.json() == {"detail": "Database unavailable. Try again shortly."}
    assert_nothing_leaks(response.content, settings)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("get", "/nowhere/", None, 404),
        ("get", "/api/jobs/abc/", None, 404),
        ("post", "/api/jobs/", "{bad json", 400),
        ("post", "/api/jobs/", "[" * 30_000, 400),
        ("put", "/api/jobs/1/", "{}", 405),
        ("post", "/api/jobs/", "x" * 100_000, 413),
        ("get", "/api/jobs/?page=abc", None, 400),
    ],
)
def test_error_bodies_are_json_without_internals(client, settings, method, path, body, status):
    if body is None:
        response = getattr(client, method)(path)
    else:
        response = getattr(client, method)(path, body, content_type="application/json")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json(), dict)
    assert_nothing_leaks(response.content, settings)


@pytest.mark.django_db
def test_disallowed_host_is_a_json_400(client, settings) -> None:
    response = client.get("/api/jobs/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}
    assert_nothing_leaks(response.content, settings)


# --- admin ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_redirects_anonymous_users_to_login(client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/jobs/job/").status_code == 302


@pytest.mark.django_db
def test_admin_refuses_a_user_who_is_not_staff(client) -> None:
    User.objects.create_user("visitor", password="a-long-enough-password")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "visitor", "password": "a-long-enough-password", "next": "/admin/"},
    )
    assert response.status_code == 200
    assert b"Please enter the correct username and password for a staff account" in (
        response.content
    )
    client.force_login(User.objects.get(username="visitor"))
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/jobs/job/").status_code == 302


@pytest.mark.django_db
def test_admin_lets_staff_in(client) -> None:
    User.objects.create_user("operator", password="a-long-enough-password", is_staff=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "operator", "password": "a-long-enough-password", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_admin_login_enforces_csrf(settings) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
