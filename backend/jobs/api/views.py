"""Thin views: validate input, call one selector or service, serialize the result."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from jobs import selectors, services
from jobs.api.pagination import DEFAULT_PAGE_SIZE, paginate_by_cursor, paginate_by_number
from jobs.api.serializers import (
    JobCreateSerializer,
    JobListQuerySerializer,
    JobSerializer,
    JobStatusSerializer,
    JobUpdateSerializer,
    StatsSerializer,
)
from jobs.models import Job

MAX_JOB_ID = 2**63 - 1

ERROR = inline_serializer(
    "Error", fields={"detail": serializers.CharField(help_text="What went wrong.")}
)
VALIDATION_ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Validation error: each offending field or parameter maps to a list of messages.",
)
NOT_FOUND = OpenApiResponse(response=ERROR, description="No job with this id.")
TOO_LARGE = OpenApiResponse(response=ERROR, description="Request body too large.")
THROTTLED = OpenApiResponse(response=ERROR, description="Too many writes; see Retry-After.")
UNSUPPORTED = OpenApiResponse(response=ERROR, description="Content-Type is not application/json.")
UNAVAILABLE = OpenApiResponse(response=ERROR, description="Database unavailable.")
COMMON = {503: UNAVAILABLE}
WRITE = {
    400: VALIDATION_ERROR,
    413: TOO_LARGE,
    415: UNSUPPORTED,
    429: THROTTLED,
    503: UNAVAILABLE,
}


# many=False: the list action returns one page object, not an array of pages.
@extend_schema_serializer(many=False, component_name="PaginatedJobList")
class JobPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="Matching jobs (capped at 10,000 for big searches).")
    count_capped = serializers.BooleanField(help_text="True when count stopped at 10,000.")
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, or null.")
    results = JobSerializer(many=True)


class WriteThrottle(SimpleRateThrottle):
    """Per-client limit on writes (POST, PATCH, DELETE); reads are not limited."""

    scope = "writes"

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def parse_job_id(raw: Any) -> int:
    """Ids outside 1..bigint max cannot exist: a 404, as for any other missing job.

    Only plain ASCII digits name a job: ``int()`` would also read "+1", " 1", "1_0" and
    other scripts' digits as numbers, giving one job many URLs.
    """
    text = str(raw)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_JOB_ID)):
        raise NotFound("Not found.")
    job_id = int(text)
    if not 1 <= job_id <= MAX_JOB_ID:
        raise NotFound("Not found.")
    return job_id


def single_values(request: Request) -> dict[str, str]:
    """Query parameters as single values: a repeated status is a union, any other
    repeated parameter is an error, and an empty one counts as absent (except cursor,
    where empty means the first keyset page)."""
    values: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    known = JobListQuerySerializer().fields
    for key, items in request.query_params.lists():
        if key not in known:
            continue
        if key == "status":
            joined = ",".join(i for i in items if i.strip())
            if joined:
                values[key] = joined
            continue
        if len(items) > 1:
            errors[key] = [f"Give {key} only once."]
            continue
        if items[0] != "" or key == "cursor":
            values[key] = items[0]
    if errors:
        raise ValidationError(errors)
    return values


class JobViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Job],
):
    serializer_class = JobSerializer
    throttle_classes = [WriteThrottle]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    queryset = Job.objects.none()  # the selectors build every real query

    def get_queryset(self) -> Any:
        return Job.objects.all()

    @extend_schema(
        parameters=[JobListQuerySerializer],
        responses={200: JobPageSerializer, 400: VALIDATION_ERROR, 404: NOT_FOUND, **COMMON},
        summary="List jobs",
        description=(
            "Page mode with `page`, keyset mode with `cursor` (empty for the first page). "
            "Filter by `status`, order by `sort`, match names with `search`."
        ),
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = JobListQuerySerializer(data=single_values(request))
        params.is_valid(raise_exception=True)
        query = params.validated_data
        filters = selectors.JobListFilters(
            statuses=query.get("status", ()), search=query.get("search", ""), sort=query["sort"]
        )
        queryset = selectors.job_list(filters=filters)

        def count() -> tuple[int, bool]:
            return selectors.job_count(filters=filters)

        size = query.get("page_size", DEFAULT_PAGE_SIZE)
        if "cursor" in query:
            page = paginate_by_cursor(
                queryset,
                request,
                cursor=query["cursor"],
                sort=filters.sort,
                size=size,
                count=count,
            )
        else:
            page = paginate_by_number(
                queryset, request, page=query.get("page", 1), size=size, count=count
            )
        return Response(page.as_dict(JobSerializer(page.results, many=True).data))

    @extend_schema(
        request=JobCreateSerializer,
        responses={201: JobSerializer, **WRITE},
        summary="Create a job (initial status PENDING)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = JobCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.job_create(name=data.validated_data["name"])
        return Response(JobSerializer(selectors.job_get(job_id=job.pk)).data, status=201)

    @extend_schema(
        responses={200: JobSerializer, 404: NOT_FOUND, **COMMON},
        summary="One job with its full history",
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(JobSerializer(self._get(kwargs["pk"])).data)

    @extend_schema(
        request=JobUpdateSerializer,
        responses={200: JobSerializer, 404: NOT_FOUND, **WRITE},
        summary="Append a status and/or rename",
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        job_id = parse_job_id(kwargs["pk"])
        data = JobUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.job_update(job_id=job_id, **data.validated_data)
        except Job.DoesNotExist as exc:
            raise NotFound("Not found.") from exc
        return Response(JobSerializer(self._get(job_id)).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not kwargs.get("partial"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        responses={204: None, 404: NOT_FOUND, 429: THROTTLED, 503: UNAVAILABLE},
        summary="Delete a job and its history",
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            services.job_delete(job_id=parse_job_id(kwargs["pk"]))
        except Job.DoesNotExist as exc:
            raise NotFound("Not found.") from exc
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={200: JobStatusSerializer(many=True), 404: NOT_FOUND, **COMMON},
        summary="A job's statuses, oldest to newest",
    )
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        job_id = parse_job_id(pk)
        if not Job.objects.filter(pk=job_id).exists():
            raise NotFound("Not found.")
        return Response(JobStatusSerializer(selectors.job_history(job_id=job_id), many=True).data)

    @extend_schema(responses={200: StatsSerializer, **COMMON}, summary="Job counts by status")
    @action(detail=False, methods=["get"])
    def stats(self, request: Request) -> Response:
        counts = selectors.job_counts()
        return Response(
            {"total": counts.total, "by_status": counts.by_status(), "version": counts.version}
        )

    def _get(self, raw_id: Any) -> Job:
        try:
            return selectors.job_get(job_id=parse_job_id(raw_id))
        except Job.DoesNotExist as exc:
            raise NotFound("Not found.") from exc


def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure to reach the database is "unavailable"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
