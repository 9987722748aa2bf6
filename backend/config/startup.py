"""Load the settings once at process start and turn a configuration error into one
line that names the variable, instead of a traceback (manage.py, wsgi.py)."""

from __future__ import annotations

import os
import sys


def load_settings() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading one setting imports them all
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")
