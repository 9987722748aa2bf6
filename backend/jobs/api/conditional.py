"""Conditional GET: list, job, history and stats answer ``If-None-Match`` with a 304.

Their ETag is the counters' version (which grows with every write to jobs or their
history) and the request's path and query, so checking it costs what stats does: one
read of the counters. The tag is weak (W/): nginx compresses these answers, which
would turn a strong tag weak on the way anyway. Cache-Control: private, no-cache lets a
browser keep the answer and revalidate it each time; the SPA's fetches then send
If-None-Match by themselves.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags

CACHE_CONTROL = "private, no-cache"


def etag_for(request: HttpRequest, version: int) -> str:
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=8).hexdigest()
    return f'W/"{version}-{path}"'


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """A 304 when the client's If-None-Match names ``etag`` (compared weakly)."""
    header = request.headers.get("If-None-Match")
    if not header:
        return None
    wanted = etag.removeprefix("W/")
    tags = parse_etags(header)
    if "*" in tags or any(tag.removeprefix("W/") == wanted for tag in tags):
        response = HttpResponseNotModified()
        return tagged(response, etag)
    return None


def tagged(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response
