"""Reads from a streaming replica, when DATABASE_REPLICA_URL names one.

Which requests: the API's reads (GET or HEAD of the job list, one job, its history,
stats, activity and the export), and everything they read on the way (the token or
session that authenticates them included). Everything else uses the primary: writes,
sign-in and sign-out, the admin, /health/, management commands, and any query inside a
transaction.

When a request may use the replica:

- Read-your-writes. A successful write (POST, PATCH, PUT, DELETE answered with 2xx or
  3xx) sets a signed cookie, READ_YOUR_WRITES_COOKIE; for READ_YOUR_WRITES_SECONDS
  after it the client's reads go to the primary. That window is the longest lag the
  replica is used with (DATABASE_REPLICA_MAX_LAG) plus how stale the lag check may be
  (CHECK_SECONDS) plus a second, so a read made after the window ends comes from a
  replica that has replayed the write. Scripts using tokens keep the cookie like a
  browser does (curl -b/-c a cookie jar) when they need to read what they just wrote.
- The replica answers and is not too far behind. Each process checks at most once per
  CHECK_SECONDS, with one cheap query (replica_lag); a replica that is down, that is
  not a standby, or that lags more than DATABASE_REPLICA_MAX_LAG sends reads to the
  primary, and the change is logged once, not per request.
- A request that read from the replica and still got a 5xx (the replica failed under
  it) or, carrying a token or session cookie, a 401 (a token or session younger than
  the replica's lag) is answered again from the primary. Both are reads, so running
  them twice changes nothing.

Without DATABASE_REPLICA_URL none of this is installed (see settings): no extra query,
no cookie.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signals
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
READ_YOUR_WRITES_COOKIE = "jobs_rw"
READ_YOUR_WRITES_SALT = "config.db_router.read-your-writes"
CHECK_SECONDS = 1.0
SAFE_METHODS = frozenset({"GET", "HEAD"})
# The views (URL names) whose reads may come from the replica.
REPLICA_VIEWS = frozenset(
    {"job-list", "job-detail", "job-history", "job-stats", "job-activity", "job-export"}
)

# The alias this request reads from, when not the primary. Set per request by the
# middleware; cleared when the next request starts and when a response is closed
# (a streamed export reads while it is sent, after the middleware has returned).
_reads_from: ContextVar[str | None] = ContextVar("reads_from", default=None)


def read_your_writes_seconds() -> int:
    """How long after a write the client reads from the primary, in whole seconds."""
    return math.ceil(float(settings.DATABASE_REPLICA_MAX_LAG) + CHECK_SECONDS + 1.0)


class ReplicaRouter:
    """Django database router: reads go where the middleware said for this request,
    unless the primary is in a transaction; writes and migrations always go to the
    primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        alias = _reads_from.get()
        if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


# One query, on the replica. Caught up (lag 0): the WAL receiver is streaming and has
# replayed all it received. Otherwise: the age of the newest transaction it replayed.
# NULL when the server is not a standby, or has replayed nothing since it started.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn()
         AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 0
    ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())
END
"""


def replica_lag() -> float | None:
    """The replica's lag in seconds (None: not a standby, or nothing replayed yet).
    Raises the database's error when the replica cannot be reached."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        row = cursor.fetchone()
    return None if row is None or row[0] is None else float(row[0])


@dataclass
class _State:
    checked_at: float = float("-inf")
    # Assumed until the first check, so that a replica found unusable then is logged.
    usable: bool = True
    reason: str = "not checked yet"


