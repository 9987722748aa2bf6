"""Thin views: validate input, call one selector or service, serialize the result."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, cast

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from jobs import documents, rollups, selectors, services
from jobs.api import conditional
from jobs.api import export as export_file
from jobs.api.filters import JobFilterBackend, JobFilterSet, single_values
from jobs.api.pagination import JobPagination
from jobs.api.permissions import IsAdminToDelete, IsOperatorOrReadOnly
from jobs.api.responses import CONFLICT, NOT_FOUND, READ, VALIDATION_ERROR, WRITE
from jobs.api.serializers import (
    ActivityQuerySerializer,
    ActivitySerializer,
    BulkActionSerializer,
    BulkResultSerializer,
    ExportQuerySerializer,
    JobCreateSerializer,
    JobSerializer,
    JobStatusSerializer,
    JobUpdateSerializer,
    StatsSerializer,
)
from jobs.models import Job, JobCounts

MAX_JOB_ID = 2**63 - 1


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


# /api/jobs/. Reads validate their parameters, check the client's ETag, then pass
# through the JSON PostgreSQL writes (jobs.documents); writes validate with their
# input serializer, call one service and answer with what it returns. (A comment, not
# a docstring: drf-spectacular would show a docstring in every operation.)
class JobViewSet(viewsets.GenericViewSet[Job]):
    serializer_class = JobSerializer
    filter_backends = [JobFilterBackend]
    filterset_class = JobFilterSet
    pagination_class = JobPagination
    permission_classes = [IsOperatorOrReadOnly, IsAdminToDelete]
    queryset = Job.objects.none()  # the selectors build every real query

    def _fresh(self, request: Request) -> tuple[JobCounts, str, HttpResponse | None]:
        """The counters, this answer's ETag (from their version), and a 304 when the
        client already has that answer."""
        counts = selectors.job_counts()
        etag = conditional.etag_for(request, counts.version)
        return counts, etag, conditional.not_modified(request, etag)

    @extend_schema(
        responses={200: JobSerializer(many=True), 400: VALIDATION_ERROR, 404: NOT_FOUND, **READ},
        summary="List jobs",
        description=(
            "Page mode with `page`, keyset mode with `cursor` (empty for the first page). "
            "Filter by `status`, order by `sort`, match names with `search`."
        ),
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        jobs = cast(selectors.JobSelection, self.filter_queryset(self.get_queryset()))
        counts, etag, unchanged = self._fresh(request)
        if unchanged:
            return unchanged
        paginator = cast(JobPagination, self.paginator)
        page = paginator.paginate_queryset(replace(jobs, counts=counts), request, view=self)
        return conditional.tagged(paginator.get_paginated_response(page), etag)

    @extend_schema(
        responses={200: JobSerializer, 404: NOT_FOUND, **READ},
        summary="One job with its full history",
    )
    def retrieve(self, request: Request, pk: str) -> HttpResponse:
        job_id = parse_job_id(pk)
        _, etag, unchanged = self._fresh(request)
        if unchanged:
            return unchanged
        document = documents.job(job_id)
        if document is None:
            raise NotFound("Not found.")
        return conditional.tagged(json_response(document), etag)

    @extend_schema(
        request=JobCreateSerializer,
        responses={201: JobSerializer, **WRITE},
        summary="Create a job (initial status PENDING)",
    )
    def create(self, request: Request) -> HttpResponse:
        data = JobCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = services.job_create(name=data.validated_data["name"], actor=request.user)
        return json_response(job.document, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=JobUpdateSerializer,
        responses={200: JobSerializer, 404: NOT_FOUND, 409: CONFLICT, **WRITE},
        summary="Change the status (following the lifecycle) and/or rename",
    )
    def partial_update(self, request: Request, pk: str) -> HttpResponse:
        job_id = parse_job_id(pk)
        data = JobUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            job = services.job_update(job_id=job_id, actor=request.user, **data.validated_data)
        except Job.DoesNotExist as exc:
            raise NotFound("Not found.") from exc
        return json_response(job.document)

    @extend_schema(
        responses={204: None, 404: NOT_FOUND, 429: WRITE[429], **READ},
        summary="Delete a job and its history",
    )
    def destroy(self, request: Request, pk: str) -> Response:
        try:
            services.job_delete(job_id=parse_job_id(pk))
        except Job.DoesNotExist as exc:
            raise NotFound("Not found.") from exc
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={200: JobStatusSerializer(many=True), 404: NOT_FOUND, **READ},
        summary="A job's statuses, oldest to newest",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, pk: str) -> HttpResponse:
        job_id = parse_job_id(pk)
        _, etag, unchanged = self._fresh(request)
        if unchanged:
            return unchanged
        document = documents.history(job_id)
        if document is None:
            raise NotFound("Not found.")
        return conditional.tagged(json_response(document), etag)

    @extend_schema(
        request=BulkActionSerializer,
        responses={200: BulkResultSerializer, **WRITE},
        summary="Set a status on, or delete, many jobs at once",
        description=(
            "Target `ids` (at most 1,000) or a `filter` with the list's filters. Jobs the "
            "lifecycle does not let go to `status_type` are skipped, never an error. "
            "`dry_run` counts without changing anything. set_status needs an operator, "
            f"delete an admin. At most {settings.BULK_MAX_JOBS:,} jobs per action."
        ),
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def bulk(self, request: Request) -> Response:
        data = BulkActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        query = data.validated_data
        target: selectors.BulkTarget = query["target"]
        status_type = query.get("status_type")
        preview = services.bulk_preview(
            counts_by_status=target.counts_by_status(), status_type=status_type
        )
        if preview.matched > settings.BULK_MAX_JOBS:
            raise ValidationError(
                {
                    "filter": [
                        f"This matches {preview.matched:,} jobs; a bulk action takes at most "
                        f"{settings.BULK_MAX_JOBS:,}. Narrow the filter."
                    ]
                }
            )
        if query["dry_run"]:
            result = preview
        elif query["action"] == "delete":
            result = services.jobs_bulk_delete(jobs=target.jobs())
        else:
            result = services.jobs_bulk_set_status(
                jobs=target.jobs(),
                status_type=status_type,
                reason=query.get("reason", ""),
                actor=request.user,
            )
        return Response(BulkResultSerializer(result).data)

    @extend_schema(
        parameters=[ExportQuerySerializer],
        filters=True,  # the list's filters and sort (not a list view to drf-spectacular)
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, with a header."),
            (200, "application/x-ndjson"): OpenApiResponse(
                OpenApiTypes.STR, description="One JSON object a line."
            ),
            400: VALIDATION_ERROR,
            **READ,
        },
        summary="Every job matching the list's filters, in its order, as a file",
        description="Streams all matches (no paging) with the list's filters and sort: "
        "id, name, current_status, current_status_at, created_at, updated_at, created_by. "
        "In CSV, a cell starting with =, +, -, @ is prefixed with ' so that a spreadsheet "
        "shows it as text.",
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: Request) -> StreamingHttpResponse:
        params = ExportQuerySerializer(data=single_values(request.query_params, ["format"]) or {})
        params.is_valid(raise_exception=True)
        jobs = cast(selectors.JobSelection, self.filter_queryset(self.get_queryset()))
        fmt = params.validated_data["format"]
        write = export_file.csv_lines if fmt == "csv" else export_file.ndjson_lines
        stamp = timezone.now().strftime("%Y-%m-%d-%H%M%S")
        response = StreamingHttpResponse(
            write(jobs),
            content_type="text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson",
        )
        response["Content-Disposition"] = f'attachment; filename="jobs-{stamp}.{fmt}"'
        # nginx passes it on as it comes (see nginx.conf) instead of spooling the file.
        response["X-Accel-Buffering"] = "no"
        return response

    @extend_schema(
        parameters=[ActivityQuerySerializer],
        responses={200: ActivitySerializer, 400: VALIDATION_ERROR, **READ},
        summary="Jobs created and status changes per hour or day",
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def activity(self, request: Request) -> HttpResponse:
        params = ActivityQuerySerializer(data=single_values(request.query_params, ["range"]))
        params.is_valid(raise_exception=True)
        return json_response(rollups.activity(range_name=params.validated_data["range"]))

    @extend_schema(responses={200: StatsSerializer, **READ}, summary="Job counts by status")
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def stats(self, request: Request) -> HttpResponse:
        counts, etag, unchanged = self._fresh(request)
        if unchanged:
            return unchanged
        body = {"total": counts.total, "by_status": counts.by_status(), "version": counts.version}
        return conditional.tagged(json_response(json.dumps(body)), etag)


def json_response(text: str, status: int = 200) -> HttpResponse:
    """An answer whose JSON is already written (by PostgreSQL, see jobs.documents)."""
    return HttpResponse(text.encode(), content_type="application/json", status=status)


def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure to reach the database is "unavailable"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
