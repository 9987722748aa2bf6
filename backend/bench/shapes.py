"""What `make bench` measures: the request shapes timed in process, and the loads
driven through gunicorn with wrk.

Both are built from the API's own answers (counts, rows, ids) and its public cursor
codec, so they follow the data set at any size. To measure something new, add a line:
a list shape is its query parameters, exactly as a client sends them, with
placeholders for values that depend on the data (Data.terms), e.g.
``("created_after=a day before the newest", {"created_after": "{day_ago}"})``. Sorts and
statuses are read from the app, so a new sort is measured without any change here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from bench.report import (
    ACTIVITY_TARGET_MS,
    LIST_TARGET_MS,
    READ_RATIO,
    STATS_TARGET_MS,
    WRITE_RATIO,
)
from bench.timing import Caller
from jobs import selectors
from jobs.api.pagination import DEFAULT_PAGE_SIZE, KeysetPagination
from jobs.documents import Position
from jobs.models import Job, StatusType

JOBS = "/api/jobs/"


@dataclass
class Shape:
    """One request. ``{job}`` in the path is replaced, request by request, with the id
    ``job()`` returns (a fresh job for a delete); ``body()`` gives each request's JSON."""

    name: str
    # list (first pages), keyset, page (deep page numbers), activity, conditional (304s),
    # stats, detail, write
    group: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: Callable[[], dict[str, Any]] | None = None
    job: Callable[[], int] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    reps: int | None = None
    target_ms: float | None = None
    # Forget cached counts before each request: what the first request for a search or
    # a time range costs after any write (jobs.selectors.ListCounts).
    cold: bool = False

    @property
    def url(self) -> str:
        return self.path + ("?" + urlencode(self.params) if self.params else "")

    def resolve_path(self) -> str:
        return self.path.format(job=self.job()) if self.job else self.path

    def make_body(self) -> dict[str, Any] | None:
        return self.body() if self.body else None


@dataclass(frozen=True)
class Load:
    """One wrk run. ``ratio``: the target share of /health/'s requests per second.
    A write sends ``body``, or with ``statuses`` a PATCH of each job to the next status
    of that cycle; ``{job}`` in the path takes the ids of ``jobs``, spread over wrk's
    threads. ``conditional`` sends the ETag of a first GET as If-None-Match (skipped
    while the API sends no ETag)."""

    name: str
    path: str
    ratio: float | None = None
    method: str = "GET"
    body: str = ""
    jobs: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = False


