"""Roles: Django groups named viewer, operator and admin, each allowed what the one
before it is, and more (migration 0004 creates them).

- viewer reads;
- operator also creates, renames and changes status (one job or in bulk);
- admin also deletes (one or in bulk) and manages users in the Django admin.
Superusers are admins. A user in no role group may sign in but sees nothing.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import Group

from jobs.ttl_cache import TtlCache

VIEWER = "viewer"
OPERATOR = "operator"
ADMIN = "admin"
ROLES = (VIEWER, OPERATOR, ADMIN)  # from least to most allowed
RANK = {role: rank for rank, role in enumerate(ROLES)}

# A role is read once per user and this many seconds, so that a request costs no
# group query; a change in the admin takes effect within them.
ROLE_CACHE_SECONDS = 5.0


role_cache: TtlCache[int, str | None] = TtlCache(lambda: ROLE_CACHE_SECONDS)


def highest_role(group_names: Any, *, is_superuser: bool) -> str | None:
    """The most allowed role among ``group_names`` (admin for a superuser)."""
    if is_superuser:
        return ADMIN
    roles = [name for name in group_names if name in RANK]
    return max(roles, key=RANK.__getitem__) if roles else None


def role_of(user: Any) -> str | None:
    """The user's role, or None for an anonymous or inactive user or one without a
    role group. A role already known (see authentication) is taken as it is."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    known = getattr(user, "role", _UNKNOWN)
    if known is not _UNKNOWN:
        return cast("str | None", known)
    hit, role = role_cache.get(user.pk)
    if not hit:
        names = Group.objects.filter(user=user.pk, name__in=ROLES).values_list("name", flat=True)
        role = highest_role(names, is_superuser=user.is_superuser)
        role_cache.put(user.pk, role)
    user.role = role
    return role


_UNKNOWN = object()


def has_role(user: Any, needed: str) -> bool:
    role = role_of(user)
    return role is not None and RANK[role] >= RANK[needed]
