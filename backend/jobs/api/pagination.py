"""Pagination of GET /api/jobs/: page numbers, or a keyset cursor.

Both fetch one row more than the page to learn whether another page follows, and ask
the queryset for its count (JobList.count_matching: the counters row, or a capped
search count), so a request costs the same few queries at any size. A first page that
holds every match is its own count, and then no count is asked for: that is what a rare
search costs most of its time on.

- Page numbers (``page``): OFFSET paging; cost grows with the depth of the page.
- Keyset (``cursor``): WHERE (sort key, id) beyond the last row seen, served by the index
  of the sort, so page 50,000 costs what page 1 does. The cursor is signed, so a
  tampered cursor is refused with a 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.dateparse import parse_datetime
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

from jobs.api.filters import single_values

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
            raise serializers.ValidationError({"page": ["Use either page or cursor, not both."]})
        return attrs


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    count: int
    count_capped: bool
    next: str | None
    previous: str | None


@dataclass(frozen=True)
class Position:
    """Where a keyset page starts: after (or, going back, before) the row whose sort
    value and id these are, in the order ``ordering``."""

    ordering: tuple[str, ...]
    forward: bool
    value: Any
    last_id: int


def _key_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _count(
    queryset: QuerySet[Any], rows: list[Any], *, first: bool, more: bool
) -> tuple[int, bool]:
    """The count hook: a first page that holds every match is its own count; otherwise
    the queryset's count_matching() when it has one (jobs.selectors.JobList)."""
    if first and not more:
        return len(rows), False
    count_matching = getattr(queryset, "count_matching", None)
    if count_matching is not None:
        result: tuple[int, bool] = count_matching()
        return result
    return queryset.count(), False


class KeysetPagination:
    """Keyset mode. Owns the cursor codec: encode_cursor / decode_cursor."""

    salt = "jobs.keyset-cursor"

    def encode_cursor(self, position: Position) -> str:
        payload = {
            "s": ",".join(position.ordering),
            "d": "n" if position.forward else "p",
            "k": [_key_value(position.value), position.last_id],
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
            if not self._key_value_is_valid(ordering, key[0]):
                raise ValueError
        except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from exc
        return Position(ordering, payload["d"] == "n", key[0], key[1])

    @staticmethod
    def _key_value_is_valid(ordering: tuple[str, ...], value: Any) -> bool:
        """Only this server signs cursors; still, a value of the wrong type would fail
        deep in the ORM, so refuse it like any other bad cursor."""
        if not isinstance(value, str):
            return False
        if ordering[0].lstrip("-").endswith("_at"):
            try:
                return parse_datetime(value) is not None
            except ValueError:
                return False
        return True

    @staticmethod
    def beyond(position: Position) -> Q:
        """Rows strictly beyond ``position`` in its direction.

        Written as ``col >= v AND (col > v OR id > i)`` so the index on (col, id) gets a
        range start and only ties on ``col`` are filtered row by row.
        """
        sort_field = position.ordering[0]
        column = sort_field.lstrip("-")
        greater = sort_field.startswith("-") != position.forward
        near, strict = ("gte", "gt") if greater else ("lte", "lt")
        value = position.value
        return Q(**{f"{column}__{near}": value}) & (
            Q(**{f"{column}__{strict}": value}) | Q(**{f"id__{strict}": position.last_id})
        )

    def paginate(self, queryset: QuerySet[Any], *, cursor: str, size: int, url: Any) -> Page:
        ordering = tuple(str(f) for f in queryset.query.order_by)
        forward = True
        page = queryset
        if cursor:
            position = self.decode_cursor(cursor, ordering)
            forward = position.forward
            page = queryset.filter(self.beyond(position))
        rows = list((page if forward else page.reverse())[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if not forward:
            rows.reverse()
        column = ordering[0].lstrip("-")

        def link(row: Any, ahead: bool) -> str:
            position = Position(ordering, ahead, getattr(row, column), row.pk)
            return str(url(cursor=self.encode_cursor(position)))

        has_next = more if forward else bool(cursor)
        has_previous = (more if not forward else bool(cursor)) and bool(rows)
        count, capped = _count(queryset, rows, first=not cursor, more=more)
        return Page(
            rows=rows,
            count=count,
            count_capped=capped,
            next=link(rows[-1], True) if rows and has_next else None,
            previous=link(rows[0], False) if has_previous else None,
        )


class PageNumberPagination:
    """Page mode: OFFSET paging. A page past the end is a 404."""

    def paginate(self, queryset: QuerySet[Any], *, page: int, size: int, url: Any) -> Page:
        offset = (page - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        if page > 1 and not rows:
            raise Http404("Page past the end.")
        more = len(rows) > size
        rows = rows[:size]
        count, capped = _count(queryset, rows, first=page == 1, more=more)
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

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        data = single_values(request.query_params, self.query_parameters)
        params = PageQuerySerializer(data=data)
        params.is_valid(raise_exception=True)
        query = params.validated_data
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
        return self.page.rows

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.page.count,
                "count_capped": self.page.count_capped,
                "next": self.page.next,
                "previous": self.page.previous,
                "results": data,
            }
        )

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
