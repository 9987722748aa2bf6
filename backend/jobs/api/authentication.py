"""How a request says who it is: API tokens for scripts, the session for the browser.

Tokens are django-rest-knox's: stored as a SHA-512 digest (the primary key), with an
optional expiry, revoked by deleting the row. This class reads them differently from
knox's own: one indexed query by digest that also brings the user and their role, no
write on the way (knox deletes expired tokens as it reads them, which a read replica
cannot do; `manage.py create_token` and the admin handle tokens), and a short
per-process cache so most requests cost no query at all. A revoked or expired token
stops working within TOKEN_CACHE_SECONDS.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import ArrayAgg
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from jobs.roles import highest_role
from jobs.ttl_cache import TtlCache

PREFIXES = (b"token", b"bearer")
INVALID = "Invalid or expired token."


# digest -> (user, expiry) for tokens recently seen valid. The user is built once and
# shared by the requests of its token (they only read it).
token_cache: TtlCache[str, tuple[Any, datetime | None]] = TtlCache(
    lambda: settings.TOKEN_CACHE_SECONDS
)


def _load(digest: str) -> tuple[Any, datetime | None] | None:
    rows = (
        AuthToken.objects.filter(digest=digest)
        .values(
            "expiry",
            "user_id",
            "user__username",
            "user__is_active",
            "user__is_superuser",
            "user__is_staff",
        )
        .annotate(groups=ArrayAgg("user__groups__name", default=[]))
        .order_by()[:1]
    )
    row = next(iter(rows), None)
    if row is None:
        return None
    user = get_user_model()(
        id=row["user_id"],
        username=row["user__username"],
        is_active=row["user__is_active"],
        is_superuser=row["user__is_superuser"],
        is_staff=row["user__is_staff"],
    )
    # Read by roles.role_of.
    user.role = highest_role(  # type: ignore[attr-defined]
        [g for g in row["groups"] if g], is_superuser=row["user__is_superuser"]
    )
    return user, row["expiry"]


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>`` (or ``Bearer <key>``)."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, str] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in PREFIXES:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Invalid Authorization header: give 'Token <key>' with no spaces in the key."
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID) from None
        digest = hash_token(key)
        hit, found = token_cache.get(digest)
        if not hit:
            found = _load(digest)
            if found is None:
                raise exceptions.AuthenticationFailed(INVALID)
            token_cache.put(digest, found)
        assert found is not None
        user, expiry = found
        if expiry is not None and expiry <= timezone.now():
            raise exceptions.AuthenticationFailed(INVALID)
        if not user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return user, digest

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
