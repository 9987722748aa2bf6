"""Post-processing of the generated OpenAPI schema (drf-spectacular hook)."""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from jobs.models import NAME_MAX_LENGTH, REASON_MAX_LENGTH, StatusType


def allow_empty_query_values(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Mark every query parameter ``allowEmptyValue``.

    An empty query parameter counts as absent (``?status=`` lists every status) and an
    empty ``cursor`` asks for the first keyset page, so an empty value is valid input
    even where the parameter's schema has a minimum length or an enum.
    """
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result


# What Python's str.strip() removes (and so DRF's and Django's trimming), as a regex
# class; N is any other character but NUL, which the API refuses everywhere.
SPACE = (
    "\\t\\n\\u000b\\u000c\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680"
    "\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
)
W, N, ANY = f"[{SPACE}]", f"[^\\u0000{SPACE}]", "[^\\u0000]"


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" for c in word)


# What api.filters.StatusListField takes: statuses in any case, comma-separated, each
# trimmed, empty items ignored, at least one status.
STATUS_ITEM = "(" + "|".join(_any_case(s) for s in StatusType.values) + ")"
STATUS_LIST = f"^({W}*{STATUS_ITEM}?{W}*,)*{W}*{STATUS_ITEM}{W}*(,{W}*{STATUS_ITEM}?{W}*)*$"
# An ISO 8601 time the API reads (year 0 is ISO 8601 but no Python date).
TIME_PATTERN = "^(?!0000)"


def trimmed_text(max_length: int, *, blank: bool) -> str:
    """A pattern for text that, trimmed of surrounding whitespace, is at most
    ``max_length`` characters (at least one unless ``blank``), with no NUL."""
    inner = f"{N}|{N}{ANY}{{0,{max_length - 2}}}{N}"
    return f"^{W}*({'|' if blank else ''}{inner}){W}*$"


# Request bodies whose rules involve several fields: what JSON Schema can say of them.
# Under allOf, so that generated client types stay the plain object.
BODY_RULES: dict[str, list[dict[str, Any]]] = {
    # At least one of status_type and name; a reason only with a status_type.
    "PatchedJobUpdateRequest": [
        {"anyOf": [{"required": ["status_type"]}, {"required": ["name"]}]},
        {"not": {"required": ["reason"], "not": {"required": ["status_type"]}}},
    ],
    # Exactly one target; set_status with a status_type, delete with neither it nor a
    # reason.
    "BulkActionRequest": [
        {"oneOf": [{"required": ["ids"]}, {"required": ["filter"]}]},
        {
            "anyOf": [
                {"properties": {"action": {"enum": ["set_status"]}}, "required": ["status_type"]},
                {
                    "properties": {"action": {"enum": ["delete"]}},
                    "not": {"anyOf": [{"required": ["status_type"]}, {"required": ["reason"]}]},
                },
            ]
        },
    ],
}
TEXT_RULES = {
    ("JobCreateRequest", "name"): trimmed_text(NAME_MAX_LENGTH, blank=False),
    ("PatchedJobUpdateRequest", "name"): trimmed_text(NAME_MAX_LENGTH, blank=False),
    ("PatchedJobUpdateRequest", "reason"): trimmed_text(REASON_MAX_LENGTH, blank=True),
    ("BulkActionRequest", "reason"): trimmed_text(REASON_MAX_LENGTH, blank=True),
}
# The bulk filter's values: the list's parameters, an empty one meaning absent.
EMPTY = {"type": "string", "maxLength": 0}
FILTER_RULES = {
    "status": {"anyOf": [EMPTY, {"type": "string", "pattern": STATUS_LIST}]},
    "search": {"type": "string", "pattern": trimmed_text(NAME_MAX_LENGTH, blank=True)},
    **{
        name: {"anyOf": [EMPTY, {"type": "string", "format": "date-time", "pattern": TIME_PATTERN}]}
        for name in ("created_after", "created_before", "changed_after")
    },
}
QUERY_RULES = {
    "status": {"pattern": STATUS_LIST},
    "search": {"pattern": trimmed_text(NAME_MAX_LENGTH, blank=True)},
    "cursor": {"pattern": "^[^\\u0000]{0,1000}$"},
    "created_after": {"pattern": TIME_PATTERN},
    "created_before": {"pattern": TIME_PATTERN},
    "changed_after": {"pattern": TIME_PATTERN},
}


def closed_bodies_and_proxy_answers(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Make the schema say what the API does beyond what drf-spectacular infers, so that
    a schema-driven client (or fuzzer) knows which requests are valid.

    - Request bodies reject unknown fields (api.serializers.StrictSerializer), so their
      components are closed: ``additionalProperties: false``; the rules that tie
      several fields together are stated (BODY_RULES).
    - Texts are trimmed before their length is checked, and NUL is refused; statuses
      are any case, comma-separated: patterns say so (TEXT_RULES, QUERY_RULES,
      FILTER_RULES).
    - Every operation may meet nginx's JSON 414 (a request line over 8 KB), and every
      write its JSON 429 (the write throttle).
    """
    schemas = result.get("components", {}).get("schemas", {})
    for name, component in schemas.items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
            if name in BODY_RULES:
                component["allOf"] = BODY_RULES[name]
    for (name, field), pattern in TEXT_RULES.items():
        # The pattern holds the length as the API counts it, after trimming; a maxLength
        # would refuse the padded names the API takes.
        prop = schemas[name]["properties"][field]
        prop.pop("minLength", None)
        prop.pop("maxLength", None)
        prop["pattern"] = pattern
    if "BulkActionRequest" in schemas:
        properties = schemas["BulkActionRequest"]["properties"]["filter"]["properties"]
        for field, rule in FILTER_RULES.items():
            properties[field] = rule
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method in ("post", "put", "patch", "delete"):
                # nginx throttles every write, sign-in and sign-out included.
                operation.setdefault("responses", {}).setdefault(
                    "429",
                    {"description": "Too many requests; see Retry-After.", "content": error},
                )
            body = operation.get("requestBody")
            if body is not None and "Patched" in json.dumps(body):
                # PATCH needs a body here, unlike DRF's usual partial update.
                body["required"] = True
            operation.setdefault("responses", {})["414"] = {
                "description": "Request URL too long (nginx).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
            for parameter in operation.get("parameters", []):
                rule = QUERY_RULES.get(parameter["name"])
                if parameter.get("in") == "query" and rule:
                    if parameter["name"] == "search":
                        # The pattern holds its length, counted after trimming.
                        parameter["schema"].pop("maxLength", None)
                    parameter["schema"].update(rule)
    return result


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the schema describes jobs.api.authentication.TokenAuthentication."""

    target_class = "jobs.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An API token: `Token <key>` (or `Bearer <key>`). "
            "Create one with `manage.py create_token USER`.",
        }
