"""Input and output shapes of the jobs API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobs.models import NAME_MAX_LENGTH, REASON_MAX_LENGTH, Job, JobStatus, StatusType
from jobs.selectors import BulkTarget, JobListFilters

STATUS_CHOICES = ", ".join(StatusType.values)


JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
}


def not_an_object(data: Any) -> str:
    kind = "null" if data is None else JSON_TYPES.get(type(data), type(data).__name__)
    return f"The body must be a JSON object, not {kind}."


class StrictSerializer(serializers.Serializer[Any]):
    """Rejects unknown fields and bodies that are not JSON objects, with field-keyed
    messages, instead of silently ignoring them."""

    # Unknown field -> a hint at the field that was probably meant.
    hints: dict[str, str] = {}

    _shared_fields: ClassVar[Any] = None

    @property
    def fields(self) -> Any:
        """The fields, bound once per class to an instance without data and shared by
        every instance after it. DRF deep-copies and binds them for each instance, a
        tenth of a status change's CPU; these serializers never change their fields
        and read nothing from the instance the fields are bound to."""
        cls = type(self)
        shared = cls.__dict__.get("_shared_fields")  # this class's own, not a parent's
        if shared is None:
            shared = serializers.Serializer.fields.func(cls())  # type: ignore[attr-defined]
            cls._shared_fields = shared
        return shared

    def run_validation(self, data: Any = serializers.empty) -> Any:
        # DRF answers a JSON null body with a bare "No data provided".
        if data is None:
            raise serializers.ValidationError({"non_field_errors": [not_an_object(data)]})
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [not_an_object(data)]})
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            allowed = ", ".join(self.fields)
            errors = {}
            for key in unknown:
                hint = self.hints.get(key)
                errors[key] = [
                    f"Unknown field. Did you mean '{hint}'? Allowed fields: {allowed}."
                    if hint
                    else f"Unknown field. Allowed fields: {allowed}."
                ]
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def name_field(*, required: bool) -> serializers.CharField:
    return serializers.CharField(
        required=required,
        max_length=NAME_MAX_LENGTH,
        trim_whitespace=True,
        allow_blank=False,
        help_text="Job name: 1-200 characters after trimming surrounding whitespace; any text.",
        error_messages={
            "blank": "Name must not be blank.",
            "required": "Name is required.",
            "max_length": f"Name must be at most {NAME_MAX_LENGTH} characters.",
            "null": "Name must be a string, not null.",
            "invalid": "Name must be a string.",
        },
    )


def reject_non_strings(data: Any, *names: str) -> None:
    """DRF's CharField turns numbers into strings; a name must arrive as a string."""
    if isinstance(data, dict):
        errors = {
            n: ["Must be a string."]
            for n in names
            if n in data and data[n] is not None and not isinstance(data[n], str)
        }
        if errors:
            raise serializers.ValidationError(errors)


class JobCreateSerializer(StrictSerializer):
    hints = {"title": "name", "job_name": "name"}
    name = name_field(required=True)

    def to_internal_value(self, data: Any) -> Any:
        reject_non_strings(data, "name")
        return super().to_internal_value(data)


class JobUpdateSerializer(StrictSerializer):
    hints = {"status": "status_type", "state": "status_type", "current_status": "status_type"}
    name = name_field(required=False)
    status_type = serializers.ChoiceField(
        choices=StatusType.choices,
        required=False,
        help_text="Append this status to the job's history and make it current.",
        error_messages={
            "invalid_choice": f'"{{input}}" is not a valid status. Use one of: {STATUS_CHOICES}.',
            "null": f"Status must be one of: {STATUS_CHOICES}.",
        },
    )

    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=REASON_MAX_LENGTH,
        trim_whitespace=True,
        help_text=f"Why the status changes (optional, at most {REASON_MAX_LENGTH} characters); "
        "kept in the history.",
        error_messages={
            "max_length": f"Reason must be at most {REASON_MAX_LENGTH} characters.",
            "null": "Reason must be a string, not null.",
        },
    )

    def to_internal_value(self, data: Any) -> Any:
        reject_non_strings(data, "name", "status_type", "reason")
        return super().to_internal_value(data)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "reason" in attrs and "status_type" not in attrs:
            raise serializers.ValidationError(
                {"reason": ["A reason goes with a status change: give status_type too."]}
            )
        if not attrs:
            raise serializers.ValidationError(
                {"non_field_errors": ["Give at least one of: status_type, name."]}
            )
        return attrs


