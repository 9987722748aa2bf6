"""GET /api/jobs/ in page mode: filters, sorts, search, parameters, query budgets."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

import pytest

from jobs import selectors

pytestmark = pytest.mark.django_db


def test_list_page_mode_shape_and_links(api, make_job) -> None:
    for n in range(5):
        make_job(f"job-{n}")
    first = api.get("/api/jobs/?page_size=2").json()
    assert first["count"] == 5
    assert first["count_capped"] is False
    assert first["previous"] is None
    assert [j["name"] for j in first["results"]] == ["job-4", "job-3"]
    assert first["next"].startswith("http://testserver/api/jobs/?")
    second = api.get(first["next"]).json()
    assert [j["name"] for j in second["results"]] == ["job-2", "job-1"]
    third = api.get(second["next"]).json()
    assert [j["name"] for j in third["results"]] == ["job-0"]
    assert third["next"] is None
    assert api.get(third["previous"]).json()["results"] == second["results"]


def test_page_past_the_end_is_404(api, make_job) -> None:
    make_job()
    assert api.get("/api/jobs/?page=1").status_code == 200
    response = api.get("/api/jobs/?page=2")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_empty_list_first_page_is_200(api) -> None:
    body = api.get("/api/jobs/").json()
    assert body == {
        "count": 0,
        "count_capped": False,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_list_embeds_newest_ten_statuses_oldest_first(api, make_job) -> None:
    make_job(statuses=tuple(["RUNNING", "PENDING"] * 6))
    history = api.get("/api/jobs/").json()["results"][0]["status_history"]
    assert len(history) == 10
    ids = [s["id"] for s in history]
    assert ids == sorted(ids)
    assert history[-1]["status_type"] == "PENDING"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=RUNNING", ["b", "d"]),
        ("status=running", ["b", "d"]),
        ("status=RUNNING,FAILED", ["b", "c", "d"]),
        ("status=RUNNING&status=FAILED", ["b", "c", "d"]),
        ("status=", ["a", "b", "c", "d"]),
        ("sort=oldest", ["d", "c", "b", "a"]),
        ("sort=name_asc", ["a", "b", "c", "d"]),
        ("sort=name_desc", ["d", "c", "b", "a"]),
        ("search=B", ["b"]),
        ("status=RUNNING&sort=oldest", ["d", "b"]),
        ("status=RUNNING,FAILED&search=c&sort=name_desc", ["c"]),
    ],
)
def test_list_filters_sorts_and_searches(api, make_job, query, expected) -> None:
    make_job("d", ("RUNNING",))
    make_job("c", ("FAILED",))
    make_job("b", ("RUNNING",))
    make_job("a")
    body = api.get(f"/api/jobs/?{query}").json()
    assert [j["name"] for j in body["results"]] == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    ("query", "field", "fragment"),
    [
        ("status=DONE", "status", "Unknown status DONE"),
        ("status=,", "status", "Use one or more of"),
        ("sort=size", "sort", "Use one of: newest, oldest, name_asc, name_desc"),
        ("sort=newest&sort=oldest", "sort", "only once"),
        ("page=0", "page", "greater than or equal to 1"),
        ("page=-3", "page", "greater than or equal to 1"),
        ("page=abc", "page", "valid integer"),
        ("page=1&page=2", "page", "only once"),
        ("page_size=0", "page_size", "greater than or equal to 1"),
        ("page_size=101", "page_size", "less than or equal to 100"),
        ("page_size=1e9", "page_size", "valid integer"),
        ("page=99999999999999999999", "page", "less than or equal to"),
        ("search=" + "x" * 201, "search", "no more than 200"),
        ("cursor=garbage", "cursor", "Invalid cursor"),
        ("cursor=&page=2", "page", "either page or cursor"),
    ],
)
def test_list_with_bad_parameter_returns_400(api, query, field, fragment) -> None:
    response = api.get(f"/api/jobs/?{query}")
    assert response.status_code == 400
    assert fragment in " ".join(response.json()[field])


STATUSES = "PENDING, RUNNING, COMPLETED, FAILED"


@pytest.mark.parametrize(
    "param", ["sort=newest", "search=a", "page=1", "page_size=5", "cursor=", "cursor=x"]
)
def test_every_parameter_but_status_given_twice_is_400(api, three_jobs, param) -> None:
    name = param.split("=")[0]
    response = api.get(f"/api/jobs/?{param}&{param}")
    assert response.status_code == 400
    assert response.json() == {name: [f"Give {name} only once."]}


def test_repeated_parameters_are_all_reported(api, three_jobs) -> None:
    response = api.get("/api/jobs/?sort=oldest&sort=newest&page_size=1&page_size=2")
    assert response.status_code == 400
    assert response.json() == {
        "sort": ["Give sort only once."],
        "page_size": ["Give page_size only once."],
    }


@pytest.mark.parametrize("param", ["status", "sort", "search", "page", "page_size"])
def test_blank_parameter_counts_as_absent(api, three_jobs, param) -> None:
    response = api.get(f"/api/jobs/?{param}=")
    assert response.status_code == 200
    assert [j["name"] for j in response.json()["results"]] == ["gamma", "beta", "alpha"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=10000001", "page", "Ensure this value is less than or equal to 10000000."),
        ("page=1.5", "page", "A valid integer is required."),
        ("page=-0", "page", "Ensure this value is greater than or equal to 1."),
        ("page_size=-1", "page_size", "Ensure this value is greater than or equal to 1."),
        ("page_size=100000", "page_size", "Ensure this value is less than or equal to 100."),
        ("page_size=" + "9" * 5000, "page_size", "String value too large."),
        ("page_size=NaN", "page_size", "A valid integer is required."),
        ("sort=NEWEST", "sort", None),
        ("sort=%00", "sort", None),
        ("status=RUNNING,DONE", "status", None),
        ("status=%00", "status", None),
        ("search=%00", "search", "Null characters are not allowed."),
        ("search=" + "é" * 201, "search", "Ensure this field has no more than 200 characters."),
        ("cursor=" + "a" * 1001, "cursor", "Ensure this field has no more than 1000 characters."),
        ("cursor=%00", "cursor", "Null characters are not allowed."),
    ],
)
def test_parameter_out_of_range_is_400(api, three_jobs, query, field, message) -> None:
    response = api.get(f"/api/jobs/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    if message is not None:
        assert body[field] == [message]


def test_unknown_sort_message_lists_the_choices(api) -> None:
    response = api.get("/api/jobs/?sort=NEWEST")
    assert response.json() == {
        "sort": [
            '"NEWEST" is not a valid sort. Use one of: newest, oldest, name_asc, name_desc, '
            "changed_newest, changed_oldest."
        ]
    }


def test_unknown_status_message_lists_the_choices(api) -> None:
    response = api.get("/api/jobs/?status=RUNNING,DONE")
    assert response.json() == {
        "status": [f"Unknown status DONE. Use one or more of {STATUSES}, separated by commas."]
    }


@pytest.mark.parametrize("path", ["/api/jobs/", "/api/jobs/export/"])
@pytest.mark.parametrize(
    ("query", "field", "shown"),
    [
        ("status=%25l", "status", "Unknown status %L."),
        ("status=RUNNING,100%25%25", "status", "Unknown status 100%%."),
        ("sort=%25s", "sort", '"%s" is not a valid sort.'),
    ],
)
def test_a_percent_sign_in_a_bad_value_is_a_400_that_shows_it(
    api, path, query, field, shown
) -> None:
    """django-filter formats its messages with %: typed input must not be read as a format."""
    response = api.get(f"{path}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0].startswith(shown)


def test_page_size_100_is_the_maximum_accepted(api, three_jobs) -> None:
    assert api.get("/api/jobs/?page_size=100").status_code == 200


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("%", ["50% done"]),
        ("_", ["snake_case"]),
        ("\\", ["back\\slash"]),
        ("É", ["ÉCLAIR"]),
        ("éclair", ["ÉCLAIR"]),
        ("😀", ["smile 😀"]),
        ("שלום", ["שלום"]),
        ("<b>", ["<b>bold</b>"]),
        ("'", []),
        ("\ufffd", []),
    ],
)
def test_search_takes_any_unicode_literally(api, make_job, search, expected) -> None:
    for name in [
        "50% done",
        "snake_case",
        "back\\slash",
        "ÉCLAIR",
        "smile 😀",
        "שלום",
        "<b>bold</b>",
    ]:
        make_job(name)
    response = api.get(f"/api/jobs/?search={quote(search)}")
    assert response.status_code == 200
    assert sorted(j["name"] for j in response.json()["results"]) == expected


def test_invalid_utf8_in_the_query_string_is_not_an_error(api, three_jobs) -> None:
    response = api.get("/api/jobs/?search=%FF%FE&status=%ED%A0%80RUNNING")
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert api.get("/api/jobs/?search=%FF%FE").status_code == 200


def test_very_long_query_string_is_answered(api, three_jobs) -> None:
    junk = "&".join(f"unused{n}={'x' * 50}" for n in range(999))
    response = api.get(f"/api/jobs/?{junk}&search=alp")
    assert response.status_code == 200
    assert [j["name"] for j in response.json()["results"]] == ["alpha"]


def test_more_than_1000_query_parameters_is_400(api, three_jobs) -> None:
    """Django's DATA_UPLOAD_MAX_NUMBER_FIELDS guard, answered in JSON."""
    junk = "&".join(f"p{n}=1" for n in range(1001))
    response = api.get(f"/api/jobs/?{junk}")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


