"""Two app instances behind one nginx: one of them dies under traffic, and the
concurrency invariants of e2e/stack hold with requests spread over both."""

from __future__ import annotations

import time
from pathlib import Path

from stack.test_concurrency import run_and_check_invariants
from stack.test_faults import Traffic, wait_until


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def test_killing_one_instance_fails_only_the_writes_in_flight(api, instances, unique) -> None:
    job = api.create(f"instance-{unique}")
    requests = [
        ("GET", "/api/jobs/?page_size=5", None),
        ("GET", f"/api/jobs/{job['id']}/", None),
        ("PATCH", f"/api/jobs/{job['id']}/", {"name": f"instance-{unique}-renamed"}),
        ("GET", "/api/jobs/stats/", None),
        ("GET", f"/api/jobs/{job['id']}/history/", None),
        ("POST", "/api/jobs/", {"name": f"instance-{unique}-new"}),
    ]
    port = instances.ports[0]
    try:
        with Traffic(api, requests, threads=6) as traffic:
            time.sleep(1.5)
            killed_at = time.monotonic()
            victims = instances.kill(port)
            assert wait_until(lambda: all(gone(pid) for pid in victims), 10)
            dead_at = time.monotonic()
            time.sleep(3.0)
    finally:
        instances.start(port)
        # Past nginx's fail_timeout (10 s) since its last failed attempt, every nginx
        # worker tries the instance again: the next test meets both instances serving.
        restarted_at = time.monotonic()
    results = traffic.results
    assert every_instance_serves(api, instances), "nginx did not come back to the instance"
    time.sleep(max(0.0, restarted_at + 11 - time.monotonic()))
    assert [r for r in results if r[4] > dead_at and r[2] in (200, 201)], "nothing after"
    # nginx sends every idempotent request on to the other instance, and every request
    # that did not reach the dead one: only a POST or PATCH already sent to the dead
    # instance fails, with nginx's JSON 503. (How many: one per worker it was handling,
    # plus those waiting in its listen backlog, which nginx had sent all the same.)
    failed = [r for r in results if r[2] not in (200, 201)]
    for ended, what, status, payload, started in failed:
        assert what.split()[0] in ("POST", "PATCH"), (what, status, payload)
        assert started < dead_at and ended > killed_at, (what, status)
        assert status == 503 and isinstance(payload, dict) and "detail" in payload, payload
    assert len(results) > 100


def access_lines(instances) -> dict[int, int]:
    return {
        port: len((instances.dir / f"gunicorn-{port}-access.log").read_text().splitlines())
        for port in instances.ports
    }


def every_instance_serves(api, instances) -> bool:
    """Whether, within 30 s, each instance answers requests that nginx sends it. Each nginx
    worker keeps its own record of a failed server and tries it again after fail_timeout
    (10 s): until then a worker that saw the failure sends nothing to it."""
    before = access_lines(instances)
    return wait_until(
        lambda: (
            api.call("GET", "/health/")[0] == 200
            and all(n > before[port] for port, n in access_lines(instances).items())
        ),
        30,
    )


def test_concurrency_invariants_hold_across_both_instances(
    api, cookie_api, sql, instances, unique
) -> None:
    assert every_instance_serves(api, instances)
    before = access_lines(instances)
    # Keeps its cookie, so that its checks after writing read what it wrote.
    api = cookie_api("admin")
    run_and_check_invariants(api, sql, unique)
    after = access_lines(instances)
    served = {port: after[port] - before[port] for port in instances.ports}
    assert all(n > 50 for n in served.values()), served
