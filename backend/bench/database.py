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
