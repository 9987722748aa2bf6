"""Post-processing of the generated OpenAPI schema (drf-spectacular hook)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
