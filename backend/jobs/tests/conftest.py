from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from jobs import search, services
from jobs.models import Job

_names = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_caches(db: Any) -> None:
    cache.clear()
    search.search_counts.clear()


@pytest.fixture(autouse=True)
def _static_without_manifest(settings: Any) -> None:
    # Production serves hashed names from collectstatic's manifest; tests run without
    # a collectstatic step.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def api() -> APIClient:
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
