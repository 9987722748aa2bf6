"""manage.py create_token USER [--expires-days N]: print a new API token for USER."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = (
        "Create an API token for USER and print it (it is stored hashed: this is the only "
        "time it is shown). Send it as 'Authorization: Token <key>'. Revoke it in the admin."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--expires-days",
            type=int,
            default=None,
            help="Days until the token stops working (default: never).",
        )

    def handle(self, *args: Any, username: str, expires_days: int | None, **options: Any) -> None:
        if expires_days is not None and expires_days < 1:
            raise CommandError("--expires-days must be at least 1.")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        expiry = timedelta(days=expires_days) if expires_days is not None else None
        _, key = AuthToken.objects.create(user, expiry=expiry)
        self.stdout.write(key)
