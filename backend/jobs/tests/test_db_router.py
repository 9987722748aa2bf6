"""The read-replica router (config.db_router) and the database settings it comes with.

In process there is no replica: the middleware and router are installed here on their
own, and every read decision is recorded from the router, with the replica alias
pointed at the test database. The real topology (a streaming replica, PgBouncer, two
instances) is tested by e2e/scale (make test-scale).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.http import HttpResponse
from django.test import RequestFactory

from config import db_router

BACKEND = Path(__file__).resolve().parents[2]
ROUTING = "config.db_router.ReplicaRoutingMiddleware"

pytestmark = pytest.mark.django_db


class Replica:
    """A stand-in replica: its lag (None: not a standby; an exception: down), and the
    alias of every read the router decided on."""

    def __init__(self) -> None:
        self.lag: float | Exception | None = 0.0
        self.checks = 0
        self.reads: list[str] = []

    def measure(self) -> float | None:
        self.checks += 1
        if isinstance(self.lag, Exception):
            raise self.lag
        return self.lag


@pytest.fixture
def replica(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Replica:
    """The router and middleware installed as DATABASE_REPLICA_URL would install them,
    with the stand-in's health; reads "from the replica" run on the test database.
    Tests ask for it before any client, whose first request loads the middleware."""
    stand_in = Replica()
    settings.DATABASE_REPLICA_MAX_LAG = 5
    settings.DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], ROUTING, *settings.MIDDLEWARE[1:]]
    monkeypatch.setattr(db_router, "health", db_router.ReplicaHealth(stand_in.measure))
    monkeypatch.setattr(db_router, "REPLICA", DEFAULT_DB_ALIAS)
    real = db_router.ReplicaRouter.db_for_read

    def recording(self: Any, model: Any, **hints: Any) -> str | None:
        stand_in.reads.append(db_router.reads_from())
        return real(self, model, **hints)

    monkeypatch.setattr(db_router.ReplicaRouter, "db_for_read", recording)
    return stand_in


READS = [
    "/api/jobs/",
    "/api/jobs/?cursor=",
    "/api/jobs/{id}/",
    "/api/jobs/{id}/history/",
    "/api/jobs/stats/",
    "/api/jobs/activity/?range=24h",
]


def decisions(client: Any, replica: Replica, path: str) -> set[bool]:
    """Whether the router was told to read from the replica, for each read of one
    request (recorded by the decision, not the alias: both point at the test database)."""
    seen: set[bool] = set()
    real = db_router.reads_from

    def spy() -> str:
        seen.add(db_router._reads_from.get() == db_router.REPLICA)
        return real()

    replica.reads.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db_router, "reads_from", spy)
        response = client.get(path)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return seen


@pytest.mark.parametrize("path", READS)
def test_api_reads_are_sent_to_the_replica(
    replica: Replica, api: Any, make_job: Any, path: str
) -> None:
    job = make_job()
    assert decisions(api, replica, path.format(id=job.id)) == {True}


def test_export_reads_the_replica_while_it_streams(
    replica: Replica, api: Any, make_job: Any
) -> None:
    make_job()
    seen = decisions(api, replica, "/api/jobs/export/?format=csv")
    assert seen == {True}
    # The stream has ended: the next request starts from the primary again.
    assert db_router._reads_from.get() is None


@pytest.mark.parametrize("path", ["/health/", "/api/auth/me/", "/api/schema/"])
def test_other_reads_use_the_primary(replica: Replica, api: Any, path: str) -> None:
    assert decisions(api, replica, path) <= {False}


def test_a_write_sets_the_read_your_writes_cookie_and_sends_the_next_reads_to_the_primary(
    replica: Replica, api: Any
) -> None:
    response = api.post("/api/jobs/", {"name": "mine"}, format="json")
    assert response.status_code == 201
    cookie = response.cookies[db_router.READ_YOUR_WRITES_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == db_router.read_your_writes_seconds() == 7
    assert decisions(api, replica, f"/api/jobs/{response.json()['id']}/") == {False}
    # Another client, without the cookie, reads from the replica.
    api.cookies.clear()
    assert decisions(api, replica, f"/api/jobs/{response.json()['id']}/") == {True}


def test_a_refused_write_sets_no_cookie(replica: Replica, api: Any) -> None:
    response = api.post("/api/jobs/", {"name": ""}, format="json")
    assert response.status_code == 400
    assert db_router.READ_YOUR_WRITES_COOKIE not in response.cookies


def test_an_expired_or_forged_cookie_is_ignored(
    replica: Replica, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.cookies[db_router.READ_YOUR_WRITES_COOKIE] = "1:forged:signature"
    assert decisions(api, replica, "/api/jobs/") == {True}
    response = api.post("/api/jobs/", {"name": "old write"}, format="json")
    assert response.status_code == 201
    monkeypatch.setattr(db_router, "read_your_writes_seconds", lambda: -1)
    assert decisions(api, replica, "/api/jobs/") == {True}


@pytest.mark.parametrize(
    ("lag", "usable"),
    [(0.0, True), (4.9, True), (5.1, False), (None, False), (OperationalError("refused"), False)],
)
def test_a_replica_that_lags_is_down_or_no_standby_is_not_read(
    replica: Replica, api: Any, caplog: Any, lag: Any, usable: bool
) -> None:
    replica.lag = lag
    assert decisions(api, replica, "/api/jobs/stats/") == {usable}
    if not usable:
        assert "reads go to the primary" in caplog.text


def test_the_lag_is_checked_at_most_once_a_second(
    replica: Replica, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(db_router.health, "clock", lambda: clock[0])
    for _ in range(5):
        api.get("/api/jobs/stats/")
    assert replica.checks == 1
    clock[0] += db_router.CHECK_SECONDS
    api.get("/api/jobs/stats/")
    assert replica.checks == 2


def test_a_read_that_fails_on_the_replica_is_answered_from_the_primary(
    replica: Replica, api: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    from jobs import selectors

    real = selectors.job_counts

    def failing_on_the_replica() -> Any:
        if db_router._reads_from.get() == db_router.REPLICA:
            raise OperationalError("terminating connection due to administrator command")
        return real()

    monkeypatch.setattr(selectors, "job_counts", failing_on_the_replica)
    response = api.get("/api/jobs/stats/")
    assert response.status_code == 200
    assert "answered from the primary" in caplog.text
    # Checked again before the next read, which logs that it is down.
    replica.lag = OperationalError("connection refused")
    checks = replica.checks
    assert api.get("/api/jobs/stats/").status_code == 200
    assert replica.checks == checks + 1
    assert "replica not used (down: connection refused)" in caplog.text


def test_an_unknown_token_on_the_replica_is_looked_up_on_the_primary(
    replica: Replica, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobs.api import authentication

    real = authentication._load
    looked_up: list[bool] = []

    def replica_behind(digest: str) -> Any:
        on_replica = db_router._reads_from.get() == db_router.REPLICA
        looked_up.append(on_replica)
        return None if on_replica else real(digest)

    monkeypatch.setattr(authentication, "_load", replica_behind)
    authentication.token_cache.clear()
    assert api.get("/api/jobs/stats/").status_code == 200
    assert looked_up == [True, False]


def test_a_401_without_credentials_is_not_asked_again(
    replica: Replica, anon: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = db_router.ReplicaRoutingMiddleware.process_view

    def counting(self: Any, request: Any, *args: Any) -> Any:
        calls.append(request.path)
        return real(self, request, *args)

    monkeypatch.setattr(db_router.ReplicaRoutingMiddleware, "process_view", counting)
    assert anon.get("/api/jobs/stats/").status_code == 401
    assert calls == ["/api/jobs/stats/"]


def test_reads_inside_a_transaction_use_the_primary(
    replica: Replica, monkeypatch: pytest.MonkeyPatch
) -> None:
    router = db_router.ReplicaRouter()
    token = db_router._reads_from.set("replica")
    primary = connections[DEFAULT_DB_ALIAS]
    try:
        # The test itself runs in a transaction: outside one, as a request would be.
        monkeypatch.setattr(primary, "in_atomic_block", False)
        assert router.db_for_read(object) == "replica"
        monkeypatch.setattr(primary, "in_atomic_block", True)
        assert router.db_for_read(object) == DEFAULT_DB_ALIAS
        assert router.db_for_write(object) == DEFAULT_DB_ALIAS
        assert router.allow_migrate("replica", "jobs") is False
        assert router.allow_migrate(DEFAULT_DB_ALIAS, "jobs") is True
    finally:
        db_router._reads_from.reset(token)


def test_the_middleware_passes_other_answers_through() -> None:
    middleware = db_router.ReplicaRoutingMiddleware(lambda request: HttpResponse(status=204))
    request = RequestFactory().get("/api/jobs/")
    assert middleware(request).status_code == 204


def test_the_lag_query_runs_on_postgresql() -> None:
    """The check's SQL is valid; a server that is not a standby gives None."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(db_router.LAG_SQL)
        assert cursor.fetchone() == (None,)


