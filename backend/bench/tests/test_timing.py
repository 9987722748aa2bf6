"""The in-process caller's requests and the percentiles."""

from __future__ import annotations

from bench.timing import Caller, percentile


def test_every_request_carries_the_callers_headers_and_its_own() -> None:
    caller = Caller({"Authorization": "Token abc"})
    environ = caller.environ("GET", "/api/jobs/", {"status": "RUNNING"}, headers={"X-Test": "1"})
    assert environ["HTTP_AUTHORIZATION"] == "Token abc"
    assert environ["HTTP_X_TEST"] == "1"
    assert environ["QUERY_STRING"] == "status=RUNNING"
    posted = caller.environ("POST", "/api/jobs/", body={"name": "x"})
    assert posted["HTTP_AUTHORIZATION"] == "Token abc"
    assert posted["wsgi.input"].read() == b'{"name": "x"}'


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert percentile([10.0, 20.0], 95) == 19.5
    assert percentile([7.0], 95) == 7.0
