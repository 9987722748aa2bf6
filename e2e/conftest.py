"""Shared fixtures of the end-to-end suite.

The suite runs against a live stack (nginx -> gunicorn -> PostgreSQL) that
scripts/test.sh starts natively, or scripts/docker.sh in compose; it reads where that
stack is from the environment:

    E2E_BASE_URL        the nginx address (default http://127.0.0.1:8080)
    E2E_CHROMIUM_PATH   a Chromium to drive (unset: the browser Playwright installed)
    E2E_DATABASE_URL    the stack's database (invariant checks)
    E2E_ADMIN_USERNAME  an admin account of the stack (compose sets both, from
    E2E_ADMIN_PASSWORD  DJANGO_ADMIN_PASSWORD), for signing in

and, for the fault tests, what stack/conftest.py describes.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

BASE_URL = os.environ.get("E2E_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
CHROMIUM = os.environ.get("E2E_CHROMIUM_PATH") or None
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Api:
    """A small JSON client for seeding and checking through nginx, like a script would."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any, dict[str, str]]:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = Request(self.base_url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urlopen(request, timeout=30) as response:
                status, payload, head = response.status, response.read(), dict(response.headers)
        except HTTPError as error:
            status, payload, head = error.code, error.read(), dict(error.headers)
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = payload.decode(errors="replace")
        return status, parsed, head

    def create(self, name: str) -> dict[str, Any]:
        status, body, _ = self.call("POST", "/api/jobs/", {"name": name})
        assert status == 201, body
        return body

    def set_status(self, job_id: int, status_type: str) -> dict[str, Any]:
        status, body, _ = self.call("PATCH", f"/api/jobs/{job_id}/", {"status_type": status_type})
        assert status == 200, body
        return body

    def stats(self) -> dict[str, Any]:
        return self.call("GET", "/api/jobs/stats/")[1]


@pytest.fixture(scope="session")
def base_url() -> str:
    return BASE_URL


@pytest.fixture(scope="session")
def api() -> Api:
    return Api(BASE_URL)


@pytest.fixture
def unique() -> str:
    """A name fragment no other test uses, so tests don't depend on each other."""
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "base_url": BASE_URL,
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture(autouse=True)
def _fail_on_page_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Any uncaught script error in the page fails the test that caused it."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield
    assert errors == [], f"uncaught errors in the page: {errors}"
