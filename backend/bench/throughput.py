"""Requests per second of one gunicorn (sync workers), measured with wrk on the same
machine: straight at gunicorn, as the throughput targets are set, and through nginx,
the production topology (its write throttle is lifted by JOBS_WRITE_THROTTLE_RATE, see
bench.run).

nginx uses the project's nginx.conf template. Every process started here is stopped in
a ``finally``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from bench.shapes import Load

BACKEND = Path(__file__).resolve().parent.parent
TEMPLATE = BACKEND.parent / "nginx.conf"

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

# A write for wrk. Each thread takes its share of the jobs, round-robin. With a status
# cycle, a job gets its next request only once its last one is answered, and is sent
# the status after the one that answer gave (jobs start in the cycle's first status):
# every PATCH is a change. A thread needs more jobs than connections (wrk sends one
# request of the first thread's for checking only, and it is never answered).
WRITE_SCRIPT = """
wrk.method = {method}
wrk.headers["Content-Type"] = "application/json"
local jobs, cycle, body, threads = {{{jobs}}}, {{{cycle}}}, {body}, {threads}
local counter = 0
function setup(thread)
  thread:set("slot", counter)
  counter = counter + 1
end
function init(args)
  mine, turn, known, busy, after = {{}}, 0, {{}}, {{}}, {{}}
  for k = 1, #jobs do
    if (k - 1) % threads == slot then mine[#mine + 1] = jobs[k] end
  end
  for k = 1, #cycle do after[cycle[k]] = cycle[k % #cycle + 1] end
end
function request()
  if #mine == 0 then return wrk.format(nil, nil, nil, body) end
  local job
  for _ = 1, #mine do
    turn = turn % #mine + 1
    job = mine[turn]
    if not busy[job] then break end
  end
  local path = (string.gsub({path}, "{{job}}", tostring(job)))
  if #cycle == 0 then return wrk.format(nil, path, nil, body) end
  busy[job] = true
  local status = after[known[job] or cycle[1]]
  return wrk.format(nil, path, nil, '{{"status_type": "' .. status .. '"}}')
end
if #cycle > 0 then
  function response(status, headers, text)
    local id = tonumber(string.match(text, '"id"%s*:%s*(%d+)'))
    if id then
      busy[id] = nil
      known[id] = string.match(text, '"current_status"%s*:%s*"(%u+)"') or known[id]
    end
  end
end
"""


def write_script(load: Load, threads: int) -> str:
    return WRITE_SCRIPT.format(
        method=json.dumps(load.method),
        jobs=", ".join(str(j) for j in load.jobs),
        cycle=", ".join(json.dumps(s) for s in load.statuses),
        body=json.dumps(load.body),
        threads=threads,
        path=json.dumps(load.path),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(OSError):
            if fetch(url)[0] == 200:
                return True
        time.sleep(0.1)
    return False


def _tail(log: Path) -> str:
    return log.read_text()[-3000:] if log.exists() else "(no log)"


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _nginx_config(workdir: Path, port: int, upstream: str) -> Path:
    """The project's nginx.conf, rendered as scripts/stack.sh does, in a main config."""
    web_root = workdir / "www"
    web_root.mkdir()
    (web_root / "index.html").write_text("<!doctype html><title>bench</title>")
    render = TEMPLATE.parent / "scripts" / "nginx-site.sh"
    site = subprocess.run(
        [str(render), str(port), upstream, str(web_root)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (workdir / "temp").mkdir()
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
def gunicorn(
    *, env: dict[str, str], workers: int, workdir: Path, timeout: int = 30
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """gunicorn (sync workers) on a free loopback port: yields its base URL and its
    master process, and stops it on the way out."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", str(timeout)]
    command += ["--workers", str(workers), "--worker-class", "sync"]
    command += ["--error-logfile", str(workdir / "gunicorn.log"), "--log-level", "warning"]
    proc = subprocess.Popen(command, cwd=BACKEND, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        if not wait_for(base + "/health/", 60):
            raise RuntimeError("gunicorn did not start:\n" + _tail(workdir / "gunicorn.log"))
        yield base, proc
    finally:
        _stop(proc)


@contextmanager
def stack(*, env: dict[str, str], workers: int, nginx: bool) -> Iterator[dict[str, str]]:
    """gunicorn (and nginx in front of it) on free loopback ports; yields the base URL
    of each way in: ``direct`` and, with ``nginx``, ``nginx``."""
    workdir = Path(tempfile.mkdtemp(prefix="jobs-bench-"))
    proc: subprocess.Popen[bytes] | None = None
    try:
        with gunicorn(env=env, workers=workers, workdir=workdir) as (direct, _):
            ways = {"direct": direct}
            try:
                binary = nginx_binary()
                if nginx and binary:
                    nport = free_port()
                    config = _nginx_config(workdir, nport, direct.removeprefix("http://"))
                    daemon = [binary, "-c", str(config), "-p", str(workdir), "-g", "daemon off;"]
                    proc = subprocess.Popen(daemon)
                    ways["nginx"] = f"http://127.0.0.1:{nport}"
                    if not wait_for(ways["nginx"] + "/health/", 15):
                        log = _tail(workdir / "nginx-error.log")
                        raise RuntimeError("nginx did not start:\n" + log)
                yield ways
            finally:
                _stop(proc)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    if not match:
        raise ValueError(text)
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(output: str) -> dict[str, Any]:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if not (rps and total and p50 and p99):
        raise RuntimeError("could not parse wrk output:\n" + output)
    return {
        "requests_per_second": round(float(rps.group(1)), 1),
        "requests": int(total.group(1)),
        "latency_p50_ms": round(_ms(p50.group(1)), 2),
        "latency_p99_ms": round(_ms(p99.group(1)), 2),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def run_wrk(
    url: str, *, seconds: int, threads: int, connections: int, headers: dict[str, str], script: str
) -> dict[str, Any]:
    """wrk's figures for ``url``, with ``script`` (Lua) when given."""
    command = [shutil.which("wrk") or "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command += ["-s", lua.name]
        done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def conditional_headers(url: str, headers: dict[str, str]) -> dict[str, str] | None:
    """If-None-Match with the ETag of a GET of ``url``, when the API answers it with a
    304; None while it does not."""
    status, answer = fetch(url, headers)
    etag = answer.get("ETag") if status == 200 else None
    if etag is None:
        return None
    conditional = {**headers, "If-None-Match": etag}
    return conditional if fetch(url, conditional)[0] == 304 else None


def measure(
    load: Load, base: str, *, headers: dict[str, str], threads: int, seconds: int, connections: int
) -> dict[str, Any]:
    """One wrk run of ``load`` against ``base``; "skipped" says why one did not run."""
    entry: dict[str, Any] = {"name": load.name, "method": load.method, "url": load.path}
    sent = {**headers, **load.headers}
    if load.conditional:
        found = conditional_headers(base + load.path, sent)
        if found is None:
            return {**entry, "skipped": "no ETag from the API yet"}
        sent = found
    script = write_script(load, threads) if load.method != "GET" else ""
    url = base + load.path.replace("{job}", "0")  # a write's script sets each path
    figures = run_wrk(
        url, seconds=seconds, threads=threads, connections=connections, headers=sent, script=script
    )
    return {**entry, **figures}


def _one_way(
    loads: list[Load], base: str, *, headers: dict[str, str], seconds: int, **wrk: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The loads after the first, each between two runs of the first (/health/, half as
    long); returns them, with their ratios, and the reference's runs in one entry."""
    runs: list[dict[str, Any]] = []

    def reference() -> float:
        runs.append(measure(loads[0], base, headers=headers, seconds=max(1, seconds // 2), **wrk))
        return float(runs[-1]["requests_per_second"])

    entries = []
    before = reference()
    for load in loads[1:]:
        entry: dict[str, Any] = {"ratio_target": load.ratio}
        entry |= measure(load, base, headers=headers, seconds=seconds, **wrk)
        if "skipped" not in entry:
            after = reference()
            entry["health_rps"] = round((before + after) / 2, 1)
            entry["ratio"] = round(entry["requests_per_second"] / entry["health_rps"], 3)
            before = after
        entries.append(entry)
    rates = [r["requests_per_second"] for r in runs]
    health = {
        **runs[0],
        "ratio_target": None,
        "requests_per_second": round(sum(rates) / len(rates), 1),
        "non_2xx": sum(r["non_2xx"] for r in runs),
        "range": [min(rates), max(rates)],
        "runs": runs,
    }
    return entries, health


def run(
    loads: list[Load],
    *,
    env: dict[str, str],
    headers: dict[str, str],
    workers: int,
    seconds: int,
    threads: int,
    connections: int,
    ways: tuple[str, ...],
    log: Callable[[str], None] = lambda _: None,
) -> list[dict[str, Any]]:
    """Every load through every way in. The first load, /health/, is the reference: it
    runs before and after each of the others, and each ratio is to the mean of the two
    runs around it, so that the machine's other work, which comes and goes, weighs on
    both sides alike."""
    entries = []
    with stack(env=env, workers=workers, nginx="nginx" in ways) as bases:
        for way in (w for w in ways if w in bases):
            measured, health = _one_way(
                loads,
                bases[way],
                headers=headers,
                seconds=seconds,
                threads=threads,
                connections=connections,
            )
            for entry in [health, *measured]:
                entry.update(kind="throughput", way=way, workers=workers)
                entry["wrk"] = f"wrk -t{threads} -c{connections} -d{seconds}s"
                figures = (
                    f"skipped: {entry['skipped']}"
                    if "skipped" in entry
                    else f"{entry['requests_per_second']:>8.1f} req/s  "
                    f"p50 {entry['latency_p50_ms']:6.2f} ms  non-2xx {entry['non_2xx']}"
                    + (f"  {entry['ratio']:.2f}x /health/" if "ratio" in entry else "")
                )
                log(f"  {way:<6} {entry['name']:<32} {figures}")
                entries.append(entry)
    return entries
