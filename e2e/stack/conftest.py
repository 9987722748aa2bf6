"""Fixtures of the stack tests: plain HTTP through nginx, SQL on the stack's database, and
control over the stack for the fault tests.

These tests need no browser. They run after every other test of the session, and the
tests marked `faults` after those (see pytest_collection_modifyitems): they kill a
gunicorn worker and stop PostgreSQL under the stack; each leaves the stack healthy again.

The stack is either of these, told by the environment:

    native (scripts/test.sh)       E2E_STACK_DIR      the .run folder with gunicorn.pid
                                   E2E_DB_STOP_CMD    shell commands that stop and start the
                                   E2E_DB_START_CMD   database (unset: an external database)
    compose (scripts/docker.sh)    E2E_CONTROL_DIR    where scripts/docker.sh takes requests
                                                      for steps only the host can take

and both set E2E_DATABASE_URL, the stack's database.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

STACK_ROOT = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests, then stack tests, then the `faults` tests, each group in file order."""

    def group(item: pytest.Item) -> int:
        if STACK_ROOT not in Path(item.path).parents:
            return 0
        return 2 if item.get_closest_marker("faults") else 1

    items.sort(key=group)  # stable: keeps the order within each group


@pytest.fixture(scope="session")
def database_url() -> str:
    url = os.environ.get("E2E_DATABASE_URL")
    if not url:
        pytest.fail(
            "E2E_DATABASE_URL is not set: run the stack tests with `make test` "
            "or `make test-docker`"
        )
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


class StackControl:
    """What the fault tests do to the stack under test."""

    #: False when the database is not the stack's own and must not be stopped.
    can_stop_database = True

    def workers(self) -> set[int]:
        """PIDs of the live gunicorn workers."""
        raise NotImplementedError

    def kill_worker(self, pid: int) -> None:
        """SIGKILL one gunicorn worker, as a crash would."""
        raise NotImplementedError

    def stop_database(self) -> None:
        raise NotImplementedError

    def start_database(self) -> None:
        raise NotImplementedError


class NativeStack(StackControl):
    """The stack of scripts/stack.sh: processes on this machine."""

    def __init__(self, stack_dir: Path, stop_cmd: str | None, start_cmd: str | None) -> None:
        self.master = int((stack_dir / "gunicorn.pid").read_text().strip())
        self.stop_cmd, self.start_cmd = stop_cmd, start_cmd
        self.can_stop_database = bool(stop_cmd and start_cmd)

    def workers(self) -> set[int]:
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.master and fields[0] != "Z":
                children.add(int(stat.parent.name))
        return children

    def kill_worker(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)

    def stop_database(self) -> None:
        self._shell(self.stop_cmd)

    def start_database(self) -> None:
        self._shell(self.start_cmd)

    @staticmethod
    def _shell(command: str | None) -> None:
        assert command, "no command to stop or start this stack's database"
        subprocess.run(command, shell=True, check=True, timeout=120, capture_output=True)


class ComposeStack(StackControl):
    """The compose stack of `scripts/docker.sh test`. This container can reach the stack
    only over its network, so steps on other containers are requests to docker.sh on the
    host: a file NAME.request holding the step, answered by NAME.response holding the
    step's exit status on the first line and its output after it."""

    STEP_SECONDS = 120

    def __init__(self, control_dir: Path) -> None:
        self.dir = control_dir
        if not (control_dir / "serving").exists():
            pytest.fail(
                f"nothing serves stack control requests in {control_dir}: run the suite "
                "with `make test-docker` (scripts/docker.sh test)"
            )

    def step(self, *words: str | int) -> str:
        name = uuid.uuid4().hex
        draft = self.dir / f"{name}.draft"
        draft.write_text(" ".join(map(str, words)) + "\n")
        draft.rename(self.dir / f"{name}.request")  # appears whole, never half-written
        response = self.dir / f"{name}.response"
        deadline = time.monotonic() + self.STEP_SECONDS
        while not response.exists():
            if time.monotonic() > deadline:
                pytest.fail(f"no answer to stack step {words} in {self.STEP_SECONDS}s")
            time.sleep(0.05)
        status, _, output = response.read_text().partition("\n")
        response.unlink()
        assert status == "0", f"stack step {words} failed ({status}): {output}"
        return output

    def workers(self) -> set[int]:
        return {worker["pid"] for worker in json.loads(self.step("workers"))["workers"]}

    def kill_worker(self, pid: int) -> None:
        self.step("kill-worker", pid)

    def stop_database(self) -> None:
        self.step("db-stop")

    def start_database(self) -> None:
        self.step("db-start")


@pytest.fixture(scope="session")
def stack() -> StackControl:
    control_dir = os.environ.get("E2E_CONTROL_DIR")
    if control_dir:
        return ComposeStack(Path(control_dir))
    stack_dir = os.environ.get("E2E_STACK_DIR")
    if stack_dir and (Path(stack_dir) / "gunicorn.pid").exists():
        return NativeStack(
            Path(stack_dir),
            os.environ.get("E2E_DB_STOP_CMD"),
            os.environ.get("E2E_DB_START_CMD"),
        )
    pytest.fail(
        "neither E2E_CONTROL_DIR nor E2E_STACK_DIR (with gunicorn.pid) is set: "
        "run the fault tests with `make test` or `make test-docker`"
    )
