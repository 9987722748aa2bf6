from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from jobs import selectors
from jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def assert_consistent() -> None:
    """Every job's current status is its newest history row; nothing is in the future;
    the counters equal a real count."""
    now = timezone.now()
    for job in Job.objects.all():
        newest = JobStatus.objects.filter(job=job).order_by("-timestamp", "-id").first()
        assert newest is not None
        assert (job.current_status, job.current_status_at) == (
            newest.status_type,
            newest.timestamp,
        )
        assert job.created_at <= job.current_status_at <= now
    assert JobStatus.objects.aggregate(m=Max("timestamp"))["m"] <= now
    counts = selectors.job_counts()
    assert counts.total == Job.objects.count()
    for status, n in counts.by_status().items():
        assert n == Job.objects.filter(current_status=status).count()


def test_seed_demo_loads_consistent_histories_once() -> None:
    call_command("seed_demo", jobs=40, stdout=StringIO())
    assert Job.objects.count() == 40
    assert JobStatus.objects.count() > 40
    assert_consistent()
    out = StringIO()
    call_command("seed_demo", jobs=40, if_empty=True, stdout=out)
    assert Job.objects.count() == 40
    assert "already present" in out.getvalue()


def test_seed_bulk_loads_and_keeps_indexes() -> None:
    call_command("seed_bulk", jobs=500, no_progress=True, stdout=StringIO())
    assert Job.objects.count() == 500
    assert 3 * 500 < JobStatus.objects.count() < 5 * 500
    assert_consistent()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('jobs_job', 'jobs_jobsearch')"
        )
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"job_created_idx", "job_status_created_idx", "job_search_grams_idx"} <= indexes


def test_create_token_prints_a_working_token(make_user) -> None:
    from io import StringIO

    from knox.models import AuthToken
    from rest_framework.test import APIClient

    make_user("viewer", username="bot")
    out = StringIO()
    call_command("create_token", "bot", "--expires-days", "3", stdout=out)
    key = out.getvalue().strip()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/auth/me/").json() == {"username": "bot", "role": "viewer"}
    token = AuthToken.objects.get(user__username="bot")
    assert token.expiry is not None
    assert 2.9 < (token.expiry - token.created).total_seconds() / 86400 <= 3.0


@pytest.mark.parametrize(
    ("args", "message"),
    [(["ghost"], "No user named 'ghost'."), (["bot", "--expires-days", "0"], "at least 1")],
)
def test_create_token_refuses_bad_input(make_user, args, message) -> None:
    from django.core.management.base import CommandError

    make_user("viewer", username="bot")
    with pytest.raises(CommandError, match=message):
        call_command("create_token", *args)


def test_ensure_admin_writes_and_then_reuses_the_credentials(tmp_path, monkeypatch) -> None:
    import json
    import stat

    from rest_framework.test import APIClient

    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)
    path = tmp_path / "run" / "credentials.json"
    call_command("ensure_admin", "--credentials", str(path), stdout=None)
    first = json.loads(path.read_text())
    assert set(first) == {"username", "password", "token"} and first["username"] == "admin"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    client = APIClient(HTTP_AUTHORIZATION=f"Token {first['token']}")
    assert client.get("/api/auth/me/").json() == {"username": "admin", "role": "admin"}
    call_command("ensure_admin", "--credentials", str(path), stdout=None)
    assert json.loads(path.read_text()) == first  # later runs reuse them
    from django.contrib.auth.models import User

    assert User.objects.get(username="admin").check_password(first["password"])


def test_ensure_admin_takes_the_password_from_the_environment(tmp_path, monkeypatch) -> None:
    from django.contrib.auth.models import User

    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "from-the-env-1")
    call_command("ensure_admin", stdout=None)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("from-the-env-1")
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "changed-in-env-2")
    call_command("ensure_admin", stdout=None)
    admin.refresh_from_db()
    assert admin.check_password("changed-in-env-2")


def test_ensure_admin_without_a_password_creates_nobody(monkeypatch) -> None:
    from django.contrib.auth.models import User

    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin", stdout=None)
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.parametrize("module", ["seed_demo", "seed_bulk"])
def test_seeded_histories_follow_the_lifecycle(module) -> None:
    import importlib
    import itertools

    from jobs.models import ALLOWED_NEXT

    stories = importlib.import_module(f"jobs.management.commands.{module}").STORIES
    for steps, _ in stories:
        history = ["PENDING", *steps] if module == "seed_demo" else steps
        assert history[0] == "PENDING"
        for before, after in itertools.pairwise(history):
            assert after in ALLOWED_NEXT[before], (module, history)


def test_add_user_creates_then_updates_a_user_in_one_role() -> None:
    import json

    from django.contrib.auth.models import User
    from rest_framework.test import APIClient

    out = StringIO()
    call_command("add_user", "ops", "--role", "operator", "--token", stdout=out)
    made = json.loads(out.getvalue())
    client = APIClient(HTTP_AUTHORIZATION=f"Token {made['token']}")
    assert client.get("/api/auth/me/").json() == {"username": "ops", "role": "operator"}
    call_command("add_user", "ops", "--role", "viewer", "--password", "pw-2", stdout=StringIO())
    user = User.objects.get(username="ops")
    assert [g.name for g in user.groups.all()] == ["viewer"]
    assert user.check_password("pw-2") and not user.is_staff
