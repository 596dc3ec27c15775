"""Adding an implementation update in Chromium, with the keyboard alone: from the
implementation's page to the form; an update without text is refused with what was typed kept;
with the text it is published, the page shows it at the top of the timeline with the new
status and progress, and the proposal's page shows the new progress."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.helpers import ACCOUNTS, tab_to
from tests.browser.implementation_pages import JOURNEY, SEND, implementation_id
from tests.browser.test_ideas_flows import retype
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import sign_in_by_keyboard

TEXT = "Die ersten zehn Spender für Hundekotbeutel hängen am Eingang des Parks."


def test_keyboard_only_update_refused_then_published(new_page, live_server):
    page = new_page(1280)
    sign_in_by_keyboard(page, ACCOUNTS[("staff", "de")])
    number = implementation_id(live_server, JOURNEY)
    page.goto(f"/implementation/{number}")
    press(page, "#implementation-staff-links a[href$='/updates/new']")
    expect(page).to_have_url(re.compile(rf"/implementation/{number}/updates/new$"))
    expect(page.locator("#status")).to_have_value("planned")

    # The status and progress first, no text: refused, and what was typed is still there.
    tab_to(page, "#status")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#status")).to_have_value("in_progress")
    retype(page, "#progress", "35")
    press(page, SEND)
    expect(page.locator(".form-summary")).to_contain_text("Bitte beschreiben Sie")
    expect(page.locator("#status")).to_have_value("in_progress")
    expect(page.locator("#progress")).to_have_value("35")

    # From the error summary to the text field, then published.
    press(page, ".form-summary a[href='#text']")
    expect(page.locator("#text")).to_be_focused()
    page.keyboard.type(TEXT)
    press(page, SEND)
    expect(page).to_have_url(re.compile(rf"/implementation/{number}#update-\d+$"))
    newest = page.locator(".implementation-update").first
    expect(newest).to_contain_text(TEXT)
    expect(newest).to_contain_text("Stand: In Arbeit, 35 % umgesetzt")
    expect(page.locator(".implementation-meta")).to_contain_text("Stand: In Arbeit")

    page.goto(f"/proposals/{live_server.proposal_id(JOURNEY)}")
    expect(page.locator("#implementation")).to_contain_text("35 % umgesetzt")
