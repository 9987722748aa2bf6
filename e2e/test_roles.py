"""Signing in through the real sign-in page, and what each role is offered (SPEC
"Identity and permissions"). Sign-in and sign-out here make sessions of their own:
signing out of the suite's shared sessions (conftest.session_state) would end them for
the tests after this one."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Page, expect
from ui import bulk_bar, row


def sign_in(page: Page, user: dict[str, str]) -> None:
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    page.get_by_label("Username").fill(user["username"])
    page.get_by_label("Password").fill(user["password"])
    page.get_by_role("button", name="Sign in").click()


def login_url(next_path: str) -> re.Pattern[str]:
    return re.compile(re.escape(f"/login?next={quote(next_path, safe='')}") + "$")


def test_sign_in_page_returns_to_the_page_asked_for(context_as, users, api, unique) -> None:
    name = f"signin-{unique}"
    job = api.create(name)
    page = context_as(None).new_page()
    page.goto(f"/jobs/{job['id']}")
    expect(page).to_have_url(login_url(f"/jobs/{job['id']}"))

    page.get_by_label("Username").fill(users["viewer"]["username"])
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(login_url(f"/jobs/{job['id']}"))

    sign_in(page, users["viewer"])
    expect(page).to_have_url(re.compile(rf"/jobs/{job['id']}$"))
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def test_a_viewer_is_offered_nothing_that_writes(context_as, api, unique) -> None:
    name = f"viewer-{unique}"
    job = api.create(name)
    page = context_as("viewer").new_page()
    page.goto(f"/?search={name}")
    expect(row(page, name)).to_be_visible()
    expect(page.get_by_role("button", name="New job")).to_have_count(0)
    # No row checkboxes (the status tabs' filter checkboxes are for everyone).
    expect(page.get_by_role("table").get_by_role("checkbox")).to_have_count(0)
    expect(page.get_by_role("checkbox", name=re.compile("^Select"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Actions for"))).to_have_count(0)
    expect(bulk_bar(page)).to_have_count(0)
    page.goto(f"/jobs/{job['id']}")
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Change status")).to_have_count(0)
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)


def test_an_operator_changes_statuses_one_or_in_bulk_but_deletes_nothing(
    context_as, api, unique
) -> None:
    name = f"operator-{unique}"
    job = api.create(name)
    page = context_as("operator").new_page()
    page.goto(f"/?search={name}")
    expect(page.get_by_role("button", name="New job")).to_be_visible()
    page.get_by_role("button", name=f"Actions for {name}").click()
    expect(page.get_by_role("menuitem")).to_have_text(["Start (→ Running)", "Cancel (→ Failed)"])
    page.keyboard.press("Escape")
    page.get_by_role("checkbox", name=f"Select {name}").check()
    expect(bulk_bar(page).get_by_role("button", name="Set status…")).to_be_visible()
    expect(bulk_bar(page).get_by_role("button", name="Delete…")).to_have_count(0)

    # The operator's bulk change goes through, in the operator's name.
    bulk_bar(page).get_by_role("button", name="Set status…").click()
    page.get_by_role("menuitem", name="Running").click()
    dialog = page.get_by_role("dialog", name="Set status to Running")
    expect(dialog).to_contain_text("This will change 1 job.")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Changed")).to_have_text(
        "Changed 1 job to Running"
    )
    last = api.call("GET", f"/api/jobs/{job['id']}/")[1]["status_history"][-1]
    assert (last["status_type"], last["actor"]) == ("RUNNING", "e2e-operator")

    page.goto(f"/jobs/{job['id']}")
    expect(page.get_by_role("button", name="Change status")).to_be_visible()
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)


def test_an_admin_is_offered_everything(page: Page, api, unique) -> None:
    name = f"admin-{unique}"
    job = api.create(name)
    page.goto(f"/?search={name}")
    expect(page.get_by_role("button", name="New job")).to_be_visible()
    page.get_by_role("button", name=f"Actions for {name}").click()
    expect(page.get_by_role("menuitem")).to_have_text(
        ["Start (→ Running)", "Cancel (→ Failed)", "Delete…"]
    )
    page.keyboard.press("Escape")
    page.get_by_role("checkbox", name=f"Select {name}").check()
    expect(bulk_bar(page).get_by_role("button", name="Set status…")).to_be_visible()
    expect(bulk_bar(page).get_by_role("button", name="Delete…")).to_be_visible()
    page.goto(f"/jobs/{job['id']}")
    expect(page.get_by_role("button", name="Change status")).to_be_visible()
    expect(page.get_by_role("button", name="Delete")).to_be_visible()


def test_sign_out_returns_to_sign_in(context_as, users) -> None:
    page = context_as(None).new_page()
    page.goto("/")
    sign_in(page, users["viewer"])
    expect(page.get_by_role("heading", name="Jobs", level=1)).to_be_visible()
    page.get_by_role("button", name=re.compile(r"account menu$")).click()
    page.get_by_role("menuitem", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    # The session is gone on the server too, not only in the page.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_an_expired_session_goes_to_sign_in_keeping_the_url(context_as, users, api, unique) -> None:
    name = f"expired-{unique}"
    api.create(name)
    context = context_as(None)
    page = context.new_page()
    asked = f"/?search={name}"
    page.goto(asked)
    sign_in(page, users["operator"])
    expect(row(page, name)).to_be_visible()

    context.clear_cookies(name="sessionid")
    # The next live poll (every 2 s) answers 401.
    expect(page).to_have_url(login_url(asked), timeout=10_000)
    sign_in(page, users["operator"])
    expect(page).to_have_url(re.compile(re.escape(asked) + "$"))
    expect(row(page, name)).to_be_visible()
