"""The hand-out desk in Chromium: staff pick the vote, type what the ID says, tick that they saw
it and record the hand-out; the form comes back empty with the cursor in it for the next
person. With the keyboard alone (a person refused twice: once already handed a ballot, once
from a district the vote is not for), and without JavaScript. Each journey has its own vote
(handout_pages.py), so the page checks do not depend on the order."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.handout_pages import BASE, KEYBOARD, NO_SCRIPT, STAFF_ADDRESS, vote_id
from tests.browser.helpers import focused_matches, sign_in, tab_to
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import choose_by_typing, flash, sign_in_by_keyboard

SEND = "#handout-form button[type=submit]"


def facts(page: Page):
    """Return the facts of the vote (who may vote, hand-outs today and in all)."""
    return page.locator("main .builder-facts")


def retype(page: Page, selector: str, text: str) -> None:
    """Tab to a field, select what is in it and type `text` over it."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def type_id_by_keyboard(page: Page, surname: str, given: str, born: str, district: str) -> None:
    """Type the ID into the form (over what is there), pick the district by typing, tick the
    box with Space (unless it is ticked) and send with Enter."""
    if focused_matches(page, "#surname"):  # an empty form puts the cursor there
        page.keyboard.type(surname)
    else:
        retype(page, "#surname", surname)
    retype(page, "#given_names", given)
    retype(page, "#birth_date", born)
    # Only plain letters: Chromium types an umlaut as inserted text, which a select ignores.
    choose_by_typing(page, "#district", district[:1], district)
    tab_to(page, "#id_seen")
    if not page.locator("#id_seen").is_checked():
        page.keyboard.press("Space")
    expect(page.locator("#id_seen")).to_be_checked()
    press(page, SEND)


def test_keyboard_only_handout_refusals_and_the_next_person(new_page, live_server):
    page = new_page(1280)
    sign_in_by_keyboard(page, STAFF_ADDRESS)
    page.goto(f"{BASE}/")
    expect(page.locator("main h1")).to_have_text("Stimmzettel ausgeben")
    press(page, f"main a[href='{BASE}/{vote_id(live_server, KEYBOARD)}']")
    expect(page.locator("main")).to_contain_text(KEYBOARD)

    type_id_by_keyboard(page, "Tastenreich", "Theo Karl", "09.10.1955", "Köstitz")
    expect(flash(page)).to_contain_text("Stimmzettel ausgeben")
    expect(facts(page)).to_contain_text(re.compile(r"Heute ausgegeben\s*1"))
    expect(page.locator("#surname")).to_have_value("")
    expect(page.locator("#birth_date")).to_have_value("")
    expect(page.locator("#id_seen")).not_to_be_checked()

    # The same person again, typed otherwise: refused; the refusal has the focus, and what
    # was typed is there to compare with the ID.
    type_id_by_keyboard(page, "TASTENREICH", "theo", "09.10.1955", "Köstitz")
    refusal = page.locator("#handout-refusal")
    expect(refusal).to_contain_text("schon einen Stimmzettel bekommen")
    expect(refusal).to_be_focused()
    expect(page.locator("#surname")).to_have_value("TASTENREICH")
    expect(facts(page)).to_contain_text(re.compile(r"Insgesamt ausgegeben\s*1"))

    # Someone else, from a district the vote is not for: refused; then it was a misreading.
    type_id_by_keyboard(page, "Tastenarm", "Tina", "11.12.1966", "Schlettwein")
    expect(page.locator("#handout-refusal")).to_contain_text("nicht in einem Ortsteil")
    expect(page.locator("#surname")).to_have_value("Tastenarm")
    choose_by_typing(page, "#district", "K", "Köstitz")
    press(page, SEND)
    expect(flash(page)).to_contain_text("Stimmzettel ausgeben")
    expect(facts(page)).to_contain_text(re.compile(r"Insgesamt ausgegeben\s*2"))
    expect(page.locator("main")).not_to_contain_text("Tastenarm")


def test_handout_without_javascript(nojs_context, live_server):
    page = nojs_context.new_page()
    sign_in(page, STAFF_ADDRESS)
    page.goto(f"{BASE}/")
    page.locator("main").get_by_role("link", name=NO_SCRIPT).click()

    # A mistake first: the box is not ticked; what was typed stays.
    page.locator("#surname").fill("Ohneskript")
    page.locator("#given_names").fill("Olga")
    page.locator("#birth_date").fill("1971-08-30")
    page.locator(SEND).click()
    expect(page.locator(".form-summary")).to_contain_text("gültigen Ausweis gesehen")
    expect(page.locator("#surname")).to_have_value("Ohneskript")
    page.locator("#id_seen").check()
    page.locator(SEND).click()
    expect(flash(page)).to_contain_text("Stimmzettel ausgeben")
    expect(page.locator("#surname")).to_have_value("")

    page.locator("#surname").fill("Ohneskript")
    page.locator("#given_names").fill("Olga Maria")
    page.locator("#birth_date").fill("30.08.1971")
    page.locator("#id_seen").check()
    page.locator(SEND).click()
    expect(page.locator("#handout-refusal")).to_contain_text("schon abgestimmt")
    expect(facts(page)).to_contain_text(re.compile(r"Insgesamt ausgegeben\s*1"))
