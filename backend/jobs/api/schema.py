"""Post-processing of the generated OpenAPI schema (drf-spectacular hook)."""

from __future__ import annotations

from typing import Any


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
