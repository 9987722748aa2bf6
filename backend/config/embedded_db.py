"""The embedded PostgreSQL used when DATABASE_URL is unset.

pgserver ships a real PostgreSQL 16 in a wheel. Its data lives in backend/.pgdata
(git-ignored) and the server is shared by every process that asks for it; it keeps
running after they exit, so scripts stop it explicitly (``python -m config.dbtool stop``).
Only start() starts it: importing this module, or settings, starts nothing.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

PGDATA = Path(os.environ.get("EMBEDDED_PGDATA", Path(__file__).resolve().parent.parent / ".pgdata"))

# Settings that suit a development and benchmark server on a small machine;
# applied once, when the data folder is first created.
TUNING = """
shared_buffers = 512MB
effective_cache_size = 4GB
work_mem = 16MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
checkpoint_timeout = 15min
random_page_cost = 1.1
max_connections = 200
"""


def _server() -> Any:
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset on a headless host; harmless.
        warnings.simplefilter("ignore")
        import pgserver

    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    fresh = not (PGDATA / "PG_VERSION").exists()
    server = pgserver.get_server(PGDATA, cleanup_mode=None)  # type: ignore[attr-defined]
    if fresh:
        conf = PGDATA / "postgresql.auto.conf"
        conf.write_text(conf.read_text() + TUNING)
        pg_ctl(["-w", "-l", str(PGDATA / "log"), "restart"], pgdata=PGDATA, user=_pg_user())
    return server


def _pg_user() -> str | None:
    # pgserver runs PostgreSQL as its own system user when we are root.
    return "pgserver" if os.geteuid() == 0 else None


def url() -> str:
    """Where the embedded server listens (a Unix socket in its data folder), whether or
    not it runs."""
    return f"postgresql://postgres:@/postgres?host={PGDATA}"


def start() -> str:
    """Start the embedded server if needed and return its connection URL."""
    return str(_server().get_uri())


def stop() -> None:
    """Stop the embedded server if it is running."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    if (PGDATA / "postmaster.pid").exists():
        pg_ctl(["-m", "fast", "-w", "stop"], pgdata=PGDATA, user=_pg_user())
