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

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from jobs import documents, selectors
from jobs.api.serializers import iso_timestamp

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
# A spreadsheet reads a cell that starts with one of these as a formula (=1+1, @SUM,
# +cmd|...); a leading apostrophe makes it text again (OWASP's CSV injection advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# One batch: the next EXPORT_BATCH jobs in the order, their creator's name joined in.
EXPORT_SQL = """
    SELECT j.k, j.id, j.name, j.current_status, j.current_status_at, j.created_at,
           j.updated_at, u.username
    FROM (
        SELECT *, {column} AS k FROM jobs_job WHERE {where}
        ORDER BY {column} {direction}, id {direction} LIMIT %s
    ) AS j LEFT JOIN auth_user AS u ON u.id = j.created_by_id
    ORDER BY j.k {direction}, j.id {direction}
"""


def rows(jobs: selectors.JobSelection) -> Iterator[dict[str, Any]]:
    """Every job of the selection as a dict of FIELDS, in its order, batch by batch."""
    column = jobs.ordering[0].lstrip("-")
    direction = "DESC" if jobs.ordering[0].startswith("-") else "ASC"
    beyond = f"({column}, id) {'<' if direction == 'DESC' else '>'} (%s, %s)"
    where, params = selectors.job_where(jobs.filters)
    after: list[Any] = []
    while True:
        condition = f"{where} AND {beyond}" if after else where
        sql = EXPORT_SQL.format(column=column, where=condition, direction=direction)
        batch = documents.fetch(sql, [*params, *after, EXPORT_BATCH])
        for _, *row in batch:
            yield dict(zip(FIELDS, row, strict=True))
        if len(batch) < EXPORT_BATCH:
            return
        after = [batch[-1][0], batch[-1][1]]


def _text(value: Any) -> Any:
    return iso_timestamp(value) if isinstance(value, datetime) else value


def neutralise(cell: Any) -> Any:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class _Line:
    """What csv.writer writes to: hands each line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(jobs: selectors.JobSelection) -> Iterator[bytes]:
    """RFC 4180: a header row, CRLF line ends, fields quoted when they need it."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(FIELDS).encode()
    chunk: list[str] = []
    for row in rows(jobs):
        chunk.append(writer.writerow([neutralise(_text(row[f])) for f in FIELDS]))
        if len(chunk) >= 500:
            yield "".join(chunk).encode()
            chunk = []
    yield "".join(chunk).encode()


def ndjson_lines(jobs: selectors.JobSelection) -> Iterator[bytes]:
    """One JSON object per line."""
    chunk: list[str] = []
    for row in rows(jobs):
        chunk.append(json.dumps({f: _text(row[f]) for f in FIELDS}, ensure_ascii=False) + "\n")
        if len(chunk) >= 500:
            yield "".join(chunk).encode()
            chunk = []
    yield "".join(chunk).encode()
