"""Test setup: the tests run on a real PostgreSQL. With DATABASE_URL unset that is the
embedded server, which settings only point at; start it here (once per machine: it
keeps running, and later sessions reuse it)."""

from __future__ import annotations

from typing import Any

import pytest

from config import embedded_db
from config.env import env_str


def pytest_configure() -> None:
    if not env_str("DATABASE_URL"):
        embedded_db.start()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The tests make hundreds of users; the production hasher (PBKDF2, hundreds of
    thousands of rounds on purpose) would spend minutes on them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
