"""One error format for the whole API.

Validation errors are ``{field: [messages]}``, and so is a status change the lifecycle
forbids (409, on ``status_type``); everything else is ``{"detail": ...}``.
Database outages become 503 here and, for errors raised outside DRF, in
jobs.middleware.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jobs.services import TransitionNotAllowed

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = "Database unavailable. Try again shortly."


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "payload_too_large"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


class DatabaseUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = DATABASE_UNAVAILABLE
    default_code = "database_unavailable"


def is_outage(exc: BaseException) -> bool:
    """True for errors that mean the database cannot be reached, not a bad query."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    try:
        from psycopg_pool import PoolTimeout
    except ImportError:  # pragma: no cover - psycopg_pool is a dependency
        return False
    return isinstance(exc, PoolTimeout)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, TransitionNotAllowed):
        exc = Conflict({"status_type": [str(exc)]})
    elif is_outage(exc):
        logger.warning("database unavailable: %s", exc)
        exc = DatabaseUnavailable()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, ParseError):
        # A body that is not JSON is a validation error of the body as a whole.
        exc = ValidationError(
            {"non_field_errors": [f"Request body is not valid JSON: {exc.detail}"]}
        )
    elif isinstance(exc, DatabaseError):
        logger.exception("database error")
        exc = DatabaseUnavailable()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, Http404):
        response.data = {"detail": "Not found."}
    return response
