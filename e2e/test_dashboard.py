"""The dashboard as a user meets it: Chromium -> nginx -> gunicorn -> PostgreSQL.

Each test seeds its own jobs through the API with a unique name, so the tests can run
in any order against a shared database.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from ui import change_status, row, row_action, serious_violations, tab

LIVE_WITHIN_MS = 5_000  # the dashboard polls every 2 s; allow slack on a busy 2-core CI


def tab_count(page: Page, label: str) -> int:
    text = tab(page, label).inner_text()
    return int(re.sub(r"\D", "", text.split("\n")[-1]) or 0)


def live_state(page: Page):
    """The live indicator in the page header."""
    return page.get_by_role("banner").get_by_role("status")


def open_new_job(page: Page) -> None:
    page.get_by_role("button", name="New job").click()
    expect(page.get_by_label("Job name")).to_be_focused()


def test_list_loads_with_counts(page: Page, api, unique) -> None:
    api.create(f"list-{unique}")
    page.goto("/")
    expect(page.get_by_role("heading", name="Jobs", level=1)).to_be_visible()
    expect(row(page, f"list-{unique}")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Showing [\d,]+ of [\d,]+"))).to_be_visible()
    expect(tab(page, "All")).to_contain_text(re.compile(r"\d"))
    assert page.title().startswith("Jobs")


def test_create_a_job_and_see_it_pending(page: Page, unique) -> None:
    name = f"created-{unique}"
    page.goto("/")
    open_new_job(page)
    page.get_by_label("Job name").fill(f"  {name}  ")
    page.get_by_role("button", name="Create job").click()
    expect(row(page, name)).to_be_visible()
    expect(row(page, name)).to_contain_text("Pending")
    expect(page.get_by_label("Job name")).to_have_value("")


def test_change_status_updates_badge_and_counts(page: Page, api, unique) -> None:
    name = f"status-{unique}"
    api.create(name)
    page.goto("/")
    expect(row(page, name)).to_contain_text("Pending")
    expect(tab(page, "Running")).to_contain_text(re.compile(r"\d"))
    running_before = api.stats()["by_status"]["RUNNING"]
    change_status(page, name, "Start (→ Running)")
    expect(row(page, name)).to_contain_text("Running")
    expect(tab(page, "Running")).to_contain_text(f"{running_before + 1:,}", timeout=LIVE_WITHIN_MS)
    change_status(page, name, "Complete (→ Completed)")
    expect(row(page, name)).to_contain_text("Completed")


def test_filter_by_status_and_sort(page: Page, api, unique) -> None:
    for suffix, status in [("b", "FAILED"), ("a", "FAILED"), ("c", None)]:
        job = api.create(f"filter-{unique}-{suffix}")
        if status:
            api.set_status(job["id"], status)
    page.goto(f"/?search=filter-{unique}")
    expect(page.get_by_role("link", name=f"filter-{unique}-c")).to_be_visible()
    tab(page, "Failed").click()
    expect(page).to_have_url(re.compile(r"status=FAILED"))
    expect(page.get_by_role("link", name=f"filter-{unique}-c")).to_have_count(0)
    page.get_by_label("Sort by").select_option("name_asc")
    expect(page).to_have_url(re.compile(r"sort=name_asc"))
    links = page.get_by_role("table").get_by_role("link", name=re.compile(f"filter-{unique}"))
    expect(links).to_have_text([f"filter-{unique}-a", f"filter-{unique}-b"])
    page.get_by_label("Sort by").select_option("name_desc")
    expect(links).to_have_text([f"filter-{unique}-b", f"filter-{unique}-a"])


def test_search_is_debounced_and_lives_in_the_url(page: Page, api, unique) -> None:
    api.create(f"needle-{unique}")
    api.create(f"haystack-{unique}")
    page.goto("/")
    page.get_by_label("Search by name").fill(f"NEEDLE-{unique}")
    expect(page).to_have_url(re.compile(rf"search=NEEDLE-{unique}"))
    expect(page.get_by_role("link", name=f"needle-{unique}")).to_be_visible()
    expect(page.get_by_role("link", name=f"haystack-{unique}")).to_have_count(0)
    expect(page.get_by_text("Showing 1 of 1")).to_be_visible()


def test_load_more_fetches_the_next_keyset_page(page: Page, api, unique) -> None:
    for n in range(23):
        api.create(f"more-{unique}-{n:02d}")
    page.goto(f"/?search=more-{unique}")
    expect(page.get_by_text("Showing 20 of 23")).to_be_visible()
    page.get_by_role("button", name="Load more").click()
    expect(page.get_by_text("Showing 23 of 23")).to_be_visible()
    expect(page.get_by_role("link", name=f"more-{unique}-00")).to_be_visible()
    expect(page.get_by_role("button", name="Load more")).to_have_count(0)


def test_job_page_shows_history_in_order(page: Page, api, unique) -> None:
    job = api.create(f"history-{unique}")
    for status in ["RUNNING", "FAILED", "PENDING", "RUNNING"]:
        api.set_status(job["id"], status)
    page.goto("/")
    page.get_by_role("link", name=f"history-{unique}", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/jobs/{job['id']}$"))
    expect(page.get_by_role("heading", name=f"history-{unique}")).to_be_visible()
    timeline = page.get_by_role("list", name=re.compile("Status history"))
    expect(timeline.get_by_role("listitem")).to_have_count(5)
    items = timeline.get_by_role("listitem")
    for n, label in enumerate(["Pending", "Running", "Failed", "Pending", "Running"]):
        expect(items.nth(n)).to_contain_text(label)
    expect(items.nth(4)).to_contain_text("ongoing")
    assert page.title().startswith(f"history-{unique}")


def test_unknown_job_shows_not_found(page: Page) -> None:
    page.goto("/jobs/987654321")
    expect(page.get_by_role("heading", name="Job not found")).to_be_visible()


def test_delete_asks_for_confirmation(page: Page, api, unique) -> None:
    name = f"delete-{unique}"
    job = api.create(name)
    page.goto(f"/?search={name}")
    row_action(page, name, "Delete…")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    assert api.call("GET", f"/api/jobs/{job['id']}/")[0] == 200
    row_action(page, name, "Delete…")
    page.get_by_role("alertdialog").get_by_role("button", name="Delete job").click()
    expect(row(page, name)).to_have_count(0)
    assert api.call("GET", f"/api/jobs/{job['id']}/")[0] == 404


def test_client_side_validation_sends_nothing(page: Page) -> None:
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto("/")
    open_new_job(page)
    page.get_by_role("button", name="Create job").click()
    name_input = page.get_by_label("Job name")
    expect(name_input).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text(re.compile("name", re.I))
    name_input.fill("x" * 201)
    page.get_by_role("button", name="Create job").click()
    expect(page.get_by_role("alert")).to_contain_text("200")
    assert posts == []


def test_server_validation_error_is_shown(page: Page) -> None:
    """Python's strip() treats the ASCII separator controls as whitespace, JavaScript's
    trim() does not: the client lets this name through and the server refuses it."""
    page.goto("/")
    open_new_job(page)
    page.get_by_label("Job name").fill("\x1c\x1d")
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_role("button", name="Create job").click()
    assert response.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Name must not be blank.")


def test_job_created_elsewhere_appears_without_reload(page: Page, api, unique) -> None:
    page.goto("/")
    expect(page.get_by_role("table")).to_be_visible()
    name = f"elsewhere-{unique}"
    job = api.create(name)
    expect(row(page, name)).to_be_visible(timeout=LIVE_WITHIN_MS)
    api.set_status(job["id"], "FAILED")
    expect(row(page, name)).to_contain_text("Failed", timeout=LIVE_WITHIN_MS)
    api.call("DELETE", f"/api/jobs/{job['id']}/")
    expect(row(page, name)).to_have_count(0, timeout=LIVE_WITHIN_MS)


def test_back_restores_the_previous_filter(page: Page) -> None:
    page.goto("/")
    tab(page, "Running").click()
    expect(page).to_have_url(re.compile(r"status=RUNNING"))
    tab(page, "Completed").click()
    expect(page).to_have_url(re.compile(r"status=COMPLETED"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"status=RUNNING"))
    expect(tab(page, "Running")).to_have_attribute("aria-current", "page")
    page.go_back()
    expect(tab(page, "All")).to_have_attribute("aria-current", "page")


def test_markup_in_a_name_is_shown_as_text(page: Page, api, unique) -> None:
    name = f"<img src=x onerror=alert(1)>{unique}"
    job = api.create(name)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"/?search={unique}")
    expect(page.get_by_role("link", name=name)).to_be_visible()
    page.goto(f"/jobs/{job['id']}")
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    assert page.locator("img[src=x]").count() == 0
    assert dialogs == []


def test_mobile_width_has_no_horizontal_scroll(browser, browser_context_args, api, unique) -> None:
    name = f"mobile-{unique}"
    api.create(name)
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 375, "height": 740}}
    )
    page = context.new_page()
    try:
        page.goto(f"/?search={name}")
        expect(page.get_by_role("link", name=name)).to_be_visible()
        # The first job is in view without scrolling, its one control too.
        expect(page.get_by_role("link", name=name)).to_be_in_viewport()
        expect(page.get_by_role("button", name=f"Actions for {name}")).to_be_in_viewport()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 375
        # The status tabs stay one row (scrolling sideways), not three.
        tabs = page.get_by_role("navigation", name="Filter by status").get_by_role("link")
        tops = {round(tabs.nth(i).bounding_box()["y"]) for i in range(tabs.count())}
        assert len(tops) == 1, tops
        # The row's checkbox is on its card too, labelled.
        expect(page.get_by_role("checkbox", name=f"Select {name}")).to_be_in_viewport()
        change_status(page, name, "Start (→ Running)")
        expect(row(page, name)).to_contain_text("Running")
    finally:
        context.close()


def test_keyboard_can_create_a_job(page: Page, unique) -> None:
    name = f"keyboard-{unique}"
    page.goto("/")
    expect(page.get_by_role("button", name="New job")).to_be_visible()
    page.keyboard.press("n")
    expect(page.get_by_label("Job name")).to_be_focused()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    expect(row(page, name)).to_be_visible()


def test_no_serious_accessibility_violations(page: Page, api, unique) -> None:
    job = api.create(f"axe-{unique}")
    for path in ["/", f"/jobs/{job['id']}"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert serious_violations(page) == [], path


def test_each_row_is_one_tab_stop_with_arrows_inside(page: Page, api, unique) -> None:
    first, second = f"tabs-{unique}-1", f"tabs-{unique}-2"
    api.create(first)
    api.create(second)
    page.goto(f"/?search=tabs-{unique}")
    page.get_by_role("link", name=second).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=first)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("button", name=f"Actions for {second}")).to_be_focused()
    page.keyboard.press("Home")
    expect(page.get_by_role("checkbox", name=f"Select {second}")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=first)).to_be_focused()


def test_slash_focuses_search_but_not_while_typing(page: Page, api, unique) -> None:
    api.create(f"slash-{unique}")
    page.goto("/")
    expect(row(page, f"slash-{unique}")).to_be_visible()
    page.keyboard.press("/")
    search = page.get_by_label("Search by name")
    expect(search).to_be_focused()
    page.keyboard.type(f"slash-{unique}/x")
    expect(search).to_have_value(f"slash-{unique}/x")


def test_new_job_while_two_pages_are_loaded_waits_in_a_banner(page: Page, api, unique) -> None:
    prefix = f"banner-{unique}"
    for n in range(25):
        api.create(f"{prefix}-{n:02d}")
    page.goto(f"/?search={prefix}")
    expect(page.get_by_text("Showing 20 of 25")).to_be_visible()
    page.get_by_role("button", name="Load more").click()
    expect(page.get_by_text("Showing 25 of 25")).to_be_visible()
    rows = page.get_by_role("table").get_by_role("row")
    watched = [rows.nth(i) for i in (1, 5, 12)]
    before = [(r.inner_text().split()[0], r.bounding_box()["y"]) for r in watched]

    api.create(f"{prefix}-new")

    banner = page.get_by_role("button", name="1 new job · Show")
    expect(banner).to_be_visible(timeout=LIVE_WITHIN_MS)
    after = [(r.inner_text().split()[0], r.bounding_box()["y"]) for r in watched]
    assert after == before, "rows moved under the reader"
    expect(page.get_by_role("link", name=f"{prefix}-new")).to_have_count(0)
    expect(page.get_by_text("Showing 25 of 26")).to_be_visible()

    banner.click()
    new_link = page.get_by_role("link", name=f"{prefix}-new")
    expect(new_link).to_be_focused()
    expect(rows.nth(1)).to_contain_text(f"{prefix}-new")
    expect(banner).to_have_count(0)


def test_offline_shows_offline_within_a_poll_then_live(page: Page, context) -> None:
    page.goto("/")
    expect(live_state(page)).to_have_text("Live")
    context.set_offline(True)
    try:
        expect(live_state(page)).to_have_text("Offline", timeout=2_000)
        expect(page.get_by_text(re.compile(r"^Durations frozen at"))).to_be_visible()
    finally:
        context.set_offline(False)
    expect(live_state(page)).to_have_text("Live", timeout=LIVE_WITHIN_MS)
    expect(page.get_by_text(re.compile(r"^Durations frozen at"))).to_have_count(0)


def test_pausing_stops_the_requests(page: Page) -> None:
    page.goto("/")
    expect(live_state(page)).to_have_text("Live")
    api_calls: list[str] = []
    page.on("request", lambda r: api_calls.append(r.url) if "/api/" in r.url else None)
    page.get_by_role("button", name="Pause live updates").click()
    expect(live_state(page)).to_have_text("Paused")
    api_calls.clear()
    page.wait_for_timeout(5_000)  # two and a half poll intervals
    assert api_calls == []
    with page.expect_request(lambda r: "/api/jobs/stats/" in r.url, timeout=3_000):
        page.get_by_role("button", name="Resume live updates").click()
    expect(live_state(page)).to_have_text("Live")


def test_dark_theme_follows_the_system_and_passes_axe(
    browser, browser_context_args, api, unique
) -> None:
    job = api.create(f"dark-{unique}")
    context = browser.new_context(**browser_context_args, color_scheme="dark")
    page = context.new_page()
    try:
        for path in ["/", f"/jobs/{job['id']}"]:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
            assert background == "rgb(14, 17, 23)", background
            assert serious_violations(page) == [], path
        toggle = page.get_by_role("button", name="Dark theme")
        expect(toggle).to_have_attribute("aria-pressed", "true")
    finally:
        context.close()


def test_theme_toggle_is_remembered(page: Page) -> None:
    page.goto("/")
    toggle = page.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.get_by_role("button", name="Dark theme")).to_have_attribute("aria-pressed", "true")
    assert serious_violations(page) == []


def test_columns_keep_their_place_between_tabs(page: Page, api, unique) -> None:
    short = api.create(f"columns-{unique}")
    api.set_status(short["id"], "FAILED")
    long = api.create(f"columns-{unique}-" + "a-much-longer-name-" * 6)
    api.set_status(long["id"], "RUNNING")
    api.set_status(long["id"], "COMPLETED")
    page.goto(f"/?search=columns-{unique}")
    expect(row(page, f"columns-{unique}")).to_be_visible()
    headers = page.get_by_role("columnheader")

    def edges() -> list[float]:
        return [round(headers.nth(i).bounding_box()["x"]) for i in range(headers.count())]

    before = edges()
    for label in ["Failed", "Completed", "All"]:
        tab(page, label).click()
        expect(tab(page, label)).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("table")).to_be_visible()
        assert edges() == before, label
