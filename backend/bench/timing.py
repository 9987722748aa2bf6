"""Server time: requests go through Django's WSGI handler in process, with the real
middleware, routing, DRF view, serializers and connection pool, as gunicorn calls it.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from jobs import selectors

if TYPE_CHECKING:
    from bench.shapes import Shape


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    content: bytes
    seconds: float
    # Python CPU time of the request: unlike wall time, not inflated when other
    # processes compete for the cores (PostgreSQL's share shows in the plans).
    cpu_seconds: float

    def json(self) -> Any:
        return json.loads(self.content) if self.content else None


class Caller:
    """Calls the WSGI application in process. ``headers`` go with every request (the
    sign-in token once the API needs one)."""

    def __init__(self, headers: dict[str, str] | None = None) -> None:
        self.handler = WSGIHandler()
        self.factory = RequestFactory()
        self.headers = headers or {}

    def prepare(self, shape: Shape) -> dict[str, Any]:
        """The request's WSGI environ; anything a shape does first (a fresh job to
        delete, forgetting cached counts) happens here, outside the timed call."""
        if shape.cold:
            selectors.list_counts.clear()
        path, body = shape.resolve_path(), shape.make_body()
        return self.environ(shape.method, path, shape.params, body, shape.headers)

    def environ(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        sent = {**self.headers, **(headers or {})}
        if method == "GET":
            request = self.factory.get(path, params or {}, headers=sent)
        else:
            request = self.factory.generic(
                method,
                path,
                json.dumps(body) if body is not None else "",
                content_type="application/json",
                headers=sent,
            )
        return request.environ

    def send(self, environ: dict[str, Any]) -> Answer:
        status: list[str] = []
        headers: dict[str, str] = {}

        def start_response(code: str, items: Any, exc_info: Any = None) -> None:
            status.append(code)
            headers.update(items)

        cpu = time.process_time()
        started = time.perf_counter()
        response = self.handler(environ, start_response)  # type: ignore[arg-type]
        try:
            content = b"".join(response)
        finally:
            response.close()  # fires request_finished, as a WSGI server does
        seconds = time.perf_counter() - started
        code = int(status[0].split()[0])
        return Answer(code, headers, content, seconds, time.process_time() - cpu)

    def __call__(self, shape: Shape) -> Answer:
        return self.send(self.prepare(shape))

    def ask(
        self, method: str, path: str, params: dict[str, str] | None = None, body: Any = None
    ) -> Answer:
        """A setup request (not measured); anything but a 2xx is an error."""
        answer = self.send(self.environ(method, path, params, body))
        if not 200 <= answer.status < 300:
            query = f" {params}" if params else ""
            raise RuntimeError(f"{method} {path}{query} -> {answer.status}: {answer.content!r}")
        return answer

    def json(
        self, method: str, path: str, params: dict[str, str] | None = None, body: Any = None
    ) -> Any:
        return self.ask(method, path, params, body).json()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = pct / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p95_ms: float
    min_ms: float
    cpu_p50_ms: float
    reps: int
    last: Answer


# A shape whose last warm-up request took this long is timed SLOW_REPS times at most:
# a miss either way, and forty of them would stretch the run by minutes.
SLOW_SECONDS = 1.0
SLOW_REPS = 5


def time_shape(caller: Caller, shape: Shape, *, reps: int, warmup: int) -> Timing:
    """``warmup`` untimed requests, then ``reps`` timed ones (SLOW_REPS when the warm-up
    was slow); any 4xx/5xx is an error."""
    wall: list[float] = []
    cpu: list[float] = []
    answer = None
    rep = 0
    while rep < warmup + reps:
        answer = caller(shape)
        if answer.status >= 400:
            raise RuntimeError(
                f"{shape.name}: {shape.method} {shape.url} -> {answer.status}: {answer.content!r}"
            )
        if rep >= warmup:
            wall.append(answer.seconds * 1000)
            cpu.append(answer.cpu_seconds * 1000)
        elif rep == warmup - 1 and answer.seconds > SLOW_SECONDS:
            reps = min(reps, SLOW_REPS)
        rep += 1
    assert answer is not None, "reps must be at least 1"
    return Timing(
        p50_ms=round(statistics.median(wall), 3),
        p95_ms=round(percentile(wall, 95), 3),
        min_ms=round(min(wall), 3),
        cpu_p50_ms=round(statistics.median(cpu), 3),
        reps=len(wall),
        last=answer,
    )
