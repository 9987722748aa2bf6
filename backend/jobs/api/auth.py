"""Sign-in for the browser: POST /api/auth/login/, POST /api/auth/logout/, GET
/api/auth/me/. Scripts use API tokens instead (jobs.api.authentication).

Sign-in is a session (Django's), with CSRF enforced on every session write, sign-in
included. Failed sign-ins are counted by django-axes, per client address and per
username; past the limit both are locked out for a while with a 429 and Retry-After.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.api.responses import (
    FORBIDDEN,
    THROTTLED,
    UNAUTHENTICATED,
    UNAVAILABLE,
    VALIDATION_ERROR,
)
from jobs.api.serializers import StrictSerializer
from jobs.roles import ROLES, role_of

BAD_CREDENTIALS = "Wrong username or password."


def client_ip(request: HttpRequest) -> str:
    """The client's address as the nearest trusted proxy saw it: with NUM_PROXIES
    proxies in front (nginx: 1), the entry that many places from the right of
    X-Forwarded-For, which a client cannot forge; without proxies, REMOTE_ADDR."""
    proxies: int = settings.NUM_PROXIES
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        return hops[-min(proxies, len(hops))]
    return str(request.META.get("REMOTE_ADDR", ""))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: JSON, 429, with Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = JsonResponse(
        {
            "detail": f"Too many failed sign-ins. Try again in {_duration(seconds)}.",
            "retry_after": seconds,
        },
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(seconds)
    return response


def _duration(seconds: int) -> str:
    if seconds % 60 == 0 and seconds >= 60:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


class LoginSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150, help_text="Your username.")
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, help_text="Your password."
    )


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(help_text="Who is signed in.")
    role = serializers.ChoiceField(
        choices=ROLES,
        allow_null=True,
        help_text="viewer reads; operator also creates and changes jobs; admin also deletes. "
        "Null: no role yet.",
    )


def me_payload(user: Any) -> dict[str, Any]:
    return {"username": user.get_username(), "role": role_of(user)}


class LoginView(APIView):
    """Anyone may try; the session cookie is the prize, so CSRF is checked first."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: MeSerializer,
            400: VALIDATION_ERROR,
            403: FORBIDDEN,
            429: THROTTLED,
            503: UNAVAILABLE,
        },
        summary="Sign in (browser session)",
        auth=[],
    )
    def post(self, request: Request) -> Response | HttpResponse:
        SessionAuthentication().enforce_csrf(request)
        data = LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        http_request = request._request
        user = authenticate(
            http_request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(http_request, "axes_locked_out", False):
            return lockout_response(http_request)
        if user is None:
            return Response(
                {"non_field_errors": [BAD_CREDENTIALS]}, status=status.HTTP_400_BAD_REQUEST
            )
        login(http_request, user)
        return Response(me_payload(user))


class LogoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: None, 401: UNAUTHENTICATED, 403: FORBIDDEN, 503: UNAVAILABLE},
        summary="Sign out (end the browser session)",
    )
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@method_decorator(ensure_csrf_cookie, name="dispatch")
class MeView(APIView):
    """Also hands the browser its CSRF cookie, signed in or not."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: MeSerializer, 401: UNAUTHENTICATED, 503: UNAVAILABLE},
        summary="Who is signed in, and their role",
    )
    def get(self, request: Request) -> Response:
        return Response(me_payload(request.user))
