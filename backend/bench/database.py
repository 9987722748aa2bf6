"""The benchmark database: ``jobs_bench`` on the server of DATABASE_URL, or on the
embedded PostgreSQL when DATABASE_URL is unset. Imports no Django, so it can run before
settings are loaded."""

from __future__ import annotations

import os

from config.dbtool import ensure_database

BENCH_DB = "jobs_bench"


def ensure_bench_database(name: str = BENCH_DB) -> str:
    """Create database ``name`` if missing and return its URL. BENCH_DATABASE_URL, when
    set, is used as it is."""
    explicit = os.environ.get("BENCH_DATABASE_URL", "")
    if explicit:
        return explicit
    return ensure_database(name, fresh=False)


def bench_token() -> str:
    """An API token of the superuser ``bench`` (made once per process): the benchmark
    calls the API as a signed-in client does. Needs Django set up."""
    global _token
    if _token is None:
        from django.contrib.auth.models import User
        from knox.models import AuthToken

        user, _ = User.objects.get_or_create(
            username="bench", defaults={"is_superuser": True, "is_staff": True}
        )
        _token = str(AuthToken.objects.create(user, expiry=None)[1])
    return _token


_token: str | None = None