def iso_timestamp(value: datetime) -> str:
    """What DRF's DateTimeField writes with USE_TZ and TIME_ZONE "UTC": ISO 8601 in
    UTC, with "Z" for the offset."""
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def status_output(status: JobStatus) -> dict[str, Any]:
    return {
        "id": status.id,
        "status_type": status.status_type,
        "timestamp": iso_timestamp(status.timestamp),
        "actor": status.actor.get_username() if status.actor is not None else None,
        "reason": status.reason or None,
    }


def history_of(job: Job) -> list[JobStatus]:
    """A job's statuses, oldest first: its whole ``history`` (detail) or, in lists, the
    prefetched newest ten (``recent_statuses``, newest first), reversed."""
    history = getattr(job, "history", None)
    if history is None:
        history = list(reversed(getattr(job, "recent_statuses", [])))
    return list(history)


# The output serializers below write their dicts by hand: DRF's generic field-by-field
# path was a third of a list page's server time (20 jobs, up to 200 statuses). Their
# declared fields still describe the OpenAPI schema, and a test pins the output to
# what the generic path would write.


class BlankAsNullCharField(serializers.CharField):
    """A text that is stored blank when absent and shown as null."""

    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        return str(value) if value else None


class JobStatusSerializer(serializers.ModelSerializer[JobStatus]):
    actor = serializers.CharField(
        source="actor.username",
        read_only=True,
        allow_null=True,
        help_text="Who made the change: a username, or null for system loads.",
    )
    reason = BlankAsNullCharField(
        read_only=True, allow_null=True, help_text="Why, or null if no reason was given."
    )

    class Meta:
        model = JobStatus
        fields = ["id", "status_type", "timestamp", "actor", "reason"]
        # Output only: every field is always sent (the schema marks them required).
        read_only_fields = fields

    def to_representation(self, instance: JobStatus) -> dict[str, Any]:
        return status_output(instance)


class StatusHistorySerializer(serializers.ListSerializer[JobStatus]):
    """The ``status_history`` field: see history_of."""

    def get_attribute(self, instance: Any) -> Any:
        return history_of(instance)


class JobSerializer(serializers.ModelSerializer[Job]):
    status_history = StatusHistorySerializer(
        child=JobStatusSerializer(),
        read_only=True,
        help_text="Statuses oldest to newest. In lists, at most the newest 10.",
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "name",
            "current_status",
            "current_status_at",
            "created_at",
            "updated_at",
            "status_history",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Job) -> dict[str, Any]:
        return {
            "id": instance.id,
            "name": instance.name,
            "current_status": instance.current_status,
            "current_status_at": iso_timestamp(instance.current_status_at),
            "created_at": iso_timestamp(instance.created_at),
            "updated_at": iso_timestamp(instance.updated_at),
            "status_history": [status_output(s) for s in history_of(instance)],
        }


class StatsSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField(help_text="Number of jobs.")
    by_status = serializers.DictField(
        child=serializers.IntegerField(), help_text="Jobs per current status; every status present."
    )
    version = serializers.IntegerField(
        help_text="Grows with every write to any job; poll it to learn that something changed."
    )


BULK_MAX_IDS = 1000
BULK_FILTER_KEYS = ("status", "search", "created_after", "created_before", "changed_after")
TIME = {"type": "string", "format": "date-time"}


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "status": {"type": "string", "description": "One status or several, comma-separated."},
            "search": {"type": "string", "maxLength": NAME_MAX_LENGTH},
            "created_after": TIME,
            "created_before": TIME,
            "changed_after": TIME,
        },
    }
)
class BulkFilterField(serializers.DictField):
    """The list's filters as an object (validated by the list's own FilterSet)."""


