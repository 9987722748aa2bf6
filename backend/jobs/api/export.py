"""GET /api/jobs/export/: every job of a list's filters, in its order, as CSV or NDJSON,
streamed with flat memory.

Rows are read in keyset batches (EXPORT_BATCH at a time, each batch one indexed query
after the last row of the one before, with the list's own condition, selectors.
job_where), so neither Python nor a server-side cursor ever holds the whole result,
and every batch costs the same however deep it is. It needs no transaction either, so
it works through PgBouncer in transaction mode. A job changed while the export runs
shows as it was when its batch was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jobs import documents, selectors

EXPORT_BATCH = 2000
FIELDS = (
    "id",
    "name",
    "current_status",
    "current_status_at",
    "created_at",
    "updated_at",
    "created_by",
)


# A CSV cell as Python's csv module would write it (RFC 4180: quoted only when it holds
# a comma, a quote or a line break, quotes doubled). A cell that a spreadsheet would
# read as a formula (=1+1, @SUM, +cmd|..., also after a tab or CR) gets a leading
# apostrophe first, which makes it text (OWASP's CSV injection advice). PostgreSQL
# writes every line, so Python only passes each batch's text along: Python formatting
# the rows made a 1,000,000-job export take 25 s, nearly all of it Python's CPU.
def _csv_cell(value: str) -> str:
    text = f"coalesce({value}, '')"
    safe = f"CASE WHEN {text} ~ E'^[-=+@\\t\\r]' THEN '''' || {text} ELSE {text} END"
    quoted = f"""'"' || replace({safe}, '"', '""') || '"'"""
    return f"""CASE WHEN {safe} ~ E'[,"\\r\\n]' THEN {quoted} ELSE {safe} END"""


LINES = {
    "csv": (
        f"concat_ws(',', j.id, {_csv_cell('j.name')}, j.current_status,"
        " jobs_iso(j.current_status_at), jobs_iso(j.created_at), jobs_iso(j.updated_at),"
        f" {_csv_cell('u.username')}) || E'\\r\\n'"
    ),
    "ndjson": (
        "json_build_object('id', j.id, 'name', j.name, 'current_status', j.current_status,"
        " 'current_status_at', jobs_iso(j.current_status_at),"
        " 'created_at', jobs_iso(j.created_at), 'updated_at', jobs_iso(j.updated_at),"
        " 'created_by', u.username)::text || E'\\n'"
    ),
}

# One batch: the next EXPORT_BATCH jobs in the order, each as its line of the file, and
# the key that the next batch starts after.
EXPORT_SQL = """
    SELECT j.k, j.id, {line}
    FROM (
        SELECT *, {column} AS k FROM jobs_job WHERE {where}
        ORDER BY {column} {direction}, id {direction} LIMIT %s
    ) AS j LEFT JOIN auth_user AS u ON u.id = j.created_by_id
    ORDER BY j.k {direction}, j.id {direction}
"""


def lines(jobs: selectors.JobSelection, fmt: str) -> Iterator[bytes]:
    """Every job of the selection as a line of ``fmt`` (csv or ndjson), in its order, a
    chunk per batch: neither Python nor a server-side cursor holds the whole result."""
    column = jobs.ordering[0].lstrip("-")
    direction = "DESC" if jobs.ordering[0].startswith("-") else "ASC"
    beyond = f"({column}, id) {'<' if direction == 'DESC' else '>'} (%s, %s)"
    where, params = jobs.where()
    after: list[Any] = []
    while True:
        condition = f"{where} AND {beyond}" if after else where
        sql = EXPORT_SQL.format(
            line=LINES[fmt], column=column, where=condition, direction=direction
        )
        # A search is planned for its term, as a list page's is (JobSelection.page).
        batch = documents.fetch(
            sql, [*params, *after, EXPORT_BATCH], prepare=not jobs.filters.search
        )
        if batch:
            yield "".join(row[2] for row in batch).encode()
        if len(batch) < EXPORT_BATCH:
            return
        after = [batch[-1][0], batch[-1][1]]


def csv_lines(jobs: selectors.JobSelection) -> Iterator[bytes]:
    """RFC 4180: a header row, CRLF line ends, fields quoted when they need it."""
    yield (",".join(FIELDS) + "\r\n").encode()
    yield from lines(jobs, "csv")


def ndjson_lines(jobs: selectors.JobSelection) -> Iterator[bytes]:
    """One JSON object per line."""
    yield from lines(jobs, "ndjson")
