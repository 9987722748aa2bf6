"""manage.py ensure_admin: the first-run superuser ``admin`` of `make run` and `make up`.

- With ``--credentials FILE`` (make run): reuse the username, password and token kept in
  FILE when they still work; otherwise create or repair them (the password from
  DJANGO_ADMIN_PASSWORD, or a generated one, and a new token) and write FILE as
  ``{"username", "password", "token"}`` with mode 0600.
- Without it (Docker): create ``admin`` from DJANGO_ADMIN_PASSWORD when that is set, or
  set its password to it; do nothing when it is unset.
Production deployments never run this: they create their users themselves.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.crypto import hash_token
from knox.models import AuthToken

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create or repair the superuser 'admin' (see the module docstring)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--credentials", type=Path, default=None)

    def handle(self, *args: Any, credentials: Path | None, **options: Any) -> None:
        password = os.environ.get("DJANGO_ADMIN_PASSWORD", "")
        if credentials is None:
            if not password:
                self.stdout.write("DJANGO_ADMIN_PASSWORD is not set: no admin user created.")
                return
            created, changed = self._ensure_user(password)
            verb = "Created" if created else ("Updated" if changed else "Kept")
            self.stdout.write(f"{verb} the superuser '{USERNAME}' from DJANGO_ADMIN_PASSWORD.")
            return
        kept = self._read(credentials)
        password = password or kept.get("password") or secrets.token_urlsafe(12)
        created, changed = self._ensure_user(password)
        user = get_user_model().objects.get(username=USERNAME)
        token = kept.get("token", "")
        if not token or not AuthToken.objects.filter(digest=hash_token(token), user=user).exists():
            token = AuthToken.objects.create(user, expiry=None)[1]
        credentials.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(credentials, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump({"username": USERNAME, "password": password, "token": token}, out, indent=2)
        os.chmod(credentials, 0o600)
        state = "created" if created else ("password updated" if changed else "reused")
        self.stdout.write(f"Admin {state}: {credentials}")

    def _read(self, path: Path) -> dict[str, str]:
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path} is not readable JSON ({exc}); remove it.") from exc
        if not isinstance(data, dict):
            raise CommandError(f"{path} is not a JSON object; remove it.")
        return {k: v for k, v in data.items() if isinstance(v, str)}

    def _ensure_user(self, password: str) -> tuple[bool, bool]:
        """(created, password changed) for the superuser admin with ``password``."""
        users = get_user_model().objects
        user = users.filter(username=USERNAME).first()
        if user is None:
            users.create_superuser(USERNAME, email="", password=password)
            return True, False
        changed = not user.check_password(password)
        if changed or not (user.is_superuser and user.is_staff and user.is_active):
            user.set_password(password)
            user.is_superuser = user.is_staff = user.is_active = True
            user.save()
        return False, changed
