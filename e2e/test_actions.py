"""Status changes and bulk actions, through the real stack: each change goes through a
confirmation, and what the page says is what the API then reports."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from ui import bulk_bar, row, row_action, serious_violations


def history(api, job_id: int) -> list[dict]:
    status, body, _ = api.call("GET", f"/api/jobs/{job_id}/history/")
    assert status == 200, body
    return body


def test_status_change_with_a_reason_lands_in_the_history(page: Page, api, unique) -> None:
    name = f"reason-{unique}"
    job = api.create(name)
    api.set_status(job["id"], "RUNNING")
    page.goto(f"/?search={name}")
    row_action(page, name, "Fail (→ Failed)")

    dialog = page.get_by_role("dialog", name="Change status")
    expect(dialog).to_contain_text(name)
    expect(dialog).to_contain_text(re.compile(r"Running\s*→\s*to\s*Failed"))
    expect(dialog.get_by_label("Reason (optional)")).to_be_focused()
    page.keyboard.type("  out of memory on node-7  ")
    expect(dialog).to_contain_text("27/500")
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    expect(row(page, name)).to_contain_text("Failed")

    last = history(api, job["id"])[-1]
    assert last["status_type"] == "FAILED"
    assert last["actor"] == "e2e-admin"
    assert last["reason"] == "out of memory on node-7"

    page.get_by_role("link", name=name, exact=True).click()
    items = page.get_by_role("list", name=re.compile("Status history")).get_by_role("listitem")
    expect(items).to_have_count(3)
    expect(items.nth(2)).to_contain_text("Failed")
    expect(items.nth(2)).to_contain_text("by e2e-admin")
    expect(items.nth(2)).to_contain_text("out of memory on node-7")
    expect(items.nth(0)).to_contain_text("by e2e-admin")


def test_a_forbidden_move_is_refused_in_the_dialog(page: Page, api, unique) -> None:
    name = f"conflict-{unique}"
    job = api.create(name)
    page.goto(f"/?search={name}")
    row_action(page, name, "Start (→ Running)")
    dialog = page.get_by_role("dialog", name="Change status")
    # Another client cancels the job while the dialog is open.
    api.set_status(job["id"], "FAILED")
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("alert")).to_have_text(
        "Couldn\u2019t change status: Cannot go from FAILED to RUNNING; allowed: PENDING."
    )
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert [h["status_type"] for h in history(api, job["id"])] == ["PENDING", "FAILED"]


def test_keys_and_the_wheel_on_the_row_actions_change_nothing(page: Page, api, unique) -> None:
    name = f"keys-{unique}"
    job = api.create(name)
    writes: list[str] = []
    page.on("request", lambda r: writes.append(r.url) if r.method in ("PATCH", "POST") else None)
    page.goto(f"/?search={name}")
    actions = page.get_by_role("button", name=f"Actions for {name}")
    actions.focus()
    actions.hover()
    page.mouse.wheel(0, 300)
    page.mouse.wheel(0, -300)
    for key in ["ArrowDown", "ArrowDown", "ArrowUp", "End", "Home", "Escape"]:
        page.keyboard.press(key)
    expect(actions).to_be_focused()
    for key in ["ArrowLeft", "ArrowRight", "ArrowRight", "PageDown", "PageUp"]:
        page.keyboard.press(key)
    # Enter on a move only opens the confirmation; Escape leaves it.
    actions.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="Change status")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(row(page, name)).to_contain_text("Pending")
    assert writes == []
    assert [h["status_type"] for h in history(api, job["id"])] == ["PENDING"]


def test_retry_every_failed_job_of_a_search_through_select_all_matching(
    page: Page, api, unique
) -> None:
    prefix = f"retry-{unique}"
    failed = [api.create(f"{prefix}-{n:02d}") for n in range(23)]
    for job in failed:
        api.set_status(job["id"], "FAILED")
    running = api.create(f"{prefix}-running")
    api.set_status(running["id"], "RUNNING")

    page.goto(f"/?status=FAILED&search={prefix}")
    expect(page.get_by_text("Showing 20 of 23")).to_be_visible()
    page.get_by_role("checkbox", name="Select all loaded jobs").check()
    expect(bulk_bar(page)).to_contain_text("20 selected")
    bulk_bar(page).get_by_role("button", name="Select all 23 matching").click()
    expect(bulk_bar(page)).to_contain_text("All 23 matching jobs selected")
    bulk_bar(page).get_by_role("button", name="Set status…").click()
    page.get_by_role("menuitem", name="Pending").click()

    dialog = page.get_by_role("dialog", name="Set status to Pending")
    preview = dialog.get_by_text(re.compile(r"^This will change"))
    expect(preview).to_be_visible()
    will_change = int(re.search(r"change ([\d,]+) jobs", preview.inner_text())[1].replace(",", ""))
    dialog.get_by_label("Reason (optional)").fill("flaky network, retry")
    dialog.get_by_role("button", name=f"Change {will_change} jobs").click()

    expect(page.get_by_role("status").filter(has_text="Changed")).to_have_text(
        f"Changed {will_change} jobs to Pending"
    )
    expect(bulk_bar(page)).to_have_count(0)
    expect(page.get_by_text("No jobs match these filters.")).to_be_visible()

    # What the API reports now is what the confirmation said.
    status, body, _ = api.call("GET", f"/api/jobs/?search={prefix}&status=PENDING&page_size=100")
    assert status == 200
    assert body["count"] == will_change == 23
    assert api.call("GET", f"/api/jobs/?search={prefix}&status=FAILED")[1]["count"] == 0
    assert api.call("GET", f"/api/jobs/{running['id']}/")[1]["current_status"] == "RUNNING"
    for job in body["results"]:
        last = job["status_history"][-1]
        assert (last["actor"], last["reason"]) == ("e2e-admin", "flaky network, retry")


def test_bulk_delete_of_picked_rows(page: Page, api, unique) -> None:
    prefix = f"bulkdel-{unique}"
    jobs = [api.create(f"{prefix}-{n}") for n in range(3)]
    page.goto(f"/?search={prefix}")
    page.get_by_role("checkbox", name=f"Select {prefix}-0").check()
    page.get_by_role("checkbox", name=f"Select {prefix}-2").check()
    bulk_bar(page).get_by_role("button", name="Delete…").click()
    dialog = page.get_by_role("alertdialog", name="Delete jobs")
    expect(dialog).to_contain_text("This will delete 2 jobs")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    dialog.get_by_role("button", name="Delete 2 jobs").click()
    expect(page.get_by_role("status").filter(has_text="Deleted")).to_have_text("Deleted 2 jobs")
    expect(row(page, f"{prefix}-1")).to_be_visible()
    expect(row(page, f"{prefix}-0")).to_have_count(0)
    assert [api.call("GET", f"/api/jobs/{j['id']}/")[0] for j in jobs] == [404, 200, 404]


def test_dialogs_and_the_bulk_bar_pass_axe_in_both_themes(page: Page, api, unique) -> None:
    name = f"axe-actions-{unique}"
    api.create(name)
    for scheme in ["light", "dark"]:
        page.emulate_media(color_scheme=scheme)
        page.goto(f"/?search={name}")
        row_action(page, name, "Start (→ Running)")
        expect(page.get_by_role("dialog", name="Change status")).to_be_visible()
        assert serious_violations(page) == [], f"status dialog, {scheme}"
        page.keyboard.press("Escape")

        page.get_by_role("checkbox", name=f"Select {name}").check()
        expect(bulk_bar(page)).to_be_visible()
        assert serious_violations(page) == [], f"bulk bar, {scheme}"
        bulk_bar(page).get_by_role("button", name="Set status…").click()
        page.get_by_role("menuitem", name="Failed").click()
        expect(page.get_by_text(re.compile(r"^This will change"))).to_be_visible()
        assert serious_violations(page) == [], f"bulk dialog, {scheme}"
        page.keyboard.press("Escape")
        bulk_bar(page).get_by_role("button", name="Delete…").click()
        expect(page.get_by_text(re.compile(r"^This will delete"))).to_be_visible()
        assert serious_violations(page) == [], f"bulk delete dialog, {scheme}"
        page.keyboard.press("Escape")


def test_change_status_from_the_job_page(page: Page, api, unique) -> None:
    name = f"jobpage-{unique}"
    job = api.create(name)
    api.set_status(job["id"], "FAILED")
    page.goto(f"/jobs/{job['id']}")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("menuitem")).to_have_text(["Retry (→ Pending)"])
    page.get_by_role("menuitem", name="Retry (→ Pending)").click()
    page.keyboard.type("second try")
    page.keyboard.press("Enter")
    items = page.get_by_role("list", name=re.compile("Status history")).get_by_role("listitem")
    expect(items).to_have_count(3)
    expect(items.nth(2)).to_contain_text("second try")
    assert history(api, job["id"])[-1]["reason"] == "second try"
