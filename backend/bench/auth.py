"""The bench's credentials: once the API needs sign-in (django-rest-knox installed),
a superuser ``bench`` and a token for it, sent as ``Authorization: Token <key>`` by the
in-process caller and by wrk; no header before that."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.contrib.auth import get_user_model

USERNAME = "bench"


@contextmanager
def signed_in() -> Iterator[dict[str, str]]:
    """The headers that authenticate a request; the token is revoked on the way out."""
    if not apps.is_installed("knox"):
        yield {}
        return
    from knox.models import AuthToken

    users = get_user_model()._default_manager
    user = users.filter(username=USERNAME).first()
    if user is None:
        user = users.db_manager().create_superuser(USERNAME, "", None)
    token, key = AuthToken.objects.create(user, expiry=dt.timedelta(hours=2))
    try:
        yield {"Authorization": f"Token {key}"}
    finally:
        token.delete()