class Data:
    """What the catalogue needs to know about the loaded data, asked of the API."""

    def __init__(self, caller: Caller) -> None:
        self.caller = caller

    def page(self, params: dict[str, str], **paging: int) -> Any:
        query = {**params, **{k: str(v) for k, v in paging.items()}}
        return self.caller.json("GET", JOBS, query)

    def total(self, params: dict[str, str]) -> int:
        return int(self.page(params, page_size=1)["count"])

    def last_page(self, params: dict[str, str]) -> int:
        return max(1, -(-self.total(params) // DEFAULT_PAGE_SIZE))

    def row_at(self, params: dict[str, str], offset: int) -> Any:
        return self.page(params, page=offset + 1, page_size=1)["results"][0]

    def cursor_at(self, params: dict[str, str], offset: int, *, forward: bool = True) -> str:
        """The cursor a client holds after reading ``offset + 1`` rows of this list
        (or, going back, before row ``offset``), signed by the API's own codec."""
        ordering = selectors.SORTS[params.get("sort", selectors.DEFAULT_SORT)]
        row = self.row_at(params, offset)
        value = row[ordering[0].lstrip("-")]
        return KeysetPagination().encode_cursor(Position(ordering, forward, value, row["id"]))

    def etag(self, path: str) -> str | None:
        """The ETag of a GET of ``path``, when the API sends one."""
        etag: str | None = self.caller.ask("GET", path).headers.get("ETag")
        return etag

    def new_job(self, name: str) -> int:
        return int(self.caller.json("POST", JOBS, body={"name": name})["id"])

    def moment(self, sort: str, field: str) -> dt.datetime:
        """``field`` (a timestamp) of the first job in ``sort``'s order."""
        return dt.datetime.fromisoformat(self.row_at({"sort": sort}, 0)[field])

    def terms(self) -> dict[str, str]:
        """Values that depend on the data, for the placeholders of the shape lists:
        ``{rare}`` (a real name's last two parts), ``{nothing}`` (a term no name has),
        ``{day_ago}`` and ``{week_ago}`` (ISO 8601, before the newest job's creation),
        and the bounds of a narrow and a wide range on each clock, from the data's own
        span: ``{created_hour}`` (an hour before the newest creation) and
        ``{created_wide}`` (a tenth of the span after the oldest) for created_after;
        ``{before_hour}`` (an hour after the oldest creation) and ``{before_wide}`` (a
        tenth of the span before the newest) for created_before; ``{changed_hour}`` and
        ``{changed_wide}`` likewise for changed_after, on the status-change clock."""
        name = self.row_at({}, self.total({}) // 2)["name"]
        newest = self.moment("newest", "created_at")
        oldest = self.moment("oldest", "created_at")
        changed_last = self.moment("changed_newest", "current_status_at")
        changed_first = self.moment("changed_oldest", "current_status_at")
        hour = dt.timedelta(hours=1)
        return {
            "rare": "-".join(name.split("-")[-2:]),
            "nothing": "zqxv",
            "day_ago": (newest - dt.timedelta(days=1)).isoformat(),
            "week_ago": (newest - dt.timedelta(days=7)).isoformat(),
            "created_hour": (newest - hour).isoformat(),
            "created_wide": (oldest + (newest - oldest) / 10).isoformat(),
            "before_hour": (oldest + hour).isoformat(),
            "before_wide": (newest - (newest - oldest) / 10).isoformat(),
            "changed_hour": (changed_last - hour).isoformat(),
            "changed_wide": (changed_first + (changed_last - changed_first) / 10).isoformat(),
        }

    def job_with_history(self) -> int:
        """The job with the longest history among a hundred from the middle."""
        middle = self.total({}) // 2 // 100 + 1
        rows = self.page({}, page=middle, page_size=100)["results"]
        return int(max(rows, key=lambda r: len(r["status_history"]))["id"])


@contextmanager
def jobs_restored() -> Iterator[None]:
    """Deletes, on the way out, every job made inside: the data set keeps its size."""
    high_water = Job.objects.order_by("-id").values_list("id", flat=True).first() or 0
    try:
        yield
    finally:
        Job.objects.filter(id__gt=high_water).delete()


def _pages(page: int) -> str:
    return f"page {page:,}"


def keyset_shapes(data: Data, label: str, params: dict[str, str], pages: list[int]) -> list[Shape]:
    """The first keyset page and pages ``pages`` (1-based); one past the end becomes the
    last page."""
    last = data.last_page(params)
    shapes = [Shape(f"keyset {label}: first", "keyset", JOBS, {**params, "cursor": ""})]
    seen = {1}
    for wanted in pages:
        page = min(wanted, last)
        if page in seen:
            continue
        seen.add(page)
        token = data.cursor_at(params, (page - 1) * DEFAULT_PAGE_SIZE - 1)
        tag = _pages(page) + (" (last)" if page != wanted else "")
        shapes.append(Shape(f"keyset {label}: {tag}", "keyset", JOBS, {**params, "cursor": token}))
    return shapes


COMPLETED_BY_NAME = {"status": "COMPLETED", "sort": "name_asc"}
# First pages, each under the list target.
FIRST_PAGES: list[tuple[str, dict[str, str]]] = [
    ("newest (default)", {}),
    *[(f"status={s}", {"status": s}) for s in StatusType.values],
    ("status=RUNNING,FAILED", {"status": "RUNNING,FAILED"}),
    ("status=PENDING,RUNNING", {"status": "PENDING,RUNNING"}),
    *[(f"sort={s}", {"sort": s}) for s in selectors.SORTS if s != selectors.DEFAULT_SORT],
    ("status=FAILED&sort=name_asc", {"status": "FAILED", "sort": "name_asc"}),
    ("status=RUNNING&sort=oldest", {"status": "RUNNING", "sort": "oldest"}),
    ("status=RUNNING,FAILED&sort=name_desc", {"status": "RUNNING,FAILED", "sort": "name_desc"}),
    ("search=cfd (common)", {"search": "cfd"}),
    ("search={rare} (rare)", {"search": "{rare}"}),
    ("search={nothing} (no match)", {"search": "{nothing}"}),
    ("search=fd (2 letters)", {"search": "fd"}),
    ("search=zq (2 letters, no match)", {"search": "zq"}),
    ("search=cfd&sort=name_asc", {"search": "cfd", "sort": "name_asc"}),
    ("status=RUNNING&search=cfd", {"status": "RUNNING", "search": "cfd"}),
    ("status=FAILED&search={rare}", {"status": "FAILED", "search": "{rare}"}),
    ("page_size=100", {"page_size": "100"}),
    ("status=FAILED&sort=changed_newest", {"status": "FAILED", "sort": "changed_newest"}),
    ("status=FAILED&sort=changed_oldest", {"status": "FAILED", "sort": "changed_oldest"}),
    (
        "status=RUNNING,FAILED&sort=changed_newest",
        {"status": "RUNNING,FAILED", "sort": "changed_newest"},
    ),
    (
        "status=RUNNING,FAILED&sort=changed_oldest",
        {"status": "RUNNING,FAILED", "sort": "changed_oldest"},
    ),
]
# Each time filter with a narrow range (an hour at the end of the data's span, or at
# its start for created_before) and a wide one (nine tenths of the span): (parameter,
# what the label calls it, its placeholder).
TIME_RANGES: list[tuple[str, str, str]] = [
    ("created_after", "last hour", "{created_hour}"),
    ("created_after", "90% of span", "{created_wide}"),
    ("created_before", "first hour", "{before_hour}"),
    ("created_before", "90% of span", "{before_wide}"),
    ("changed_after", "last hour", "{changed_hour}"),
    ("changed_after", "90% of span", "{changed_wide}"),
]
# ... each with every sort (the default sort named by its absence, as clients send it).
TIMED: list[tuple[str, dict[str, str]]] = [
    (
        f"{key}=<{what}>" + ("" if sort == selectors.DEFAULT_SORT else f"&sort={sort}"),
        {key: value, **({} if sort == selectors.DEFAULT_SORT else {"sort": sort})},
    )
    for key, what, value in TIME_RANGES
    for sort in selectors.SORTS
]
# Time filters with statuses, a search, or each other: what triage in the dashboard sends.
TIMED_MIXED: list[tuple[str, dict[str, str]]] = [
    (
        "status=FAILED&changed_after=<last hour>&sort=changed_newest",
        {"status": "FAILED", "changed_after": "{changed_hour}", "sort": "changed_newest"},
    ),
    (
        "status=RUNNING,FAILED&changed_after=<90% of span>&sort=changed_newest",
        {"status": "RUNNING,FAILED", "changed_after": "{changed_wide}", "sort": "changed_newest"},
    ),
    (
        "status=RUNNING&created_after=<last hour>&sort=name_asc",
        {"status": "RUNNING", "created_after": "{created_hour}", "sort": "name_asc"},
    ),
    (
        "search=cfd&created_after=<90% of span>",
        {"search": "cfd", "created_after": "{created_wide}"},
    ),
    (
        "search=cfd&changed_after=<last hour>&sort=changed_newest",
        {"search": "cfd", "changed_after": "{changed_hour}", "sort": "changed_newest"},
    ),
    (
        "created_after=<week before newest>&created_before=<last hour>",
        {"created_after": "{week_ago}", "created_before": "{created_hour}"},
    ),
    (
        "created_after=<week before newest>&changed_after=<last hour>",
        {"created_after": "{week_ago}", "changed_after": "{changed_hour}"},
    ),
]
# The same searches when their capped count is not cached yet (the first request after
# any write), and one-character searches, which have no gram in the index. Reported,
# not held to the target: the README explains both.
COLD_SEARCHES: list[tuple[str, dict[str, str]]] = [
    ("search=cfd (common)", {"search": "cfd"}),
    ("status=RUNNING&search=cfd", {"status": "RUNNING", "search": "cfd"}),
    ("search={rare} (rare)", {"search": "{rare}"}),
    ("search=a (1 letter)", {"search": "a"}),
    ("search=\u03c9 (1 rare letter)", {"search": "\u03c9"}),
]
# Keyset lists, paged to the depths run() asks for.
KEYSET_LISTS: list[tuple[str, dict[str, str]]] = [
    ("newest", {}),
    ("sort=name_asc", {"sort": "name_asc"}),
    ("status=RUNNING&sort=name_desc", {"status": "RUNNING", "sort": "name_desc"}),
    ("status=RUNNING,FAILED", {"status": "RUNNING,FAILED"}),
    ("sort=changed_newest", {"sort": "changed_newest"}),
    (
        "changed_after=<90% of span>&sort=changed_newest",
        {"changed_after": "{changed_wide}", "sort": "changed_newest"},
    ),
]
# Time ranges whose count (roll-ups over most of the year) is cached like a search's:
# the slowest pages of TIMED, measured as they cost after a write too.
COLD_RANGES: list[tuple[str, dict[str, str]]] = [
    (
        "created_before=<90% of span>&sort=changed_newest",
        {"created_before": "{before_wide}", "sort": "changed_newest"},
    ),
    (
        "changed_after=<90% of span>&sort=oldest",
        {"changed_after": "{changed_wide}", "sort": "oldest"},
    ),
]
ACTIVITY_RANGES = ("24h", "7d", "30d")


def build(data: Data, *, deep_pages: list[int]) -> list[Shape]:
    """Every shape measured in process, in report order."""
    terms = data.terms()

    def fill(label: str, params: dict[str, str]) -> tuple[str, dict[str, str]]:
        return label.format(**terms), {k: v.format(**terms) for k, v in params.items()}

    shapes = [
        Shape(f"list {label}", "list", JOBS, params, target_ms=LIST_TARGET_MS)
        for label, params in itertools.starmap(fill, [*FIRST_PAGES, *TIMED, *TIMED_MIXED])
    ]
    shapes += [
        Shape(f"list {label}, count not cached", "list", JOBS, params, cold=True)
        for label, params in itertools.starmap(fill, [*COLD_SEARCHES, *COLD_RANGES])
    ]
    for label, params in [("newest", {}), ("status=COMPLETED&sort=name_asc", COMPLETED_BY_NAME)]:
        page = min(1_000, data.last_page(params))
        tag = _pages(page) + (" (last)" if page != 1_000 else "")
        shapes.append(Shape(f"{tag} {label}", "page", JOBS, {**params, "page": str(page)}))

    keyset: list[Shape] = []
    for label, params in itertools.starmap(fill, KEYSET_LISTS):
        keyset += keyset_shapes(data, label, params, deep_pages)
    keyset += keyset_shapes(data, "search=cfd", {"search": "cfd"}, [2, 100])
    back = min(deep_pages[1] if len(deep_pages) > 1 else 2, max(2, data.last_page({}) - 1))
    token = data.cursor_at({}, (back - 1) * DEFAULT_PAGE_SIZE, forward=False)
    keyset.append(
        Shape(f"keyset newest: previous from {_pages(back)}", "keyset", JOBS, {"cursor": token})
    )
    for shape in keyset:
        shape.target_ms = LIST_TARGET_MS
    return shapes + keyset + other_shapes(data)


def conditional_shapes(data: Data, paths: list[tuple[str, str]]) -> list[Shape]:
    """A GET of each path with If-None-Match set to its own ETag: the 304 a client that
    already holds the answer gets (none while the API sends no ETag). The tags hold
    until the next write, so these are measured before any."""
    shapes = []
    for label, path in paths:
        etag = data.etag(path)
        if etag:
            shapes.append(
                Shape(
                    f"{label}, If-None-Match (304)",
                    "conditional",
                    path,
                    headers={"If-None-Match": etag},
                )
            )
    return shapes


def other_shapes(data: Data) -> list[Shape]:
    """Activity, conditional GETs, stats, one job, and every kind of write (on jobs
    made for them)."""
    detail = data.job_with_history()
    target = data.new_job("bench patch target")
    # RUNNING and PENDING may follow each other in the lifecycle, and each is a change.
    statuses = itertools.cycle(["RUNNING", "PENDING"])
    numbers = itertools.count()
    one = f"{JOBS}{target}/"
    return [
        *(
            Shape(
                f"activity range={r}",
                "activity",
                f"{JOBS}activity/",
                {"range": r},
                target_ms=ACTIVITY_TARGET_MS,
            )
            for r in ACTIVITY_RANGES
        ),
        *conditional_shapes(
            data,
            [
                ("list newest", JOBS),
                (f"retrieve (job {detail})", f"{JOBS}{detail}/"),
                (f"history (job {detail})", f"{JOBS}{detail}/history/"),
                ("stats", f"{JOBS}stats/"),
            ],
        ),
        Shape("stats", "stats", f"{JOBS}stats/", target_ms=STATS_TARGET_MS),
        Shape(f"retrieve (job {detail})", "detail", f"{JOBS}{detail}/"),
        Shape(f"history (job {detail})", "detail", f"{JOBS}{detail}/history/"),
        Shape(
            "create (POST)",
            "write",
            JOBS,
            method="POST",
            body=lambda: {"name": f"bench created {next(numbers)}"},
        ),
        Shape(
            "patch status (PATCH)",
            "write",
            one,
            method="PATCH",
            body=lambda: {"status_type": next(statuses)},
        ),
        Shape(
            "rename (PATCH)",
            "write",
            one,
            method="PATCH",
            body=lambda: {"name": f"bench renamed {next(numbers)}"},
        ),
        Shape(
            "delete (DELETE)",
            "write",
            JOBS + "{job}/",
            method="DELETE",
            job=lambda: data.new_job("bench delete target"),
        ),
    ]


def loads(data: Data, *, pool: int = 64) -> list[Load]:
    """The throughput runs, /health/ first: every ratio is to it."""
    middle = min(1_000, data.last_page({}))
    cursor = data.cursor_at({}, (middle - 1) * DEFAULT_PAGE_SIZE - 1) if middle > 1 else ""
    jobs = tuple(data.new_job(f"bench load {n}") for n in range(pool))
    return [
        Load("/health/", "/health/"),
        Load("list (default)", JOBS, READ_RATIO),
        Load(f"keyset {_pages(middle)}", f"{JOBS}?{urlencode({'cursor': cursor})}", READ_RATIO),
        Load("job", f"{JOBS}{data.job_with_history()}/", READ_RATIO),
        Load("stats", f"{JOBS}stats/", READ_RATIO),
        Load("list (default), If-None-Match", JOBS, conditional=True),
        Load(
            "status change (PATCH)",
            JOBS + "{job}/",
            WRITE_RATIO,
            method="PATCH",
            jobs=jobs,
            statuses=("PENDING", "RUNNING"),
        ),
        Load("create (POST)", JOBS, WRITE_RATIO, method="POST", body='{"name": "bench load"}'),
    ]
