"""The write throttle, enforced by nginx: the real nginx with the project's template,
in front of a stand-in upstream that answers like the API does."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from deploy_files import ROOT, render_nginx, tool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Upstream(BaseHTTPRequestHandler):
    """201 for writes, 200 for reads; /api/auth/login/ answers its own 429, as a sign-in
    lockout does."""

    def _answer(self, status: int, body: dict[str, str], headers: dict[str, str] | None = None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(200, {"ok": "read"})

    def _write(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/api/auth/login/"):
            self._answer(429, {"detail": "locked out by the app"}, {"Retry-After": "900"})
        else:
            self._answer(201, {"ok": "written"})

    do_POST = do_PATCH = do_DELETE = _write

    def log_message(self, *args: object) -> None:
        pass


def call(
    base: str, method: str, path: str, forwarded_for: str | None = None, client: str = "127.0.0.1"
):
    """(status, JSON body, headers), sent from the loopback address ``client``."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(client, 0))
    headers = {"Content-Type": "application/json"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    try:
        connection.request(method, path, body=b"{}" if method != "GET" else None, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read()), response.headers
    finally:
        connection.close()


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("nginx")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = free_port()
    config = render_nginx(
        workdir, port=port, upstream=f"127.0.0.1:{server.server_port}", write_rate="2/minute"
    )
    binary = tool("nginx")
    subprocess.run([binary, "-p", str(workdir), "-c", str(config)], check=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            call(base, "GET", "/health/")
            break
        except OSError:
            time.sleep(0.1)
    yield base
    subprocess.run([binary, "-p", str(workdir), "-c", str(config), "-s", "stop"], check=False)
    server.shutdown()


def test_writes_past_the_rate_get_a_json_429_and_reads_do_not(nginx) -> None:
    # 2/minute: two writes pass, the third is refused, whatever the method and path.
    assert call(nginx, "POST", "/api/jobs/")[0] == 201
    assert call(nginx, "PATCH", "/api/jobs/1/")[0] == 201
    status, body, headers = call(nginx, "DELETE", "/api/jobs/1/")
    assert status == 429
    assert body == {"detail": "Too many writes from this address. Try again in 30 s."}
    assert headers["Retry-After"] == "30"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    # A forged X-Forwarded-For is not another client.
    assert call(nginx, "POST", "/api/jobs/", forwarded_for="10.1.2.3")[0] == 429
    assert call(nginx, "POST", "/api/jobs/", forwarded_for="10.1.2.3, 10.4.5.6")[0] == 429
    # Reads are never throttled.
    for _ in range(20):
        assert call(nginx, "GET", "/api/jobs/")[0] == 200


def test_another_address_has_its_own_budget(nginx) -> None:
    assert call(nginx, "POST", "/api/jobs/", client="127.0.0.2")[0] == 201
    assert call(nginx, "POST", "/api/jobs/", client="127.0.0.2")[0] == 201
    assert call(nginx, "POST", "/api/jobs/", client="127.0.0.2")[0] == 429


def test_the_apps_own_429_passes_through(nginx) -> None:
    """A sign-in lockout is Django's 429, with its own body and Retry-After."""
    status, body, headers = call(nginx, "POST", "/api/auth/login/", client="127.0.0.3")
    assert status == 429
    assert body == {"detail": "locked out by the app"}
    assert headers["Retry-After"] == "900"


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("600/minute", ("600r/m", "599", "1")),
        ("7/second", ("7r/s", "6", "1")),
        ("2/minute", ("2r/m", "1", "30")),
        ("100/hour", ("2r/m", "99", "30")),
    ],
)
def test_the_rate_setting_becomes_nginx_settings(rate, expected) -> None:
    out = subprocess.run(
        ["sh", ROOT / "scripts" / "write-throttle.sh"],
        env={**os.environ, "JOBS_WRITE_THROTTLE_RATE": rate},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = dict(line.split("=", 1) for line in out.split())
    assert (
        values["NGINX_WRITE_RATE"],
        values["NGINX_WRITE_BURST"],
        values["NGINX_WRITE_RETRY_AFTER"],
    ) == expected


@pytest.mark.parametrize("rate", ["many/minute", "0/minute", "5/week", "5"])
def test_a_bad_rate_setting_is_refused(rate) -> None:
    done = subprocess.run(
        ["sh", ROOT / "scripts" / "write-throttle.sh"],
        env={**os.environ, "JOBS_WRITE_THROTTLE_RATE": rate},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "JOBS_WRITE_THROTTLE_RATE" in done.stderr
