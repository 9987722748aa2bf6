"""Helpers of the scale tests (the fixtures are in conftest.py): waiting, SQL, the
stack's parts (scripts/scale.sh), the app instances' processes, and traffic."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCALE = ROOT / "scripts" / "scale.sh"


def required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the scale tests with `make test-scale`")
    return value


def connect_sql(url: str) -> Callable[..., list[tuple[Any, ...]]]:
    import psycopg

    def run(query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            return conn.execute(query, params).fetchall()

    return run


def scale(*args: str) -> None:
    """scripts/scale.sh with this stack's environment (inherited from test-scale.sh)."""
    result = subprocess.run(
        [str(SCALE), *args], check=False, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"scale.sh {args}: {result.stdout}{result.stderr}"


class Instances:
    """The app instances: each a gunicorn master with its workers."""

    def __init__(self, stack_dir: Path, ports: list[int]) -> None:
        self.dir, self.ports = stack_dir, ports

    def master(self, port: int) -> int:
        return int((self.dir / f"gunicorn-{port}.pid").read_text().strip())

    def processes(self, port: int) -> set[int]:
        master = self.master(port)
        found = {master}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master and fields[0] != "Z":
                found.add(int(stat.parent.name))
        return found

    def kill(self, port: int) -> set[int]:
        """SIGKILL the whole instance at once, as when its machine dies."""
        victims = self.processes(port)
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        return victims

    def start(self, port: int) -> None:
        scale("app-start", str(port))
