"""Error answers as the OpenAPI schema documents them (every view shares these)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR = inline_serializer(
    "Error", fields={"detail": serializers.CharField(help_text="What went wrong.")}
)
VALIDATION_ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Validation error: each offending field or parameter maps to a list of messages.",
)
UNAUTHENTICATED = OpenApiResponse(
    response=ERROR, description="No credentials, or an invalid or expired token or session."
)
FORBIDDEN = OpenApiResponse(
    response=ERROR, description="The signed-in role may not do this (or a CSRF failure)."
)
NOT_FOUND = OpenApiResponse(response=ERROR, description="No job with this id.")
CONFLICT = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="The lifecycle does not allow this status change; the message names the "
    "allowed next statuses.",
)
TOO_LARGE = OpenApiResponse(response=ERROR, description="Request body too large.")
THROTTLED = OpenApiResponse(response=ERROR, description="Too many requests; see Retry-After.")
UNSUPPORTED = OpenApiResponse(response=ERROR, description="Content-Type is not application/json.")
UNAVAILABLE = OpenApiResponse(response=ERROR, description="Database unavailable.")

READ = {401: UNAUTHENTICATED, 403: FORBIDDEN, 503: UNAVAILABLE}
WRITE = {
    400: VALIDATION_ERROR,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    413: TOO_LARGE,
    415: UNSUPPORTED,
    429: THROTTLED,
    503: UNAVAILABLE,
}
