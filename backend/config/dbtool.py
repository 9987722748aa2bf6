"""Database chores for the scripts behind the Makefile.

python -m config.dbtool url                 the server's URL (DATABASE_URL or embedded)
python -m config.dbtool database NAME       create NAME if missing; print its URL
python -m config.dbtool database NAME --fresh   drop and recreate NAME first
python -m config.dbtool stop                stop the embedded server, if it runs
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from config.embedded_db import embedded_database_url

    return embedded_database_url()


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def ensure_database(name: str, *, fresh: bool) -> str:
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
        from config.embedded_db import stop

        stop()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