class BulkActionSerializer(StrictSerializer):
    """POST /api/jobs/bulk/: one action on listed jobs or on every job matching a filter."""

    hints = {"status": "status_type", "job_ids": "ids", "filters": "filter"}
    action = serializers.ChoiceField(
        choices=["set_status", "delete"],
        help_text="set_status (operators) or delete (admins).",
        error_messages={"invalid_choice": '"{input}" is not an action. Use set_status or delete.'},
    )
    status_type = serializers.ChoiceField(
        choices=StatusType.choices,
        required=False,
        help_text="For set_status: the status to move to. Jobs the lifecycle does not let go "
        "there are skipped.",
        error_messages={
            "invalid_choice": f'"{{input}}" is not a valid status. Use one of: {STATUS_CHOICES}.'
        },
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=REASON_MAX_LENGTH,
        help_text="For set_status: why (kept in each job's history).",
        error_messages={"max_length": f"Reason must be at most {REASON_MAX_LENGTH} characters."},
    )
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        min_length=1,
        max_length=BULK_MAX_IDS,
        help_text=f"The jobs to act on, by id (1 to {BULK_MAX_IDS:,}). Give this or filter.",
        error_messages={
            "max_length": f"Give at most {BULK_MAX_IDS:,} ids, or use filter.",
            "min_length": "Give at least one id.",
        },
    )
    filter = BulkFilterField(
        required=False,
        help_text="Every job matching these list filters: "
        + ", ".join(BULK_FILTER_KEYS)
        + " (as in GET /api/jobs/). Give this or ids.",
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Count what would change; change nothing."
    )

    def to_internal_value(self, data: Any) -> Any:
        reject_non_strings(data, "action", "status_type", "reason")
        return super().to_internal_value(data)

    def validate_filter(self, value: dict[str, Any]) -> JobListFilters:
        from jobs.api.filters import JobFilterSet

        unknown = sorted(set(value) - set(BULK_FILTER_KEYS))
        if unknown:
            raise serializers.ValidationError(
                [f"Unknown filter {key!r}. Use: {', '.join(BULK_FILTER_KEYS)}." for key in unknown]
            )
        data = QueryDict(mutable=True)
        for key, item in value.items():
            if not isinstance(item, str):
                raise serializers.ValidationError({key: ["Must be a string."]})
            if item != "":
                data[key] = item
        filterset = JobFilterSet(data=data)
        if not filterset.is_valid():
            raise serializers.ValidationError(
                {k: [str(m) for m in v] for k, v in filterset.errors.items()}
            )
        return filterset.list_filters()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        if ("ids" in attrs) == ("filter" in attrs):
            errors["non_field_errors"] = ["Give exactly one target: ids or filter."]
        if attrs["action"] == "set_status" and "status_type" not in attrs:
            errors["status_type"] = ["set_status needs a status_type."]
        if attrs["action"] == "delete":
            for field in ("status_type", "reason"):
                if field in attrs:
                    errors[field] = [f"delete takes no {field}."]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["target"] = BulkTarget(
            ids=tuple(dict.fromkeys(attrs["ids"])) if "ids" in attrs else None,
            filters=attrs.get("filter"),
        )
        return attrs


class BulkResultSerializer(serializers.Serializer[Any]):
    matched = serializers.IntegerField(help_text="Jobs the target names that exist.")
    changed = serializers.IntegerField(help_text="Jobs changed (or, in a dry run, that would be).")
    skipped = serializers.IntegerField(
        help_text="Matched jobs left alone: the lifecycle does not lead to the status asked "
        "for, or they have it already."
    )


class ExportQuerySerializer(serializers.Serializer[Any]):
    format = serializers.ChoiceField(
        choices=["csv", "ndjson"],
        default="csv",
        help_text="csv (RFC 4180, with a header row) or ndjson (one JSON object a line).",
        error_messages={"invalid_choice": '"{input}" is not an export format. Use csv or ndjson.'},
    )


class ActivityQuerySerializer(serializers.Serializer[Any]):
    range = serializers.ChoiceField(
        choices=["24h", "7d", "30d"],
        default="24h",
        help_text="24h (hourly buckets), 7d or 30d (daily buckets, UTC days).",
        error_messages={"invalid_choice": '"{input}" is not a range. Use 24h, 7d or 30d.'},
    )


class ActivityPointSerializer(serializers.Serializer[Any]):
    t = serializers.DateTimeField(help_text="Start of the bucket (UTC).")
    created = serializers.IntegerField(help_text="Jobs created in the bucket (that still exist).")
    RUNNING = serializers.IntegerField(help_text="Status changes into RUNNING.")
    COMPLETED = serializers.IntegerField(help_text="Status changes into COMPLETED.")
    FAILED = serializers.IntegerField(help_text="Status changes into FAILED.")


class ActivitySerializer(serializers.Serializer[Any]):
    bucket = serializers.ChoiceField(choices=["hour", "day"], help_text="Size of each bucket.")
    series = ActivityPointSerializer(many=True, help_text="Oldest bucket first; the last is now.")