def test_unknown_parameters_are_ignored_in_links(api, three_jobs) -> None:
    body = api.get("/api/jobs/?page_size=1&foo=%3Cscript%3E").json()
    assert parse_qs(urlparse(body["next"]).query)["foo"] == ["<script>"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=RUNNING,COMPLETED",
        "search=budget&sort=name_asc",
        "cursor=",
        "cursor=&status=PENDING&sort=oldest",
        "cursor=&search=get-1",
    ],
)
@pytest.mark.parametrize("page_size", [1, 100])
def test_list_query_count_is_fixed(
    api, many_jobs, django_assert_num_queries, query, page_size
) -> None:
    """The counters (the ETag's version, and the count without a search), then the page
    with its jobs' histories in one statement, at any page size. A search adds its
    count: the planner's estimate and the capped count, or the count alone. A first
    page that holds every match is its own count."""
    selectors.list_counts.clear()
    response = api.get(f"/api/jobs/?page_size={page_size}&{query}")
    fits = page_size >= response.json()["count"]
    term = parse_qs(query).get("search", [""])[0]
    # A short term with no status filter asks the planner first (see job_count).
    counting = 0 if not term else (2 if len(term) <= 3 and "status" not in query else 1)
    expected = 2 if fits else 2 + counting
    selectors.list_counts.clear()
    with django_assert_num_queries(expected):
        response = api.get(f"/api/jobs/?page_size={page_size}&{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


def test_a_time_range_count_is_reused_until_the_next_write(
    api, make_job, django_assert_num_queries
) -> None:
    make_job("range-1")
    make_job("range-2")
    # A range that does not start on the hour: roll-ups for its whole hours and a count
    # of the jobs table for the minutes before the first.
    url = "/api/jobs/?created_after=2020-01-01T00:30:00Z&page_size=1"
    assert api.get(url).json()["count"] == 2
    with django_assert_num_queries(2):  # counters, page
        assert api.get(url + "&cursor=").json()["count"] == 2
    make_job("range-3")
    with django_assert_num_queries(3):  # counters, page, roll-ups and edge minutes in one
        assert api.get(url).json()["count"] == 3


def test_search_count_is_reused_until_the_next_write(
    api, make_job, django_assert_num_queries
) -> None:
    make_job("reuse-1")
    make_job("reuse-2")
    assert api.get("/api/jobs/?search=reuse&page_size=1").json()["count"] == 2
    with django_assert_num_queries(2):  # counters, page
        assert api.get("/api/jobs/?search=reuse&page_size=1&cursor=").json()["count"] == 2
    make_job("reuse-3")
    with django_assert_num_queries(3):  # counters, page, count
        assert api.get("/api/jobs/?search=reuse&page_size=1").json()["count"] == 3


def test_a_first_page_holding_every_match_is_its_own_count(
    api, make_job, django_assert_num_queries
) -> None:
    make_job("whole-1")
    make_job("whole-2")
    with django_assert_num_queries(3):  # counters, the term's frequency (once), page
        body = api.get("/api/jobs/?search=whole").json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (2, False, 2)
    with django_assert_num_queries(3):  # counters, page, count
        assert api.get("/api/jobs/?search=whole&page_size=1").json()["count"] == 2
