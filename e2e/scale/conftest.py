"""Fixtures of the scale tests: the topology of scripts/scale.sh (a primary and a streaming
replica, PgBouncer, two app instances behind nginx), started by scripts/test-scale.sh
(`make test-scale`), which sets:

    E2E_SCALE=1                 collect these tests at all (e2e/conftest.py)
    E2E_BASE_URL, E2E_USERS     nginx, and the users of each role
    E2E_PRIMARY_URL             the primary itself (SQL checks)
    E2E_REPLICA_URL             the replica itself
    E2E_SCALE_DIR               the stack's folder (gunicorn-PORT.pid of each instance)
    SCALE_APP_PORTS             the instances' ports, comma-separated
    DATABASE_REPLICA_MAX_LAG    the lag past which the app stops reading the replica

and the environment that lets scripts/scale.sh stop and start parts of the stack.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from topology import Instances, connect_sql, required


@pytest.fixture(scope="session")
def sql() -> Callable[..., list[tuple[Any, ...]]]:
    """SQL on the primary itself (not through PgBouncer)."""
    return connect_sql(required("E2E_PRIMARY_URL"))


@pytest.fixture(scope="session")
def replica_sql() -> Callable[..., list[tuple[Any, ...]]]:
    return connect_sql(required("E2E_REPLICA_URL"))


@pytest.fixture(scope="session")
def max_lag() -> float:
    return float(required("DATABASE_REPLICA_MAX_LAG"))


@pytest.fixture
def marker() -> Callable[[], str]:
    """marker(): a fresh search term that no job's name holds, so a list request
    searching for it runs the search's statement and finds nothing."""
    return lambda: "zz" + uuid.uuid4().hex[:12]


@pytest.fixture
def cookie_api(api: Any, users: dict[str, dict[str, str]]) -> Callable[[str], Any]:
    """cookie_api(role): a token client of that role that keeps the cookies it is sent,
    as a browser or curl -b/-c does."""
    return lambda role: type(api)(api.base_url, users[role]["token"], cookies=True)


@pytest.fixture(scope="session")
def instances() -> Instances:
    ports = [int(p) for p in re.split(r"[,\s]+", required("SCALE_APP_PORTS").strip()) if p]
    assert len(ports) >= 2, ports
    return Instances(Path(required("E2E_SCALE_DIR")), ports)
