"""What the end-to-end tests do on a page, as a user would, shared by the test files."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect


def row(page: Page, name: str) -> Locator:
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def tab(page: Page, label: str) -> Locator:
    """The status tab named ``label`` ("Running", "Running + Failed"), with its count."""
    return page.get_by_role("navigation", name="Filter by status").get_by_role(
        "link", name=re.compile(rf"^{re.escape(label)}\s*[\d,\u2013]+$")
    )


def row_action(page: Page, name: str, item: str) -> None:
    page.get_by_role("button", name=f"Actions for {name}", exact=True).click()
    page.get_by_role("menuitem", name=item).click()


def change_status(page: Page, name: str, item: str, reason: str = "") -> None:
    """Choose a move from the row's menu ("Start (→ Running)"), give the reason, press Enter."""
    row_action(page, name, item)
    dialog = page.get_by_role("dialog", name="Change status")
    expect(dialog.get_by_label("Reason (optional)")).to_be_focused()
    if reason:
        page.keyboard.type(reason)
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)


def bulk_bar(page: Page) -> Locator:
    return page.get_by_role("region", name="Bulk actions")


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
