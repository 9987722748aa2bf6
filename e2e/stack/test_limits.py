"""Request limits and method/path errors, answered in JSON by the stack."""

from __future__ import annotations

import json


def test_huge_json_body_is_a_json_413_from_nginx(api) -> None:
    body = json.dumps({"name": "x" * 300_000}).encode()
    status, payload, headers = api.call("POST", "/api/jobs/", raw=body)
    assert status == 413
    assert payload == {"detail": "Request body too large."}
    assert headers["Content-Type"].startswith("application/json")


def test_body_just_over_the_limit_is_413_and_just_under_is_read(api) -> None:
    limit = 64 * 1024
    over = b'{"name": "' + b"x" * (limit - 10) + b'"}'
    assert len(over) > limit
    assert api.call("POST", "/api/jobs/", raw=over)[:2] == (
        413,
        {"detail": "Request body too large."},
    )
    under = b'{"name": "' + b"x" * (limit - 1000) + b'"}'
    status, payload, _ = api.call("POST", "/api/jobs/", raw=under)
    assert status == 400
    assert payload == {"name": ["Name must be at most 200 characters."]}


def test_huge_patch_body_is_413(api, unique) -> None:
    job = api.create(f"limits-{unique}")
    body = json.dumps({"name": "y" * 100_000}).encode()
    status, payload, _ = api.call("PATCH", f"/api/jobs/{job['id']}/", raw=body)
    assert (status, payload) == (413, {"detail": "Request body too large."})


def test_put_is_a_json_405(api, unique) -> None:
    job = api.create(f"limits-{unique}")
    status, payload, headers = api.call("PUT", f"/api/jobs/{job['id']}/", {"name": "x"})
    assert status == 405
    assert payload == {"detail": 'Method "PUT" not allowed.'}
    assert "PATCH" in headers["Allow"]


def test_unknown_api_path_is_a_json_404(api) -> None:
    for path in ("/api/nothing/", "/api/jobs/1/nothing/", "/api/", "/api/jobs/abc/"):
        status, payload, headers = api.call("GET", path)
        assert status == 404, path
        assert payload == {"detail": "Not found."}, path
        assert headers["Content-Type"].startswith("application/json"), path


def test_long_url_is_a_json_414(api) -> None:
    status, payload, _ = api.call("GET", "/api/jobs/?search=" + "x" * 5000)
    assert status == 414
    assert payload == {"detail": "Request URL too long."}


def test_long_but_acceptable_query_string_is_answered(api) -> None:
    status, payload, _ = api.call("GET", "/api/jobs/?" + "&".join(f"u{n}=1" for n in range(500)))
    assert status == 200
    assert "results" in payload


def test_unknown_host_is_a_json_400(api) -> None:
    status, payload, _ = api.call("GET", "/api/jobs/", headers={"Host": "evil.example"})
    assert (status, payload) == (400, {"detail": "Bad request."})
