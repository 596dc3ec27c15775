"""Marking returned sheets in Chromium with the keyboard alone: the cursor starts in the code
field, codes are typed as a scanner types them (each ending with Enter), Tab leads to the button
and Enter sends; the results get the focus, the refused code waits in the field to be corrected,
and sending a code again says it is returned already."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import ACCOUNTS, focused_matches, tab_to
from tests.browser.returns_pages import KEYBOARD_BATCH, SEND, URL, codes_of, mistyped
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import sign_in_by_keyboard


def scan(page: Page, *codes: str) -> None:
    """Type each code and press Enter after it, as a scanner does."""
    for code in codes:
        page.keyboard.type(code)
        page.keyboard.press("Enter")


def summary(page: Page):
    """Return the summary of the results."""
    return page.locator("#returns-summary")


def test_keyboard_only_returns_with_a_correction(new_page, live_server):
    first, second, third = codes_of(live_server, KEYBOARD_BATCH)
    page = new_page(1280)
    sign_in_by_keyboard(page, ACCOUNTS[("staff", "de")])
    page.goto(URL)
    if not focused_matches(page, "#codes"):
        tab_to(page, "#codes")

    scan(page, first, second.lower().replace("-", " "), mistyped(third))
    press(page, SEND)
    expect(summary(page)).to_have_text("2 Bögen als zurückgegeben vermerkt, 1 abgelehnt.")
    assert focused_matches(page, "#returns-result"), "the results have no focus"
    expect(page.locator("#returns-table")).to_contain_text("Der Code ist falsch abgetippt.")
    expect(page.locator("#codes")).to_have_value(mistyped(third))

    # Correct the refused code in the field and send it again.
    tab_to(page, "#codes")
    page.keyboard.press("Control+A")
    scan(page, third)
    press(page, SEND)
    expect(summary(page)).to_have_text("1 Bogen als zurückgegeben vermerkt.")
    expect(page.locator("#codes")).to_have_value("")

    # The same codes once more (a second tray read twice): nothing changes, nothing is wrong.
    tab_to(page, "#codes")
    scan(page, first, third)
    press(page, SEND)
    expect(summary(page)).to_have_text("0 Bögen als zurückgegeben vermerkt, 2 schon vermerkt.")
    expect(page.locator(".form-summary")).to_have_count(0)
