from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from knox.models import AuthToken
from rest_framework.test import APIClient

from jobs import search, selectors, services
from jobs.api.authentication import token_cache
from jobs.models import Job
from jobs.roles import ADMIN, OPERATOR, VIEWER, role_cache

_names = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_caches(db: Any) -> None:
    selectors.list_counts.clear()
    search.frequencies.clear()
    token_cache.clear()
    role_cache.clear()


@pytest.fixture(autouse=True)
def _static_without_manifest(settings: Any) -> None:
    # Production serves hashed names from collectstatic's manifest; tests run without
    # a collectstatic step.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """Factory: a user in the role group ``role`` (None: no role)."""

    def make(role: str | None = VIEWER, username: str | None = None, **fields: Any) -> Any:
        user = User.objects.create_user(
            username=username or f"{role or 'norole'}-{next(_names)}", password="pw", **fields
        )
        if role is not None:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def client_as(make_user: Callable[..., Any]) -> Callable[..., APIClient]:
    """Factory: an API client that sends a real token of a new user in ``role``.

    It has made one request already, so the token is in the server's token cache (as it
    is for every request but a client's first): query budgets count the request alone.
    """

    def make(role: str | None = VIEWER, **fields: Any) -> APIClient:
        user = make_user(role, **fields)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")
        client.get("/api/auth/me/")
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def api(client_as: Callable[..., APIClient]) -> APIClient:
    """An admin's token client: every endpoint, as the tests of behaviour need."""
    return client_as(ADMIN)


@pytest.fixture
def operator(client_as: Callable[..., APIClient]) -> APIClient:
    return client_as(OPERATOR)


@pytest.fixture
def viewer(client_as: Callable[..., APIClient]) -> APIClient:
    return client_as(VIEWER)


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def make_job(db: Any) -> Callable[..., Job]:
    """Factory: a job made through the service, optionally walked through statuses."""

    def make(name: str | None = None, statuses: tuple[str, ...] = ()) -> Job:
        job = services.job_create(name=name or f"job-{next(_names)}")
        for status in statuses:
            job = services.job_status_set(job_id=job.pk, status_type=status)
        return job

    return make
