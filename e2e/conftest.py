"""Shared fixtures of the end-to-end suite.

The suite runs against a live stack (nginx -> gunicorn -> PostgreSQL) that
scripts/test.sh starts natively, or scripts/docker.sh in compose; it reads where that
stack is from the environment:

    E2E_BASE_URL       the nginx address (default http://127.0.0.1:8080)
    E2E_CHROMIUM_PATH  a Chromium to drive (unset: the browser Playwright installed)
    E2E_DATABASE_URL   the stack's database (invariant checks)
    E2E_USERS          a JSON file {role: {"username", "password", "token"}} for the
                       roles admin, operator and viewer (scripts/e2e-users.sh makes it)

and, for the fault tests, what stack/conftest.py describes.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

BASE_URL = os.environ.get("E2E_BASE_URL", "http://127.0.0.1:8080").rstrip("/")

# e2e/scale needs the scaled-out topology (scripts/test-scale.sh sets E2E_SCALE=1).
collect_ignore = [] if os.environ.get("E2E_SCALE") else ["scale"]
CHROMIUM = os.environ.get("E2E_CHROMIUM_PATH") or None
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def load_users() -> dict[str, dict[str, str]]:
    path = os.environ.get("E2E_USERS")
    if not path:
        pytest.fail("E2E_USERS is not set: run the suite through `make test`")
    users: dict[str, dict[str, str]] = json.loads(Path(path).read_text())
    return users


class Api:
    """A small JSON client for seeding and checking through nginx, like a script would:
    it signs its requests with an API token (None: anonymous). With ``cookies`` it keeps
    the cookies it is sent, as curl -b/-c does (thread-safe: CookieJar locks)."""

    def __init__(self, base_url: str, token: str | None = None, *, cookies: bool = False) -> None:
        self.base_url = base_url
        self.token = token
        self.opener = build_opener(*([HTTPCookieProcessor(CookieJar())] if cookies else []))

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
        if self.token:
            request.add_header("Authorization", f"Token {self.token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with self.opener.open(request, timeout=30) as response:
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

    def set_status(self, job_id: int, status_type: str, reason: str = "") -> dict[str, Any]:
        payload = {"status_type": status_type, **({"reason": reason} if reason else {})}
        status, body, _ = self.call("PATCH", f"/api/jobs/{job_id}/", payload)
        assert status == 200, body
        return body

    def stats(self) -> dict[str, Any]:
        return self.call("GET", "/api/jobs/stats/")[1]


@pytest.fixture(scope="session")
def base_url() -> str:
    return BASE_URL


@pytest.fixture(scope="session")
def users() -> dict[str, dict[str, str]]:
    return load_users()


@pytest.fixture(scope="session")
def api(users: dict[str, dict[str, str]]) -> Api:
    """An admin's API client: seeds and checks anything."""
    return Api(BASE_URL, users["admin"]["token"])


@pytest.fixture(scope="session")
def anonymous_api() -> Api:
    return Api(BASE_URL)


@pytest.fixture(scope="session")
def session_state(playwright: Any, users: dict[str, dict[str, str]]) -> Any:
    """sessions[role]: a browser storage state signed in as that role, made once per
    run by signing in through the API as the SPA does (the CSRF cookie from
    /api/auth/me/, then POST /api/auth/login/ with it)."""
    states: dict[str, Any] = {}

    def state(role: str) -> Any:
        if role not in states:
            request = playwright.request.new_context(base_url=BASE_URL)
            request.get("/api/auth/me/")
            csrf = next(
                c["value"] for c in request.storage_state()["cookies"] if c["name"] == "csrftoken"
            )
            user = users[role]
            response = request.post(
                "/api/auth/login/",
                data={"username": user["username"], "password": user["password"]},
                headers={"X-CSRFToken": csrf},
            )
            assert response.status == 200, response.text()
            states[role] = request.storage_state()
            request.dispose()
        return states[role]

    return state


@pytest.fixture
def unique() -> str:
    """A name fragment no other test uses, so tests don't depend on each other."""
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(
    browser_context_args: dict[str, Any], session_state: Any
) -> dict[str, Any]:
    """Pages start signed in as an admin; tests of sign-in and of the other roles open
    contexts of their own (new_context below)."""
    return {
        **browser_context_args,
        "base_url": BASE_URL,
        "viewport": {"width": 1280, "height": 900},
        "storage_state": session_state("admin"),
    }


@pytest.fixture
def context_as(
    browser: Any, browser_context_args: dict[str, Any], session_state: Any
) -> Iterator[Any]:
    """context_as(role): a fresh browser context signed in as ``role`` (None: signed
    out), closed after the test."""
    contexts: list[Any] = []
    plain = {k: v for k, v in browser_context_args.items() if k != "storage_state"}

    def make(role: str | None) -> Any:
        state = {"storage_state": session_state(role)} if role else {}
        context = browser.new_context(**plain, **state)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


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
