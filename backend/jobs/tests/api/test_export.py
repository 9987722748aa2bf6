"""GET /api/jobs/export/: every job of the list's filters and order, as a file."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from jobs.api import export
from jobs.models import Job

pytestmark = pytest.mark.django_db


def body_of(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def listed(api: Any, query: str) -> list[int]:
    ids: list[int] = []
    url = f"/api/jobs/?page_size=100&cursor=&{query}"
    while url:
        page = api.get(url).json()
        ids += [job["id"] for job in page["results"]]
        url = page["next"]
    return ids


@pytest.fixture
def many(make_job, monkeypatch) -> None:
    """More jobs than one export batch holds (the batch is made small)."""
    monkeypatch.setattr(export, "EXPORT_BATCH", 7)
    for n in range(40):
        make_job(f"{'ab'[n % 2]}-{n % 5}", ("RUNNING",) if n % 4 == 0 else ())


@pytest.mark.parametrize(
    "query",
    [
        "",
        "sort=name_asc",
        "sort=oldest",
        "status=RUNNING",
        "search=a-&sort=name_desc",
        "sort=changed_newest",
    ],
)
def test_csv_holds_exactly_the_lists_rows_in_its_order(api, many, query) -> None:
    response = api.get(f"/api/jobs/export/?format=csv&{query}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(body_of(response))))
    assert [int(r["id"]) for r in rows] == listed(api, query)
    assert list(rows[0]) == list(export.FIELDS)


def test_ndjson_holds_the_same_rows(api, many) -> None:
    response = api.get("/api/jobs/export/?format=ndjson&sort=name_asc")
    assert response["Content-Type"] == "application/x-ndjson"
    lines = body_of(response).splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["id"] for o in objects] == listed(api, "sort=name_asc")
    job = Job.objects.get(pk=objects[0]["id"])
    assert objects[0]["name"] == job.name and objects[0]["created_by"] is None
    assert objects[0]["created_at"].endswith("Z")


def test_csv_is_rfc_4180_and_neutralises_formulas(api, make_job, make_user) -> None:
    names = [
        '=HYPERLINK("http://x")',
        "+1+1",
        "-2",
        "@SUM(A1)",
        "plain, with comma",
        'quote " inside',
        "line\nbreak",
        "café ✓",
    ]
    for name in names:
        make_job(name)
    response = api.get("/api/jobs/export/?sort=oldest")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="jobs-') and disposition.endswith('.csv"')
    text = body_of(response)
    assert text.startswith(
        "id,name,current_status,current_status_at,created_at,updated_at,created_by\r\n"
    )
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["name"] for r in rows] == [
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'-2",
        "'@SUM(A1)",
        "plain, with comma",
        'quote " inside',
        "line\nbreak",
        "café ✓",
    ]
    assert '"quote "" inside"' in text
    assert response["X-Accel-Buffering"] == "no"


def test_the_creator_is_exported(client_as) -> None:
    operator = client_as("operator", username="maker")
    operator.post("/api/jobs/", {"name": "made"}, format="json")
    rows = list(csv.DictReader(io.StringIO(body_of(operator.get("/api/jobs/export/")))))
    assert rows[0]["created_by"] == "maker"


def test_an_empty_result_is_a_header_only(api) -> None:
    text = body_of(api.get("/api/jobs/export/?search=nothing-at-all"))
    assert text == ",".join(export.FIELDS) + "\r\n"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("format=xlsx", "format"),
        ("status=DONE", "status"),
        ("sort=size", "sort"),
        ("format=csv&format=ndjson", "format"),
    ],
)
def test_bad_parameters_are_400(api, query, field) -> None:
    response = api.get(f"/api/jobs/export/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_viewers_export_and_anonymous_clients_do_not(viewer, anon) -> None:
    assert viewer.get("/api/jobs/export/").status_code == 200
    assert anon.get("/api/jobs/export/").status_code == 401


def test_export_reads_in_batches(api, many, django_assert_max_num_queries) -> None:
    """Batches of EXPORT_BATCH rows: 40 jobs in batches of 7 are 6 queries, plus auth."""
    with django_assert_max_num_queries(7):
        body_of(api.get("/api/jobs/export/"))


ODD_NAMES = [
    '=HYPERLINK("http://x")',
    "-2",
    "\tTAB",
    "\rCR first",
    "plain",
    "a,b",
    'a "quoted" word',
    "two\r\nlines",
    'ends with a quote"',
    "ünïcödé ✓ 日本",
    "  spaces  ",
    "'already an apostrophe",
]


def test_csv_is_byte_for_byte_what_pythons_csv_module_writes(api, make_job, make_user) -> None:
    """PostgreSQL writes the lines; Python's csv module (QUOTE_MINIMAL, CRLF) and the
    apostrophe before formula-like cells are the reference, creators' names included."""
    makers = [make_user("operator", username=u) for u in ("-minus", "@ops", "plain.user")]
    for n, name in enumerate(ODD_NAMES):
        job = make_job(name)
        Job.objects.filter(pk=job.pk).update(created_by=makers[n % 3] if n % 4 else None)
    text = body_of(api.get("/api/jobs/export/?sort=oldest"))

    expected = io.StringIO(newline="")
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(export.FIELDS)
    for job in api.get("/api/jobs/?sort=oldest&page_size=100").json()["results"]:
        creator = Job.objects.get(pk=job["id"]).created_by
        row = [job[f] for f in export.FIELDS[:-1]] + [creator.username if creator else ""]
        writer.writerow(
            [
                "'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@", "\t", "\r") else c
                for c in row
            ]
        )
    assert text == expected.getvalue()


def test_ndjson_objects_equal_the_apis_jobs(api, make_job) -> None:
    for name in ODD_NAMES:
        make_job(name)
    objects = [
        json.loads(line)
        for line in body_of(api.get("/api/jobs/export/?format=ndjson&sort=oldest")).split("\n")
        if line
    ]
    listed_jobs = api.get("/api/jobs/?sort=oldest&page_size=100").json()["results"]
    assert objects == [
        {**{f: job[f] for f in export.FIELDS[:-1]}, "created_by": None} for job in listed_jobs
    ]
