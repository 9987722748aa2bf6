"""Security and caching headers on every kind of response nginx gives."""

from __future__ import annotations

import re
from urllib.request import Request, urlopen

import pytest

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def raw_get(
    base_url: str, path: str, token: str | None = None
) -> tuple[int, dict[str, list[str]], bytes]:
    """Status, every header value (repeats kept, names lower-cased) and body."""
    from urllib.error import HTTPError

    request = Request(base_url + path)
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urlopen(request, timeout=30) as response:
            status, message, body = response.status, response.headers, response.read()
    except HTTPError as error:
        status, message, body = error.code, error.headers, error.read()
    headers: dict[str, list[str]] = {}
    for name, value in message.items():
        headers.setdefault(name.lower(), []).append(value)
    return status, headers, body


@pytest.fixture(scope="module")
def asset_path(base_url: str) -> str:
    _, _, body = raw_get(base_url, "/")
    found = re.findall(r'(/assets/[^"\']+\.(?:js|css))', body.decode())
    assert found, "index.html links no hashed asset"
    return found[0]


PATHS = {
    "spa index": ("/", 200),
    "spa route": ("/jobs/123", 200),
    "api list": ("/api/jobs/", 200),
    "api 404": ("/api/jobs/999999999/", 404),
    "api 400": ("/api/jobs/?sort=nope", 400),
    "api 401": ("/api/jobs/stats/", 401),
    "unknown api path": ("/api/nothing/", 404),
    "health": ("/health/", 200),
    "docs": ("/api/docs/", 200),
    "schema": ("/api/schema/", 200),
    "admin login": ("/admin/login/", 200),
    "static file": ("/static/admin/css/base.css", 200),
    "missing asset": ("/assets/nope-123.js", 404),
}


@pytest.mark.parametrize("kind", [*PATHS, "hashed asset"])
def test_every_response_carries_the_security_headers(base_url, asset_path, users, kind) -> None:
    path, expected_status = PATHS.get(kind, (asset_path, 200))
    signed_in = path.startswith("/api/jobs") and expected_status != 401
    status, headers, _ = raw_get(base_url, path, users["admin"]["token"] if signed_in else None)
    assert status == expected_status
    for name, value in HEADERS.items():
        assert headers.get(name.lower()) == [value], (
            f"{name} on {path}: {headers.get(name.lower())}"
        )
    [csp] = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    assert headers.get("server") == ["nginx"], "Server must not carry a version"
    assert "x-powered-by" not in headers


def test_index_html_is_never_cached(base_url) -> None:
    for path in ("/", "/index.html", "/jobs/1"):
        _, headers, _ = raw_get(base_url, path)
        cache = headers["cache-control"][0]
        assert "no-cache" in cache or "no-store" in cache, (path, cache)


def test_hashed_assets_are_cached_for_a_year(base_url, asset_path) -> None:
    _, headers, _ = raw_get(base_url, asset_path)
    max_age = int(re.search(r"max-age=(\d+)", headers["cache-control"][0]).group(1))
    assert max_age >= 365 * 24 * 3600


def test_api_docs_work_under_the_csp(base_url) -> None:
    """The docs page may load only same-origin scripts, and those must exist."""
    _, _, body = raw_get(base_url, "/api/docs/")
    html = body.decode()
    assert not re.search(r"<script>\s*\S", html), "inline script: blocked by script-src 'self'"
    for src in re.findall(r'<script src="([^"]+)"', html):
        assert src.startswith("/"), src
        status, headers, _ = raw_get(base_url, src.replace("&amp;", "&"))
        assert status == 200, src
        assert "javascript" in headers["content-type"][0], src


def test_session_and_csrf_cookies_are_http_only_where_it_matters(base_url) -> None:
    _, headers, _ = raw_get(base_url, "/admin/login/")
    cookies = headers.get("set-cookie", [])
    assert any(c.startswith("csrftoken=") and "SameSite=Lax" in c for c in cookies)
    assert not any(c.startswith("sessionid=") for c in cookies), "no session for anonymous users"
