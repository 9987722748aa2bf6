"""nginx.conf streams the export: gunicorn writes it no faster than the client reads it.

Buffered (nginx's default), nginx reads a response from gunicorn as fast as gunicorn
writes and spools what the client has not read yet to a temporary file, up to 1 GB per
response. For the export, which streams every job with constant memory, that would move
the whole file onto nginx's disk whenever the client is slow. Unbuffered, nginx passes
each chunk on and the kernel's socket buffers hold gunicorn back instead.

The real nginx runs the rendered template in front of a stand-in upstream that writes a
large body as fast as it can, while the client reads nothing at first.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from deploy_files import render_nginx, tool

BODY_SIZE = 96 * 1024 * 1024  # well above what the socket buffers on the way can hold
PIECE = b"x" * 65536


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FastUpstream:
    """Answers each request with BODY_SIZE bytes, written as fast as nginx accepts them;
    `sent` counts what nginx has accepted so far."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sent = 0
        self.request = b""
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.answer, args=(conn,), daemon=True).start()

    def answer(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                data = conn.recv(4096)
                if not data:
                    return
                request += data
            self.request = request
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nConnection: close\r\n"
                b"Content-Length: %d\r\n\r\n" % BODY_SIZE
            )
            try:
                for _ in range(BODY_SIZE // len(PIECE)):
                    conn.sendall(PIECE)
                    self.sent += len(PIECE)
            except OSError:
                return


@pytest.fixture
def nginx_in_front(tmp_path: Path) -> Iterator[tuple[int, FastUpstream]]:
    upstream = FastUpstream()
    port = free_port()
    config = render_nginx(tmp_path, port=port, upstream=f"127.0.0.1:{upstream.port}")
    nginx = subprocess.Popen(
        [tool("nginx"), "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert nginx.poll() is None, "nginx exited"
                assert time.monotonic() < deadline, "nginx did not listen"
                time.sleep(0.05)
        yield port, upstream
    finally:
        upstream.listener.close()
        nginx.terminate()
        nginx.wait(timeout=10)


def sent_while_the_client_waits(port: int, upstream: FastUpstream, path: str) -> int:
    """How much of PATH's body the upstream got rid of while the client read nothing
    for two seconds; then the client reads it all, which must be the whole body."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    client.request("GET", path, headers={"Host": "localhost"})
    response = client.getresponse()
    assert response.status == 200
    # The proxy's request headers and the server's security headers hold here too.
    assert b"\r\nX-Forwarded-Proto: http\r\n" in upstream.request
    assert response.getheader("X-Frame-Options") == "DENY"
    time.sleep(2.0)
    sent = upstream.sent
    received = 0
    while piece := response.read(1 << 20):
        received += len(piece)
    client.close()
    assert received == BODY_SIZE
    return sent


@pytest.mark.parametrize("path", ["/api/jobs/export/?format=csv", "/api/jobs/export?format=csv"])
def test_export_is_written_no_faster_than_the_client_reads(nginx_in_front, path):
    assert sent_while_the_client_waits(*nginx_in_front, path) < BODY_SIZE // 2


def test_other_api_responses_are_buffered(nginx_in_front):
    """The control: the same response on another path is spooled whole by nginx."""
    assert sent_while_the_client_waits(*nginx_in_front, "/api/jobs/") == BODY_SIZE
