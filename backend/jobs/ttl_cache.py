"""A small per-process cache whose entries expire: what a request may skip a query for
(a token's user, a user's role) for a few seconds."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    """key -> value for ``seconds()`` after it was put (read at each put, so a setting
    changed in a test applies), at most ``limit`` entries (emptied past that). Safe to
    share between threads."""

    def __init__(self, seconds: Callable[[], float], limit: int = 10_000) -> None:
        self.seconds = seconds
        self.limit = limit
        self.entries: dict[K, tuple[float, V]] = {}
        self.lock = threading.Lock()

    def get(self, key: K) -> tuple[bool, V | None]:
        """(True, value) while ``key`` is fresh, else (False, None)."""
        with self.lock:
            entry = self.entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return False, None
        return True, entry[1]

    def put(self, key: K, value: V) -> None:
        until = time.monotonic() + self.seconds()
        with self.lock:
            if len(self.entries) > self.limit:
                self.entries.clear()
            self.entries[key] = (until, value)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
