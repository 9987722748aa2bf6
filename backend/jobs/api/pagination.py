"""Pagination of GET /api/jobs/: page numbers, or a keyset cursor.

Both fetch one row more than the page to learn whether another page follows, and ask
the selection for its count (JobSelection.count_matching: the counters, the roll-ups,
or a capped search count), so a request costs the same few queries at any size. The
rows are jobs as JSON documents written by PostgreSQL (jobs.documents), which the
answer passes through. A first page that
holds every match is its own count, and then no count is asked for: that is what a rare
search costs most of its time on.

- Page numbers (``page``): OFFSET paging; cost grows with the depth of the page.
- Keyset (``cursor``): WHERE (sort key, id) beyond the last row seen, served by the index
  of the sort, so page 50,000 costs what page 1 does. The cursor is signed, so a
  tampered cursor is refused with a 400.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core import signing
from django.http import Http404, HttpResponse
from django.utils.dateparse import parse_datetime
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request

from jobs.api.filters import single_values
from jobs.documents import PageRow, Position, is_time
from jobs.selectors import JobSelection

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
INVALID_CURSOR = (
    "Invalid cursor. Use the next or previous link of an earlier page, "
    "or an empty cursor for the first page."
)


class PageQuerySerializer(serializers.Serializer[Any]):
    """The paging parameters, with DRF's messages for bad values."""

    page = serializers.IntegerField(
        required=False, min_value=1, max_value=10_000_000, help_text="Page number (page mode)."
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=f"Results per page, 1-{MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
    )
    cursor = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=1000,
        help_text="Keyset mode: empty for the first page, then the cursor from next/previous.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "cursor" in attrs and "page" in attrs:
            raise serializers.ValidationError({"page": [BOTH_MODES]})
        return attrs


BOTH_MODES = "Use either page or cursor, not both."
# Bound once, shared by every request: a serializer instance per request deep-copies its
# fields, which cost a list request as much as its SQL.
PAGING_FIELDS = PageQuerySerializer().fields


def validate_paging(data: Any) -> dict[str, Any]:
    """The paging parameters validated field by field as PageQuerySerializer would,
    with its messages; a 400 naming each bad one."""
    values: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for name, raw in data.items():
        try:
            values[name] = PAGING_FIELDS[name].run_validation(raw)
        except serializers.ValidationError as exc:
            errors[name] = exc.detail
    if not errors and "cursor" in values and "page" in values:
        errors["page"] = [BOTH_MODES]
    if errors:
        raise ValidationError(errors)
    return values


@dataclass(frozen=True)
class Page:
    rows: list[PageRow]
    count: int
    count_capped: bool
    next: str | None
    previous: str | None


def _count(jobs: JobSelection, rows: list[PageRow], *, first: bool, more: bool) -> tuple[int, bool]:
    """The count hook: a first page that holds every match is its own count; otherwise
    the selection's count_matching()."""
    if first and not more:
        return len(rows), False
    return jobs.count_matching()


class KeysetPagination:
    """Keyset mode. Owns the cursor codec: encode_cursor / decode_cursor."""

    salt = "jobs.keyset-cursor"

    def encode_cursor(self, position: Position) -> str:
        payload = {
            "s": ",".join(position.ordering),
            "d": "n" if position.forward else "p",
            "k": [position.value, position.last_id],  # a page row's key: text
        }
        return signing.dumps(payload, salt=self.salt, compress=True)

    def decode_cursor(self, token: str, ordering: tuple[str, ...]) -> Position:
        """The position a cursor of this ``ordering`` names; a 400 for anything else."""
        try:
            payload = signing.loads(token, salt=self.salt)
            key = payload["k"]
            if payload["s"] != ",".join(ordering) or payload["d"] not in ("n", "p"):
                raise ValueError
            if not isinstance(key, list) or len(key) != 2 or not isinstance(key[1], int):
                raise ValueError
            value = self._key_value(ordering, key[0])
        except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from exc
        return Position(ordering, payload["d"] == "n", value, key[1])

    @staticmethod
    def _key_value(ordering: tuple[str, ...], value: Any) -> Any:
        """The sort value of a cursor, typed for its column. Only this server signs
        cursors; still, a value of the wrong type is refused like any bad cursor."""
        if not isinstance(value, str):
            raise ValueError(value)
        if is_time(ordering[0].lstrip("-")):
            moment = parse_datetime(value)
            if moment is None:
                raise ValueError(value)
            return moment
        return value

    def paginate(self, jobs: JobSelection, *, cursor: str, size: int, url: Any) -> Page:
        position = self.decode_cursor(cursor, jobs.ordering) if cursor else None
        forward = position is None or position.forward
        rows = jobs.page(after=position, limit=size + 1)
        more = len(rows) > size
        rows = rows[:size]
        if not forward:
            rows.reverse()

        def link(row: PageRow, ahead: bool) -> str:
            return str(
                url(cursor=self.encode_cursor(Position(jobs.ordering, ahead, row.key, row.id)))
            )

        has_next = more if forward else bool(cursor)
        has_previous = (more if not forward else bool(cursor)) and bool(rows)
        count, capped = _count(jobs, rows, first=not cursor, more=more)
        return Page(
            rows=rows,
            count=count,
            count_capped=capped,
            next=link(rows[-1], True) if rows and has_next else None,
            previous=link(rows[0], False) if has_previous else None,
        )


