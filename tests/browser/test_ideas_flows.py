"""Typing in idea cards in Chromium, with the keyboard alone: the cursor starts in the code
field; a card typed in already is refused with what was typed kept; the right card goes
through, the form comes back empty with the cursor in the code field for the next card, and
the proposal says "Auf Papier eingereicht" with the name the author agreed to show."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import ACCOUNTS, FOCUS_STATE, focused_matches, tab_to
from tests.browser.ideas_pages import BASE, NAMED, SEND, card_of, fresh_card
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import choose_by_typing, sign_in_by_keyboard

TITLE = "Kartenprobe: Ein Sonnensegel für den Spielplatz"
BODY = "Im Sommer ist der Spielplatz ohne Schatten."


def retype(page: Page, selector: str, text: str) -> None:
    """Tab to a field (unless it has the focus), select what is in it and type `text`."""
    if not focused_matches(page, selector):
        tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def tick(page: Page, selector: str) -> None:
    """Tab to a check box and tick it with Space (unless it is ticked)."""
    tab_to(page, selector)
    if not page.locator(selector).is_checked():
        page.keyboard.press("Space")
    expect(page.locator(selector)).to_be_checked()


def back_to(page: Page, selector: str, limit: int = 10) -> None:
    """Press Shift+Tab until the element matching `selector` (above the focus) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab")
        state = page.evaluate(FOCUS_STATE)
        assert state["visible"], f"no visible focus indicator on {state['html']}"
        if focused_matches(page, selector):
            return
    raise AssertionError(f"{selector} never got focus going back {limit} times")


def type_card(page: Page, code: str, name: str) -> None:
    """Type a card into the form from the code field on, and send it with Enter."""
    retype(page, "#code", code)
    retype(page, "#title", TITLE)
    retype(page, "#body", BODY)
    choose_by_typing(page, "#category", "S", "Sonstiges")
    tick(page, "#name_published")
    retype(page, "#author_name", name)
    tick(page, "#verbatim")
    press(page, SEND)


def test_keyboard_only_idea_card_refused_then_saved(new_page, live_server):
    page = new_page(1280)
    sign_in_by_keyboard(page, ACCOUNTS[("staff", "de")])
    page.goto(f"{BASE}/new")
    expect(page.locator("main h1")).to_have_text("Ideenkarte erfassen")
    expect(page.locator("#code")).to_be_focused()

    # A card typed in already: refused, and everything typed is still there.
    counted = card_of(live_server, NAMED)
    type_card(page, counted, "Konrad Karte")
    expect(page.locator(".form-summary")).to_contain_text("schon gezählt")
    expect(page.locator("#idea-counted")).to_contain_text(NAMED)
    expect(page.locator("#code")).to_have_value(counted)
    expect(page.locator("#body")).to_have_value(BODY)
    expect(page.locator("#author_name")).to_have_value("Konrad Karte")

    # The right card: saved; the empty form is ready for the next card.
    code = fresh_card(live_server)
    type_card(page, code, "Konrad Karte")
    done = page.locator("#idea-done")
    expect(done).to_contain_text(f"Karte {code} ist erfasst.")
    expect(done).to_contain_text("Auf Papier eingereicht von Konrad Karte")
    expect(page.locator("#code")).to_be_focused()
    expect(page.locator("#code")).to_have_value("")
    expect(page.locator("#verbatim")).not_to_be_checked()

    # The link to the new proposal is in the note, just above the code field.
    back_to(page, "#idea-done a.kern-link")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator(".proposal-origin")).to_have_text("Auf Papier eingereicht von Konrad Karte")
