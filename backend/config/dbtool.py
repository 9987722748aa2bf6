"""The database's address, and database chores for the scripts behind the Makefile.

python -m config.dbtool url                 start the embedded server unless DATABASE_URL
                                            is set; print the server's URL
python -m config.dbtool database NAME       the same, then create NAME if missing; print its URL
python -m config.dbtool database NAME --fresh   drop and recreate NAME first
python -m config.dbtool stop                stop the embedded server, if it runs
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit, urlunsplit

from config import embedded_db
from config.env import env_str


def database_url() -> str:
    """DATABASE_URL, or the embedded server's address when it is unset. Starts nothing:
    ``python -m config.dbtool url`` does that, and the scripts run it first."""
    return env_str("DATABASE_URL") or embedded_db.url()


def server_url() -> str:
    """database_url(), after starting the embedded server if that is the one meant."""
    if not env_str("DATABASE_URL"):
        embedded_db.start()
    return database_url()


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def ensure_database(name: str, *, fresh: bool) -> str:
    import psycopg
    from psycopg import sql

    url = server_url()
    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and fresh:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(url, name)


def main(argv: list[str]) -> None:
    if argv[:1] == ["url"]:
        print(server_url())
    elif argv[:1] == ["database"] and len(argv) in (2, 3):
        print(ensure_database(argv[1], fresh="--fresh" in argv[2:]))
    elif argv[:1] == ["stop"]:
        # Scripts call this only when they started the embedded server themselves,
        # after exporting its URL as DATABASE_URL, so it must not depend on that.
        embedded_db.stop()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
