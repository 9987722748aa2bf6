"""GET /health/, and the 503 every endpoint answers when the database is down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


BACKEND = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("path", ["/health/", "/health"])
def test_health_ok(api, path) -> None:
    response = api.get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_and_api_report_503_when_the_database_is_unreachable() -> None:
    """A real connection failure: nothing listens on port 1. The API requests carry a
    token, which cannot be checked either: that too is a 503, not a 401."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client; c = Client(HTTP_AUTHORIZATION='Token abc');"
        "r1 = c.get('/health/'); r2 = c.get('/api/jobs/'); r3 = c.post('/api/jobs/', "
        "data=json.dumps({'name': 'x'}), content_type='application/json');"
        "print(json.dumps([[r.status_code, r.json()] for r in (r1, r2, r3)]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DB_POOL_TIMEOUT": "1",
        "DB_CONNECT_TIMEOUT": "1",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (h_status, h_body), (l_status, l_body), (c_status, c_body) = json.loads(
        out.stdout.splitlines()[-1]
    )
    assert (h_status, h_body) == (503, {"status": "unavailable"})
    assert l_status == 503 and "unavailable" in l_body["detail"].lower()
    assert c_status == 503 and "unavailable" in c_body["detail"].lower()
    assert "Traceback" not in out.stdout
