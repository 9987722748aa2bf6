"""Fixtures of the stack tests: plain HTTP through nginx, SQL on the stack's database.

These tests need no browser. They run after every other test of the session (see
pytest_collection_modifyitems), because the fault tests kill a gunicorn worker and
stop PostgreSQL under the stack; each of them leaves the stack healthy again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

STACK_ROOT = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Stack tests last, keeping their own order (test_zz_faults.py at the very end)."""
    others = [i for i in items if STACK_ROOT not in Path(i.path).parents]
    stack = [i for i in items if STACK_ROOT in Path(i.path).parents]
    items[:] = others + stack


@pytest.fixture(scope="session")
def database_url() -> str:
    url = os.environ.get("E2E_DATABASE_URL")
    if not url:
        pytest.fail("E2E_DATABASE_URL is not set: run the stack tests through `make test`")
    return url


@pytest.fixture
def sql(database_url: str) -> Any:
    """sql(query, *params) -> list of rows, on the stack's own database. A connection
    per query, so that a database restart (fault tests) doesn't break the helper."""
    import psycopg

    def run(query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(database_url, autocommit=True, connect_timeout=10) as conn:
            return conn.execute(query, params).fetchall()

    return run


@pytest.fixture(scope="session")
def stack_dir() -> Path:
    folder = os.environ.get("E2E_STACK_DIR")
    if not folder or not (Path(folder) / "gunicorn.pid").exists():
        pytest.fail("E2E_STACK_DIR with gunicorn.pid is not set: run through `make test`")
    return Path(folder)
