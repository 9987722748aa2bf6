"""Throughput through the production topology on loopback: wrk -> nginx -> gunicorn.

nginx uses the project's nginx.conf template when it exists (rendered with the same
three placeholders as scripts/stack.sh), else a minimal proxy config. Every process
started here is stopped in a ``finally``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parent.parent
ROOT = BACKEND.parent
TEMPLATE = ROOT / "nginx.conf"
PLACEHOLDERS = ("NGINX_PORT", "BACKEND_UPSTREAM", "WEB_ROOT")

MINIMAL_SITE = """
upstream bench_backend {{ server {upstream}; keepalive 32; }}
server {{
    listen 127.0.0.1:{port};
    location / {{
        proxy_pass http://bench_backend;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }}
}}
"""

MAIN = """
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    include {mime};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {dir}/temp/body;
    proxy_temp_path {dir}/temp/proxy;
    fastcgi_temp_path {dir}/temp/fastcgi;
    uwsgi_temp_path {dir}/temp/uwsgi;
    scgi_temp_path {dir}/temp/scgi;
    include {dir}/site.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None


def wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            if response.status == 200:
                return True
        time.sleep(0.1)
    return False


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _render_site(workdir: Path, port: int, upstream: str) -> str:
    web_root = workdir / "www"
    web_root.mkdir(exist_ok=True)
    (web_root / "index.html").write_text("<!doctype html><title>bench</title>")
    if TEMPLATE.exists():
        render = TEMPLATE.parent / "scripts" / "nginx-site.sh"
        done = subprocess.run(
            [str(render), str(port), upstream, str(web_root)],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout
    return MINIMAL_SITE.format(port=port, upstream=upstream)


def _write_main(workdir: Path, site: str) -> Path:
    (workdir / "temp").mkdir(exist_ok=True)
    (workdir / "site.conf").write_text(site)
    mime = "/etc/nginx/mime.types"
    main = workdir / "nginx.conf"
    main.write_text(
        MAIN.format(
            dir=workdir,
            user="user root;" if os.geteuid() == 0 else "",
            mime=mime if os.path.exists(mime) else "/dev/null",
        )
    )
    return main


@contextmanager
def stack(*, env: dict[str, str], workers: int) -> Iterator[dict[str, Any]]:
    """gunicorn + nginx on free loopback ports; yields their details."""
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("nginx is not installed")
    workdir = Path(tempfile.mkdtemp(prefix="jobs-bench-"))
    gport, nport = free_port(), free_port()
    gunicorn_proc: subprocess.Popen[bytes] | None = None
    nginx_proc: subprocess.Popen[bytes] | None = None
    try:
        gunicorn_proc = subprocess.Popen(
            [
                str(Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{gport}",
                "--workers",
                str(workers),
                "--error-logfile",
                str(workdir / "gunicorn.log"),
                "--log-level",
                "warning",
            ],
            cwd=BACKEND,
            env=env,
        )
        if not wait_for(f"http://127.0.0.1:{gport}/health/", 60):
            raise RuntimeError("gunicorn did not become healthy: see " + str(workdir))
        upstream = f"127.0.0.1:{gport}"
        template_used = TEMPLATE.exists()
        main = _write_main(workdir, _render_site(workdir, nport, upstream))
        check = subprocess.run(
            [nginx, "-q", "-t", "-c", str(main), "-p", str(workdir)], capture_output=True
        )
        if check.returncode != 0 and template_used:
            # The template may not suit a throwaway instance; fall back to a bare proxy.
            template_used = False
            main = _write_main(workdir, MINIMAL_SITE.format(port=nport, upstream=upstream))
        nginx_proc = subprocess.Popen(
            [nginx, "-c", str(main), "-p", str(workdir), "-g", "daemon off;"]
        )
        if not wait_for(f"http://127.0.0.1:{nport}/health/", 15):
            raise RuntimeError("nginx did not answer: see " + str(workdir))
        yield {
            "base": f"http://127.0.0.1:{nport}",
            "workers": workers,
            "nginx_config": "nginx.conf template" if template_used else "minimal proxy",
        }
    finally:
        _stop(nginx_proc)
        _stop(gunicorn_proc)
        shutil.rmtree(workdir, ignore_errors=True)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(output: str) -> dict[str, Any]:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if not (rps and p50 and p99):
        raise RuntimeError("could not parse wrk output:\n" + output)
    return {
        "requests_per_second": round(float(rps.group(1)), 1),
        "latency_p50_ms": round(_ms(p50.group(1)), 2),
        "latency_p99_ms": round(_ms(p99.group(1)), 2),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def run_wrk(url: str, *, seconds: int, threads: int, connections: int) -> dict[str, Any]:
    wrk = shutil.which("wrk") or "/usr/bin/wrk"
    from bench.database import bench_token

    header = f"Authorization: Token {bench_token()}"
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", header]
    command.append(url)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def run_load(
    *,
    env: dict[str, str],
    workers: int,
    paths: list[tuple[str, str]],
    seconds: int,
    threads: int = 2,
    connections: int = 16,
    log: Any = None,
) -> list[dict[str, Any]]:
    entries = []
    with stack(env=env, workers=workers) as running:
        for name, path in paths:
            result = run_wrk(
                running["base"] + path, seconds=seconds, threads=threads, connections=connections
            )
            entry = {
                "name": name,
                "kind": "throughput",
                "url": path,
                "workers": workers,
                "nginx_config": running["nginx_config"],
                "wrk": f"wrk -t{threads} -c{connections} -d{seconds}s --latency",
                **result,
            }
            entries.append(entry)
            if log:
                log(
                    f"  {name:<40} {entry['requests_per_second']:>8.1f} req/s  "
                    f"p50 {entry['latency_p50_ms']:.2f} ms  p99 {entry['latency_p99_ms']:.2f} ms"
                )
    return entries
