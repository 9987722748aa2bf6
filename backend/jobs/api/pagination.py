"""Two ways to page through GET /api/jobs/.

Both fetch one row more than the page to learn whether another page follows, and take
the count from selectors.job_count, so a request costs the same few queries at any size.
A first page that holds every match is its own count, and then no count is asked for:
that is what a rare search costs most of its time on.

- Page numbers (``page``): OFFSET paging; cost grows with the depth of the page.
- Keyset (``cursor``): WHERE (sort key, id) beyond the last row seen, served by the index
  of the sort, so page 50,000 costs what page 1 does. The cursor is signed, so a
  tampered cursor is refused with a 400.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from jobs.models import Job
from jobs.selectors import SORTS

DEFAULT_PAGE_SIZE = 20
CURSOR_SALT = "jobs.keyset-cursor"
INVALID_CURSOR = (
    "Invalid cursor. Use the next or previous link of an earlier page, "
    "or an empty cursor for the first page."
)


Count = Callable[[], tuple[int, bool]]


def _total(rows: list[Job], *, first_page: bool, more: bool, count: Count) -> tuple[int, bool]:
    if first_page and not more:
        return len(rows), False
    return count()


@dataclass
class Page:
    results: list[Job]
    count: int
    count_capped: bool
    next: str | None
    previous: str | None

    def as_dict(self, data: Any) -> dict[str, Any]:
        return {
            "count": self.count,
            "count_capped": self.count_capped,
            "next": self.next,
            "previous": self.previous,
            "results": data,
        }


def _url(request: Request, **params: Any) -> str:
    query = {k: v for k, v in request.query_params.items() if k not in ("page", "cursor")}
    query.update({k: v for k, v in params.items() if v is not None})
    return request.build_absolute_uri(request.path) + "?" + urlencode(query)


def paginate_by_number(
    queryset: QuerySet[Job], request: Request, *, page: int, size: int, count: Count
) -> Page:
    offset = (page - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    if page > 1 and not rows:
        raise Http404("Page past the end.")
    has_next = len(rows) > size
    rows = rows[:size]
    total, capped = _total(rows, first_page=page == 1, more=has_next, count=count)
    return Page(
        results=rows,
        count=total,
        count_capped=capped,
        next=_url(request, page=page + 1) if has_next else None,
        previous=(None if page == 1 else _url(request, page=page - 1 if page > 2 else None)),
    )


def _key(job: Job, field: str) -> Any:
    value = getattr(job, field)
    return value.isoformat() if isinstance(value, datetime) else value


def _key_value_is_valid(ordering: tuple[str, ...], value: Any) -> bool:
    """A cursor is signed, so only this server makes them; still, a value of the wrong
    type would fail deep in the ORM, so refuse it like any other bad cursor."""
    if not isinstance(value, str):
        return False
    if ordering[0].lstrip("-") == "created_at":
        try:
            return parse_datetime(value) is not None
        except ValueError:
            return False
    return True


def _after(ordering: tuple[str, ...], key: list[Any], *, forward: bool) -> Q:
    """Rows strictly beyond ``key`` in the order ``ordering`` (or before it).

    Written as ``col >= v AND (col > v OR id > i)`` so the index on (col, id) gets a
    range start and only ties on ``col`` are filtered row by row.
    """
    sort_field = ordering[0]
    descending = sort_field.startswith("-")
    column = sort_field.lstrip("-")
    value, last_id = key
    greater = descending != forward  # moving toward larger values?
    near, strict, id_op = ("gte", "gt", "gt") if greater else ("lte", "lt", "lt")
    return Q(**{f"{column}__{near}": value}) & (
        Q(**{f"{column}__{strict}": value}) | Q(**{f"id__{id_op}": last_id})
    )


def paginate_by_cursor(
    queryset: QuerySet[Job],
    request: Request,
    *,
    cursor: str,
    sort: str,
    size: int,
    count: Count,
) -> Page:
    ordering = SORTS[sort]
    forward = True
    if cursor:
        try:
            payload = signing.loads(cursor, salt=CURSOR_SALT)
            forward = payload["d"] == "n"
            key = payload["k"]
            if payload["s"] != sort or not isinstance(key, list) or len(key) != 2:
                raise ValueError
            if not isinstance(key[1], int) or not _key_value_is_valid(ordering, key[0]):
                raise ValueError
        except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from exc
        queryset = queryset.filter(_after(ordering, key, forward=forward))
    if not forward:
        queryset = queryset.reverse()
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    column = ordering[0].lstrip("-")

    def link(job: Job, direction: str) -> str:
        token = signing.dumps(
            {"s": sort, "d": direction, "k": [_key(job, column), job.pk]},
            salt=CURSOR_SALT,
            compress=True,
        )
        return _url(request, cursor=token)

    has_next = more if forward else bool(cursor)
    has_previous = (more if not forward else bool(cursor)) and bool(rows)
    total, capped = _total(rows, first_page=not cursor, more=more, count=count)
    return Page(
        results=rows,
        count=total,
        count_capped=capped,
        next=link(rows[-1], "n") if rows and has_next else None,
        previous=link(rows[0], "p") if has_previous else None,
    )
