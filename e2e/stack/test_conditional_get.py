"""Conditional GET through nginx: list, job, history and stats carry an ETag and answer
If-None-Match with a bodiless 304 until something is written; compression included."""

from __future__ import annotations

import gzip
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest


def get(base_url: str, token: str, path: str, headers: dict[str, str] | None = None):
    request = Request(
        base_url + path, headers={"Authorization": f"Token {token}", **(headers or {})}
    )
    try:
        with urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("gzipped", [False, True])
def test_reads_answer_304_until_a_write_changes_them(base_url, api, users, unique, gzipped) -> None:
    token = users["viewer"]["token"]
    job = api.create(f"etag-{unique}")
    encoding = {"Accept-Encoding": "gzip"} if gzipped else {}
    for path in [
        "/api/jobs/",
        f"/api/jobs/?search=etag-{unique}",
        f"/api/jobs/{job['id']}/",
        f"/api/jobs/{job['id']}/history/",
        "/api/jobs/stats/",
    ]:
        status, headers, body = get(base_url, token, path, encoding)
        assert status == 200, path
        etag = headers["ETag"]
        assert etag.startswith('W/"'), (path, etag)
        assert headers["Cache-Control"] == "private, no-cache"
        if gzipped and len(body) > 512:
            assert headers["Content-Encoding"] == "gzip"
            gzip.decompress(body)
        again = get(base_url, token, path, {**encoding, "If-None-Match": etag})
        assert again[0] == 304, path
        assert again[2] == b""
        assert again[1]["ETag"] == etag
        # Another tag, or none, gets the whole answer.
        assert get(base_url, token, path, {"If-None-Match": 'W/"0-0"'})[0] == 200
    api.set_status(job["id"], "RUNNING")
    for path in [f"/api/jobs/{job['id']}/", "/api/jobs/stats/"]:
        first = get(base_url, token, path)[1]["ETag"]
        assert get(base_url, token, path, {"If-None-Match": first})[0] == 304
    status, headers, body = get(base_url, token, f"/api/jobs/{job['id']}/", {"If-None-Match": etag})
    assert status == 200 and b'"RUNNING"' in body.replace(b" ", b"")


def test_a_write_changes_every_tag(base_url, api, users, unique) -> None:
    token = users["viewer"]["token"]
    before = get(base_url, token, "/api/jobs/")[1]["ETag"]
    api.create(f"etag-write-{unique}")
    status, headers, _ = get(base_url, token, "/api/jobs/", {"If-None-Match": before})
    assert status == 200 and headers["ETag"] != before
