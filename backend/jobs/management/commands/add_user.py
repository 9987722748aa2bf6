"""manage.py add_user USERNAME --role ROLE [--password P] [--token]: a user in a role.

Creates the user, or updates the password and role of an existing one. Without
--password a password is generated and printed. With --token it also prints a new API
token. Users are managed in the Django admin too; this is for scripts and first setups.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from knox.models import AuthToken

from jobs.roles import ROLES


class Command(BaseCommand):
    help = "Create or update a user with a role (viewer, operator or admin)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=ROLES, required=True)
        parser.add_argument("--password", default=None, help="Default: a generated one.")
        parser.add_argument("--token", action="store_true", help="Also create an API token.")

    @transaction.atomic
    def handle(
        self, *args: Any, username: str, role: str, password: str | None, token: bool, **opts: Any
    ) -> None:
        password = password or secrets.token_urlsafe(12)
        user = get_user_model().objects.get_or_create(username=username)[0]
        user.set_password(password)
        user.is_active = True
        # The Django admin (users, tokens) is open to staff; admins manage users there.
        user.is_staff = role == "admin"
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=ROLES))
        user.groups.add(Group.objects.get(name=role))
        out = {"username": username, "password": password, "role": role}
        if token:
            out["token"] = AuthToken.objects.create(user, expiry=None)[1]
        self.stdout.write(json.dumps(out))
