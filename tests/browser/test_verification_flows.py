"""The verification desk in Chromium: staff find an account, type what the ID says, tick that
they saw it, verify, and take it back. With the keyboard alone, and without JavaScript (with a
mistake, a second account of the same person refused, and a switch of accounts). Each journey
has its own accounts (verification_pages.py), so the page checks do not depend on the order."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in, tab_to, type_into
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import choose_by_typing, flash, sign_in_by_keyboard
from tests.browser.verification_pages import KEYBOARD, NO_SCRIPT, NO_SCRIPT_SECOND, STAFF_ADDRESS

DESK_LINK = ".site-nav a[href='/verification/']"
VERIFY = "main form:has(#surname) button[type=submit]"
REVOKE = "main form:has(#confirm) button[type=submit]"


def open_desk_by_keyboard(page: Page) -> None:
    """Go to the desk through the main navigation where it has a link, else by address."""
    if page.locator(DESK_LINK).count():
        press(page, DESK_LINK)
    else:
        page.goto("/verification/")
    expect(page.locator("main h1")).to_have_text("Konten bestätigen")


def test_keyboard_only_verify_and_revoke(new_page, live_server):
    page = new_page(1280)
    sign_in_by_keyboard(page, STAFF_ADDRESS)
    open_desk_by_keyboard(page)
    type_into(page, "#q", KEYBOARD[0])
    page.keyboard.press("Enter")
    expect(page.locator("main [role=status]")).to_have_text("1 Konto gefunden")
    press(page, f"main a[href='/verification/{live_server.user_id(KEYBOARD[0])}']")
    expect(page.locator("main h1")).to_contain_text(KEYBOARD[1])

    type_into(page, "#surname", "Tastmann")
    type_into(page, "#given_names", "Tilda Marie")
    type_into(page, "#birth_date", "02.02.1980")
    choose_by_typing(page, "#district", "Sch", "Schlettwein")
    tab_to(page, "#id_seen")
    page.keyboard.press("Space")
    expect(page.locator("#id_seen")).to_be_checked()
    press(page, VERIFY)
    expect(flash(page)).to_contain_text(f"Das Konto von {KEYBOARD[1]} ist jetzt bestätigt.")
    expect(page.locator("#verification-state")).to_contain_text("Volker Verwaltung")
    expect(page.locator("main")).to_contain_text("Schlettwein")

    tab_to(page, "#confirm")
    page.keyboard.press("Space")
    press(page, REVOKE)
    expect(flash(page)).to_contain_text("ist zurückgenommen")
    expect(page.locator("#verification-state")).to_have_text("Nicht bestätigt")
    expect(page.locator("#surname")).to_have_value("")  # nothing typed is shown again


def find_and_open(page: Page, text: str, name: str) -> None:
    """Search the desk for `text` and open the account called `name`."""
    page.locator("#q").fill(text)
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator("main table").get_by_role("link", name=name).click()
    expect(page.locator("main h1")).to_contain_text(name)


def test_verify_switch_accounts_without_javascript(nojs_context, live_server):
    page = nojs_context.new_page()
    sign_in(page, STAFF_ADDRESS)
    page.goto("/verification/")
    find_and_open(page, "ohnejs", NO_SCRIPT[1])

    # A mistake first: the box is not ticked; what was typed stays.
    page.locator("#surname").fill("Ohnescript")
    page.locator("#given_names").fill("Nils")
    page.locator("#birth_date").fill("30.11.1975")
    page.locator(VERIFY).click()
    expect(page.locator(".form-summary")).to_contain_text("gültigen Ausweis gesehen")
    expect(page.locator("#surname")).to_have_value("Ohnescript")
    page.locator("#id_seen").check()
    page.locator(VERIFY).click()
    expect(flash(page)).to_contain_text("ist jetzt bestätigt")

    # The same person on a second account, spelt differently: refused, the first one named.
    page.locator("main").get_by_role("link", name="Zurück zur Suche").click()
    find_and_open(page, "ohnejs", NO_SCRIPT_SECOND[1])
    page.locator("#surname").fill("OHNESCRIPT")
    page.locator("#given_names").fill("nils henrik")
    page.locator("#birth_date").fill("1975-11-30")
    page.locator("#id_seen").check()
    page.locator(VERIFY).click()
    conflict = page.locator("#identity-conflict")
    expect(conflict).to_contain_text(NO_SCRIPT[1])
    expect(conflict).to_contain_text("p***@example.org")
    expect(conflict).to_contain_text("nur ein bestätigtes Konto")

    # The person wants to switch: revoke the first account, then verify the second.
    conflict.get_by_role("link", name="Zum anderen Konto").click()
    page.locator("#confirm").check()
    page.locator(REVOKE).click()
    expect(flash(page)).to_contain_text("ist zurückgenommen")
    page.go_back()  # back to the first account's page
    page.goto(f"/verification/{live_server.user_id(NO_SCRIPT_SECOND[0])}")
    page.locator("#surname").fill("Ohnescript")
    page.locator("#given_names").fill("Nils")
    page.locator("#birth_date").fill("30.11.1975")
    page.locator("#id_seen").check()
    page.locator(VERIFY).click()
    expect(page).to_have_url(re.compile(r"/verification/\d+$"))
    expect(flash(page)).to_contain_text(f"Das Konto von {NO_SCRIPT_SECOND[1]} ist jetzt bestätigt.")
