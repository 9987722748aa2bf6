"""Turns a database outage anywhere in the request (sessions, admin, health) into a
503 JSON answer, and an oversized body into a 413, instead of a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from jobs.api.exceptions import DATABASE_UNAVAILABLE, is_outage

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse({"detail": "Request body too large."}, status=413)
        if is_outage(exception):
            logger.warning("database unavailable: %s", exception)
            return JsonResponse({"detail": DATABASE_UNAVAILABLE}, status=503)
        return None
