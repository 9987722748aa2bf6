"""Small functions the API tests share."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse


def cursor_of(url: str | None) -> str:
    assert url is not None
    return parse_qs(urlparse(url).query)["cursor"][0]


def post_raw(api: Any, body: bytes | str, content_type: str, path: str = "/api/jobs/") -> Any:
    return api.generic("POST", path, body, content_type=content_type)


def after_transaction(queries: list[dict[str, Any]]) -> list[str]:
    """The SQL run after a service's transaction ended. Tests run inside a transaction
    of their own, so the service's atomic block is a savepoint, and its end is the last
    RELEASE SAVEPOINT."""
    sql = [q["sql"] for q in queries]
    ends = [i for i, text in enumerate(sql) if text.startswith("RELEASE SAVEPOINT")]
    assert ends, f"no transaction in {sql}"
    return sql[ends[-1] + 1 :]
