"""The Python lock files install the same thing on any machine: pins only, no local pip settings."""

from __future__ import annotations

import re

import pytest
from deploy_files import ROOT

LOCK_FILES = ["backend/requirements.txt", "backend/requirements-dev.txt", "e2e/requirements.txt"]
# Options pip-compile copies from the machine's pip configuration unless told not to.
MACHINE_OPTIONS = re.compile(
    r"^\s*(--(extra-)?index-url|-i\s|--find-links|-f\s|--trusted-host|--no-index)"
)
PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[\w.!+-]+$")


def requirement_lines(path: str) -> list[str]:
    lines = []
    for raw in (ROOT / path).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


@pytest.mark.parametrize("path", LOCK_FILES)
def test_lock_file_carries_no_index_or_find_links_option(path):
    found = [line for line in requirement_lines(path) if MACHINE_OPTIONS.match(line)]
    assert found == [], f"{path} names this machine's package sources: {found}"


@pytest.mark.parametrize("path", LOCK_FILES)
def test_lock_file_pins_every_package(path):
    lines = requirement_lines(path)
    assert lines, f"{path} is empty"
    assert [line for line in lines if not PINNED.match(line)] == []


def test_packages_in_both_locks_have_the_same_pin():
    """make setup installs backend-dev and e2e locks into one virtualenv."""

    def pins(path: str) -> dict[str, str]:
        return dict(line.lower().split("==", 1) for line in requirement_lines(path))

    backend, e2e = pins("backend/requirements-dev.txt"), pins("e2e/requirements.txt")
    assert {
        name: (backend[name], e2e[name])
        for name in backend.keys() & e2e.keys()
        if backend[name] != e2e[name]
    } == {}
