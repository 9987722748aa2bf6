"""Fixtures for the Docker deployment tests."""

from __future__ import annotations

import pytest
from deploy_files import COMPOSE_FILE, load_yaml


@pytest.fixture(scope="session")
def compose() -> dict:
    return load_yaml(COMPOSE_FILE)


@pytest.fixture(scope="session")
def services(compose: dict) -> dict:
    return compose["services"]
