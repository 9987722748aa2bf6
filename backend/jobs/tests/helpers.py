"""Small functions the tests share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@contextmanager
def persistent_connection() -> Iterator[None]:
    """Requests sent straight to the WSGI application keep the test's connection (and
    so its transaction): the handler would close it at the end of each request, as
    Django's own test client keeps it from doing."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
