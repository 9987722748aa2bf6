"""The benchmark database: ``jobs_bench`` on the server of DATABASE_URL, or on the
embedded PostgreSQL when DATABASE_URL is unset. Imports no Django, so it can run before
settings are loaded."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

BENCH_DB = "jobs_bench"


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from config.embedded_db import embedded_database_url

    return embedded_database_url()


def with_database(url: str, name: str) -> str:
    """``url`` with its database (the path component) replaced by ``name``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def ensure_bench_database(name: str = BENCH_DB) -> str:
    """Create database ``name`` if missing and return its URL. BENCH_DATABASE_URL, when
    set, is used as it is."""
    explicit = os.environ.get("BENCH_DATABASE_URL", "")
    if explicit:
        return explicit
    base = server_url()
    with psycopg.connect(base, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(base, name)