class ReplicaHealth:
    """Whether the replica may serve reads, checked at most once per CHECK_SECONDS in
    this process. `measure` is replica_lag and `clock` time.monotonic; tests pass their
    own."""

    def __init__(
        self,
        measure: Callable[[], float | None] = replica_lag,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.measure, self.clock = measure, clock
        self.state = _State()
        self.lock = threading.Lock()

    def usable(self) -> bool:
        now = self.clock()
        with self.lock:
            if now - self.state.checked_at < CHECK_SECONDS:
                return self.state.usable
            self.state.checked_at = now  # one check at a time; others use the last answer
            was = self.state.usable
        usable, reason = self._check()
        with self.lock:
            self.state.usable, self.state.reason = usable, reason
        if usable != was:
            if usable:
                logger.info("replica usable again (%s): reads go to it", reason)
            else:
                logger.warning("replica not used (%s): reads go to the primary", reason)
        return usable

    def forget(self) -> None:
        """Check again before the next read (the replica just failed a request); that
        check logs the change if it finds the replica down."""
        with self.lock:
            self.state.checked_at = float("-inf")

    def _check(self) -> tuple[bool, str]:
        limit = float(settings.DATABASE_REPLICA_MAX_LAG)
        try:
            lag = self.measure()
        except Exception as exc:  # any failure to reach it means "down"
            from jobs.api.exceptions import is_outage

            # The broken connection is closed at the end of the request (Django's
            # CONN_HEALTH_CHECKS); the next check connects again.
            if not is_outage(exc):
                logger.exception("replica check failed")
            return False, f"down: {str(exc).strip() or type(exc).__name__}"
        if lag is None:
            return False, "not a streaming standby, or nothing replayed since it started"
        if lag > limit:
            return False, f"lagging {lag:.1f} s, more than DATABASE_REPLICA_MAX_LAG={limit:g}"
        return True, f"lag {lag:.1f} s"


health = ReplicaHealth()


def _clear(**kwargs: Any) -> None:
    _reads_from.set(None)


signals.request_finished.connect(_clear, dispatch_uid="config.db_router.clear")


class ReplicaRoutingMiddleware:
    """Decides per request whether its reads come from the replica (see the module's
    docstring), and sets the read-your-writes cookie on successful writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _reads_from.set(None)
        response = self.get_response(request)
        if _reads_from.get() is not None and (
            response.status_code >= 500
            or (response.status_code == 401 and has_credentials(request))
        ):
            # Retried once, from the primary: a down replica, or an unknown token or
            # session (created after the replica's last replayed write).
            if response.status_code >= 500:
                health.forget()
                logger.warning(
                    "replica failed %s %s (%s): answered from the primary",
                    request.method,
                    request.path,
                    response.status_code,
                )
            # Not closed: that would end the request (request_finished) halfway. An
            # error answer holds nothing to release.
            _reads_from.set(None)
            request.primary_only = True  # type: ignore[attr-defined]
            response = self.get_response(request)
        if request.method not in SAFE_METHODS and 200 <= response.status_code < 400:
            response.set_signed_cookie(
                READ_YOUR_WRITES_COOKIE,
                "1",
                salt=READ_YOUR_WRITES_SALT,
                max_age=read_your_writes_seconds(),
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if (
            request.method in SAFE_METHODS
            and match is not None
            and match.url_name in REPLICA_VIEWS
            and not getattr(request, "primary_only", False)
            and not wrote_recently(request)
            and health.usable()
        ):
            _reads_from.set(REPLICA)
        return None


def has_credentials(request: HttpRequest) -> bool:
    """A token or a session cookie: a 401 without either is the same on the primary."""
    return bool(
        request.META.get("HTTP_AUTHORIZATION") or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def wrote_recently(request: HttpRequest) -> bool:
    """The request carries a read-your-writes cookie this app signed less than
    read_your_writes_seconds() ago (the signature holds the time: the browser's
    Max-Age is not trusted)."""
    cookie = request.get_signed_cookie(
        READ_YOUR_WRITES_COOKIE,
        default=None,
        salt=READ_YOUR_WRITES_SALT,
        max_age=read_your_writes_seconds(),
    )
    return cookie is not None


def reads_from() -> str:
    """The alias this request's reads go to (for tests and diagnostics)."""
    return _reads_from.get() or DEFAULT_DB_ALIAS
