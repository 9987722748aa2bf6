"""GET /api/jobs/export/: every job of a list's filters, in its order, as CSV or NDJSON,
streamed with flat memory.

Rows are read in keyset batches (EXPORT_BATCH at a time, each batch one indexed query
after the last row of the one before), so neither Python nor a server-side cursor ever
holds the whole result, and every batch costs the same however deep it is. It needs no
transaction either, so it works through PgBouncer in transaction mode. A job changed
while the export runs shows as it was when its batch was read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Q

from jobs import selectors
from jobs.api.pagination import KeysetPagination, Position
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


def rows(filters: selectors.JobListFilters) -> Iterator[dict[str, Any]]:
    """Every matching job as a dict of FIELDS, in the list's order, batch by batch."""
    ordering = selectors.SORTS[filters.sort]
    column = ordering[0].lstrip("-")
    values = (
        "id",
        "name",
        "current_status",
        "current_status_at",
        "created_at",
        "updated_at",
        "created_by__username",
    )
    base = selectors.job_matching(filters).order_by(*ordering)
    after: Q | None = None
    while True:
        batch = list(
            (base.filter(after) if after is not None else base).values(*values)[:EXPORT_BATCH]
        )
        for row in batch:
            row["created_by"] = row.pop("created_by__username")
            yield row
        if len(batch) < EXPORT_BATCH:
            return
        last = batch[-1]
        after = KeysetPagination.beyond(Position(ordering, True, last[column], last["id"]))


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


def csv_lines(filters: selectors.JobListFilters) -> Iterator[bytes]:
    """RFC 4180: a header row, CRLF line ends, fields quoted when they need it."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(FIELDS).encode()
    chunk: list[str] = []
    for row in rows(filters):
        chunk.append(writer.writerow([neutralise(_text(row[f])) for f in FIELDS]))
        if len(chunk) >= 500:
            yield "".join(chunk).encode()
            chunk = []
    yield "".join(chunk).encode()


def ndjson_lines(filters: selectors.JobListFilters) -> Iterator[bytes]:
    """One JSON object per line."""
    chunk: list[str] = []
    for row in rows(filters):
        chunk.append(json.dumps({f: _text(row[f]) for f in FIELDS}, ensure_ascii=False) + "\n")
        if len(chunk) >= 500:
            yield "".join(chunk).encode()
            chunk = []
    yield "".join(chunk).encode()