def settings_of(**env: str) -> dict[str, Any]:
    """DATABASES, DATABASE_ROUTERS and MIDDLEWARE as settings read them from ``env``."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    full.pop("DJANGO_SETTINGS_MODULE", None)
    full.pop("DB_PREPARE", None)
    full.update({"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://app@db.example:5432/jobs"})
    full.update(env)
    code = (
        "import json; from config import settings as s; "
        "print(json.dumps({'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS, "
        "'middleware': s.MIDDLEWARE}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BACKEND,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        return {"error": result.stderr + result.stdout}
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_without_a_replica_nothing_is_installed() -> None:
    loaded = settings_of()
    assert list(loaded["databases"]) == ["default"]
    assert loaded["routers"] == []
    assert ROUTING not in loaded["middleware"]
    assert not loaded["databases"]["default"].get("DISABLE_SERVER_SIDE_CURSORS")
    # Statements are prepared (DB_PREPARE's default away from PgBouncer).
    assert loaded["databases"]["default"]["OPTIONS"]["prepare_threshold"] == 5


def test_a_replica_url_adds_the_alias_router_and_middleware() -> None:
    loaded = settings_of(DATABASE_REPLICA_URL="postgres://reader@replica.example:5432/jobs")
    replica = loaded["databases"]["replica"]
    assert (replica["HOST"], replica["USER"]) == ("replica.example", "reader")
    assert "pool" not in replica["OPTIONS"]  # fails fast when it is down
    assert replica["TEST"] == {"MIRROR": "default"}
    assert loaded["routers"] == ["config.db_router.ReplicaRouter"]
    assert loaded["middleware"][1] == ROUTING


def test_pgbouncer_mode_turns_off_server_side_cursors_and_prepared_statements() -> None:
    loaded = settings_of(
        DATABASE_PGBOUNCER="1", DATABASE_REPLICA_URL="postgres://reader@replica.example/jobs"
    )
    for alias in ("default", "replica"):
        database = loaded["databases"][alias]
        assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert "prepare_threshold" not in database["OPTIONS"]


def test_a_replica_prepares_statements_like_the_primary() -> None:
    loaded = settings_of(DATABASE_REPLICA_URL="postgres://reader@replica.example/jobs")
    assert loaded["databases"]["replica"]["OPTIONS"]["prepare_threshold"] == 5
    loaded = settings_of(
        DB_PREPARE="0", DATABASE_REPLICA_URL="postgres://reader@replica.example/jobs"
    )
    assert "prepare_threshold" not in loaded["databases"]["replica"]["OPTIONS"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_REPLICA_MAX_LAG", "soon"),
        ("DATABASE_REPLICA_MAX_LAG", "-1"),
        ("DATABASE_PGBOUNCER", "maybe"),
    ],
)
def test_a_bad_value_names_its_variable(name: str, value: str) -> None:
    loaded = settings_of(**{name: value, "DATABASE_REPLICA_URL": "postgres://r@replica/jobs"})
    assert f"ImproperlyConfigured: {name} must" in loaded["error"]
