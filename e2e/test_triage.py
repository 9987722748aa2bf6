"""Triage at scale, as an operator meets it: what changed in the last hour, several
statuses at once, sorting by the last change, the activity chart, and the view as CSV.

Each test seeds its own jobs through the API under a unique prefix and searches for it,
so other tests' jobs never show in its rows.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.sync_api import Page, expect
from ui import serious_violations, tab


def table_links(page: Page, prefix: str):
    return page.get_by_role("table").get_by_role("link", name=re.compile(re.escape(prefix)))


def header(page: Page, name: str):
    return page.get_by_role("columnheader").filter(
        has=page.get_by_role("button", name=name, exact=True)
    )


def query_of(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def api_ids(api, query: dict[str, str]) -> list[int]:
    """Every id the list API gives for ``query``, following the keyset pages."""
    ids: list[int] = []
    path = "/api/jobs/?" + urlencode({**query, "page_size": 100, "cursor": ""})
    while path:
        status, body, _ = api.call("GET", path)
        assert status == 200, body
        ids += [job["id"] for job in body["results"]]
        path = (
            urlsplit(body["next"])._replace(scheme="", netloc="").geturl() if body["next"] else ""
        )
    return ids


def seed_triage(api, prefix: str) -> dict[str, int]:
    """Created a1, a2, b, done, waiting in that order; their statuses then change in
    another order (b, a1, a2), so sorting by change differs from sorting by creation."""
    jobs = {
        name: api.create(f"{prefix}-{name}")["id"] for name in ("a1", "a2", "b", "done", "waiting")
    }
    api.set_status(jobs["done"], "RUNNING")
    api.set_status(jobs["done"], "COMPLETED")
    api.set_status(jobs["b"], "FAILED")
    api.set_status(jobs["a1"], "RUNNING")
    api.set_status(jobs["a2"], "RUNNING")
    return jobs


def test_last_hour_running_and_failed_by_last_change_then_export(
    page: Page, api, unique, tmp_path
) -> None:
    prefix = f"triage-{unique}"
    jobs = seed_triage(api, prefix)
    page.goto(f"/?search={prefix}")
    expect(table_links(page, prefix)).to_have_count(5)

    # What changed in the last hour?
    clicked = datetime.now(UTC)
    page.get_by_role("group", name="Status changed").get_by_role("button", name="Last hour").click()
    expect(page).to_have_url(re.compile(r"changed_after=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"))
    query = query_of(page)
    assert query["range"] == "1h"
    start = datetime.fromisoformat(query["changed_after"])
    assert abs(start - (clicked - timedelta(hours=1))) < timedelta(seconds=30), start
    expect(page.get_by_role("button", name="Last hour")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text(re.compile(r"^status changed since "))).to_be_visible()

    # Running and Failed: take Pending and Completed out. The boxes follow the URL,
    # which the router updates in a transition: a click is checked by its outcome, not
    # by uncheck()'s immediate look at the box (which failed under load in compose).
    include = page.get_by_role("navigation", name="Filter by status")
    include.get_by_role("checkbox", name="Include Pending").click()
    expect(page).to_have_url(re.compile(r"status=RUNNING,COMPLETED,FAILED"))
    expect(include.get_by_role("checkbox", name="Include Pending")).not_to_be_checked()
    include.get_by_role("checkbox", name="Include Completed").click()
    expect(page).to_have_url(re.compile(r"status=RUNNING,FAILED(&|$)"))
    expect(include.get_by_role("checkbox", name="Include Completed")).not_to_be_checked()
    expect(tab(page, "Running + Failed")).to_have_attribute("aria-current", "page")
    expect(table_links(page, prefix)).to_have_text([f"{prefix}-b", f"{prefix}-a2", f"{prefix}-a1"])

    # Sort by the last change: newest first, then the other way.
    page.get_by_role("button", name="Changed", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=changed_newest"))
    expect(header(page, "Changed")).to_have_attribute("aria-sort", "descending")
    expect(page.get_by_label("Sort by")).to_have_value("changed_newest")
    expect(table_links(page, prefix)).to_have_text([f"{prefix}-a2", f"{prefix}-a1", f"{prefix}-b"])
    page.get_by_role("button", name="Changed", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=changed_oldest"))
    expect(header(page, "Changed")).to_have_attribute("aria-sort", "ascending")
    expect(table_links(page, prefix)).to_have_text([f"{prefix}-b", f"{prefix}-a1", f"{prefix}-a2"])

    # Every parameter is the API's own: the API lists the same jobs in the same order.
    query = query_of(page)
    assert {k: query[k] for k in ("status", "sort", "search")} == {
        "status": "RUNNING,FAILED",
        "sort": "changed_oldest",
        "search": prefix,
    }
    api_query = {k: v for k, v in query.items() if k != "range"}
    expected = [jobs["b"], jobs["a1"], jobs["a2"]]
    assert api_ids(api, api_query) == expected

    # The chart of the last 24 hours, said in words and as a table.
    activity = page.get_by_role("region", name=re.compile(r"^Activity"))
    expect(
        activity.get_by_text(
            re.compile(
                r"^Last 24 hours: [\d,]+ created, [\d,]+ completed, [\d,]+ failed; "
                r"failures peaked at \d\d:00\.$"
            )
        )
    ).to_be_visible()
    expect(activity.locator("canvas")).to_be_visible()
    activity.get_by_role("button", name="Show as table").click()
    table = activity.get_by_role("table", name="Activity of all jobs, last 24 hours, per hour")
    expect(table.get_by_role("row")).to_have_count(26)  # header, 24 hours, total
    expect(table.get_by_role("row").last).to_contain_text("Total")

    # The current view as CSV: the same ids in the same order as the list API.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert re.fullmatch(r"jobs-\d{4}-\d\d-\d\d-\d{6}\.csv", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = path.read_bytes().decode("utf-8")  # as written: RFC 4180 lines end in CRLF
    assert text.startswith(
        "id,name,current_status,current_status_at,created_at,updated_at,created_by\r\n"
    )
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [int(r["id"]) for r in rows] == expected
    assert [r["current_status"] for r in rows] == ["FAILED", "RUNNING", "RUNNING"]
    assert {r["created_by"] for r in rows} == {api_created_by(api)}


def api_created_by(api) -> str:
    status, me, _ = api.call("GET", "/api/auth/me/")
    assert status == 200, me
    return me["username"]


def test_custom_range_checks_its_times_and_shows_the_servers_400(page: Page, api, unique) -> None:
    prefix = f"custom-{unique}"
    api.create(f"{prefix}-one")
    page.goto(f"/?search={prefix}")
    expect(table_links(page, prefix)).to_have_count(1)
    url_before = page.url

    page.get_by_role("button", name="Custom…").click()
    page.get_by_label("Created from").fill("2026-11-29T15:00")
    page.get_by_label("Created before").fill("2026-11-29T14:00")
    page.get_by_label("Created before").press("Enter")
    created_from = page.get_by_label("Created from")
    expect(created_from).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_have_text(
        "“Created from” must be before “Created before”."
    )
    assert page.url == url_before

    # A range around now, typed in local time (the browser's zone), lands in UTC.
    now = datetime.now().replace(second=0, microsecond=0)
    page.get_by_label("Created from").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Created before").fill((now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"created_after=[^&]+Z&created_before=[^&]+Z"))
    query = query_of(page)
    local_offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    assert datetime.fromisoformat(query["created_after"]) == (
        (now - timedelta(hours=1) - local_offset).replace(tzinfo=UTC)
    )
    assert "range" not in query
    expect(table_links(page, prefix)).to_have_count(1)
    expect(page.get_by_text(re.compile(r"^Custom: created "))).to_be_visible()
    # The chart shows 30 days for a custom range.
    expect(page.get_by_text(re.compile(r"^Last 30 days: "))).to_be_visible()

    # A time the browser can't check, typed into the URL: the server's own answer shows.
    page.goto(f"/?search={prefix}&created_after=yesterday")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "created_after: Enter an ISO 8601 date and time, e.g. 2026-11-29T14:00:00Z."
    )
    alert.get_by_role("button", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_activity_follows_live_updates(page: Page, api, unique) -> None:
    page.goto("/?range=24h&changed_after=2000-01-01T00:00:00Z")
    activity = page.get_by_role("region", name=re.compile(r"^Activity"))
    summary = activity.get_by_text(re.compile(r"^Last 24 hours: "))
    expect(summary).to_be_visible()
    created = int(re.search(r"([\d,]+) created", summary.inner_text()).group(1).replace(",", ""))
    api.create(f"activity-{unique}")
    expect(
        activity.get_by_text(re.compile(rf"^Last 24 hours: {created + 1:,} created"))
    ).to_be_visible(timeout=5_000)


def test_a_chart_whose_files_fail_to_load_says_so_and_retries(page: Page) -> None:
    """The chart's chunk is loaded on demand; its CSS failing (offline, a new deploy) is
    reported in place with a Retry, and is no uncaught error (the autouse fixture)."""
    blocked = "**/assets/activity-plot-*.css"
    page.route(blocked, lambda route: route.abort())
    page.goto("/")
    activity = page.get_by_role("region", name=re.compile(r"^Activity"))
    expect(activity.get_by_text(re.compile(r"^Couldn.t load the chart"))).to_be_visible()
    page.unroute(blocked)
    activity.get_by_role("button", name="Retry").click()
    expect(activity.get_by_text(re.compile(r"^Couldn.t load the chart"))).to_have_count(0)
    expect(activity.locator(".uplot")).to_be_visible()


def test_small_screen_keeps_the_first_job_in_view_with_the_chart_folded(
    browser, browser_context_args, api, unique
) -> None:
    name = f"small-{unique}"
    api.create(name)
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 375, "height": 667}}
    )
    page = context.new_page()
    try:
        page.goto(f"/?search={name}&changed_after=2000-01-01T00:00:00Z&range=7d")
        expect(page.get_by_role("link", name=name)).to_be_in_viewport()
        activity = page.get_by_role("region", name=re.compile(r"^Activity"))
        expect(activity.get_by_text(re.compile(r"^Last 7 days: "))).to_be_visible()
        show = activity.get_by_role("button", name="Show chart")
        expect(show).to_have_attribute("aria-expanded", "false")
        expect(activity.locator("canvas")).to_have_count(0)
        assert page.evaluate("document.querySelector('main').scrollWidth") <= 375
        show.click()
        expect(activity.locator("canvas")).to_be_visible()
        box = activity.locator("canvas").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    finally:
        context.close()


def test_keyboard_reaches_presets_sorting_and_export(page: Page, api, unique) -> None:
    prefix = f"keys-{unique}"
    api.create(f"{prefix}-b")
    api.create(f"{prefix}-a")
    page.goto(f"/?search={prefix}")
    expect(table_links(page, prefix)).to_have_count(2)
    page.get_by_role("button", name="Last 24 hours").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"range=24h"))
    page.get_by_role("button", name="Name", exact=True).focus()
    page.keyboard.press("Enter")
    expect(table_links(page, prefix)).to_have_text([f"{prefix}-a", f"{prefix}-b"])
    page.get_by_role("checkbox", name="Include Running").focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"status=PENDING,COMPLETED,FAILED"))
    link = page.get_by_role("link", name="Export CSV")
    href = link.get_attribute("href") or ""
    assert parse_qs(urlsplit(href).query) == {
        "format": ["csv"],
        "status": ["PENDING,COMPLETED,FAILED"],
        "sort": ["name_asc"],
        "search": [prefix],
        "changed_after": [query_of(page)["changed_after"]],
    }


def test_triage_controls_pass_axe_in_both_themes(
    browser, browser_context_args, api, unique
) -> None:
    api.create(f"axe-triage-{unique}")
    for scheme in ("light", "dark"):
        context = browser.new_context(**browser_context_args, color_scheme=scheme)
        page = context.new_page()
        try:
            page.goto("/?status=RUNNING,FAILED&sort=changed_newest")
            page.get_by_role("button", name="Last hour").click()
            activity = page.get_by_role("region", name=re.compile(r"^Activity"))
            expect(activity.locator("canvas")).to_be_visible()
            activity.get_by_role("button", name="Show as table").click()
            page.get_by_role("button", name="Custom…").click()
            page.get_by_label("Created from").fill("2026-11-29T15:00")
            page.get_by_label("Created before").fill("2026-11-29T14:00")
            page.get_by_role("button", name="Apply").click()
            expect(page.get_by_label("Created from")).to_have_attribute("aria-invalid", "true")
            page.wait_for_timeout(300)
            assert serious_violations(page) == [], scheme
        finally:
            context.close()