class PageNumberPagination:
    """Page mode: OFFSET paging. A page past the end is a 404."""

    def paginate(self, jobs: JobSelection, *, page: int, size: int, url: Any) -> Page:
        rows = jobs.page(after=None, limit=size + 1, offset=(page - 1) * size)
        if page > 1 and not rows:
            raise Http404("Page past the end.")
        more = len(rows) > size
        rows = rows[:size]
        count, capped = _count(jobs, rows, first=page == 1, more=more)
        return Page(
            rows=rows,
            count=count,
            count_capped=capped,
            next=url(page=page + 1) if more else None,
            previous=None if page == 1 else url(page=page - 1 if page > 2 else None),
        )


class JobPagination(BasePagination):
    """Keyset mode when ``cursor`` is given (empty for the first page), page mode
    otherwise. The answer is ``{count, count_capped, next, previous, results}``."""

    query_parameters = list(PageQuerySerializer().fields)
    keyset = KeysetPagination()
    numbered = PageNumberPagination()

    def paginate_queryset(  # type: ignore[override]
        self, queryset: JobSelection, request: Request, view: Any = None
    ) -> list[str]:
        """The page's jobs, as the JSON documents PostgreSQL wrote."""
        query = validate_paging(single_values(request.query_params, self.query_parameters))
        size = query.get("page_size", DEFAULT_PAGE_SIZE)

        def url(**changes: Any) -> str:
            kept = {k: v for k, v in request.query_params.items() if k not in ("page", "cursor")}
            kept.update({k: v for k, v in changes.items() if v is not None})
            return request.build_absolute_uri(request.path) + "?" + urlencode(kept)

        if "cursor" in query:
            self.page = self.keyset.paginate(queryset, cursor=query["cursor"], size=size, url=url)
        else:
            self.page = self.numbered.paginate(
                queryset, page=query.get("page", 1), size=size, url=url
            )
        return [row.document for row in self.page.rows]

    def get_paginated_response(self, data: list[str]) -> HttpResponse:  # type: ignore[override]
        """The page as JSON, its jobs' documents passed through as they are."""
        head = json.dumps(
            {
                "count": self.page.count,
                "count_capped": self.page.count_capped,
                "next": self.page.next,
                "previous": self.page.previous,
            },
            ensure_ascii=False,
        )
        body = head[:-1] + ', "results": [' + ", ".join(data) + "]}"
        return HttpResponse(body.encode(), content_type="application/json")

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        nullable_url = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "count_capped", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Matching jobs (a big search stops counting at 10,000).",
                },
                "count_capped": {
                    "type": "boolean",
                    "description": "True when count stopped at 10,000.",
                },
                "next": {**nullable_url, "description": "The next page, or null."},
                "previous": {**nullable_url, "description": "The previous page, or null."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = []
        for name, field in PageQuerySerializer().fields.items():
            schema: dict[str, Any] = {"type": "string"}
            if isinstance(field, serializers.IntegerField):
                schema = {"type": "integer", "minimum": field.min_value, "maximum": field.max_value}
            elif isinstance(field, serializers.CharField):
                schema = {"type": "string", "maxLength": field.max_length}
            parameters.append(
                {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": str(field.help_text),
                    "schema": schema,
                }
            )
        return parameters
