"""Typing in a letter about a proposal in Chromium, with the keyboard alone: from the proposal
page to the form, where the cursor starts in the text field; a name without the consent box is
refused with what was typed kept; with the box ticked the letter is saved, the form comes back
empty for the next letter, and the note leads to the comment in the discussion, headed "Auf
Papier eingereicht von …"."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import ACCOUNTS, tab_to
from tests.browser.paper_comment_pages import BASE, OPEN, SEND
from tests.browser.test_ideas_flows import back_to, retype, tick
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import sign_in_by_keyboard

TEXT = "Briefprobe: An der Haltestelle fehlt auch ein Dach gegen den Regen."
NAME = "Konrad Kurzbrief"


def fill_letter(page: Page, consent: bool) -> None:
    """Type the letter from the text field on, and send it with Enter."""
    retype(page, "#body", TEXT)
    if consent:
        tick(page, "#name_published")
    retype(page, "#author_name", NAME)
    tick(page, "#verbatim")
    press(page, SEND)


def test_keyboard_only_letter_refused_then_saved(new_page, live_server):
    page = new_page(1280)
    sign_in_by_keyboard(page, ACCOUNTS[("staff", "de")])
    proposal_id = live_server.proposal_id(OPEN)
    page.goto(f"/proposals/{proposal_id}")
    press(page, ".proposal-paper-comment a")
    expect(page).to_have_url(re.compile(re.escape(f"{BASE}?proposal={proposal_id}") + "$"))
    expect(page.locator("main h1")).to_have_text("Kommentar von Papier erfassen")
    expect(page.locator("#paper-comment-proposal")).to_contain_text(OPEN)
    expect(page.locator("#body")).to_be_focused()

    # A name without the consent box: refused, and everything typed is still there.
    fill_letter(page, consent=False)
    expect(page.locator(".form-summary")).to_contain_text("Ohne Kreuz bei")
    expect(page.locator("#body")).to_have_value(TEXT)
    expect(page.locator("#author_name")).to_have_value(NAME)

    # With the box ticked: saved; the empty form is ready for the next letter.
    fill_letter(page, consent=True)
    done = page.locator("#paper-comment-done")
    expect(done).to_contain_text("Der Kommentar ist erfasst.")
    expect(done).to_contain_text(f"Auf Papier eingereicht von {NAME}")
    expect(page.locator("#body")).to_be_focused()
    expect(page.locator("#body")).to_have_value("")
    expect(page.locator("#verbatim")).not_to_be_checked()

    # The link to the new comment is in the note, just above the text field.
    back_to(page, "#paper-comment-done a.kern-link")
    page.keyboard.press("Enter")
    comment_id = live_server.comment_id(TEXT)
    expect(page).to_have_url(re.compile(rf"/proposals/{proposal_id}#comment-{comment_id}$"))
    heading = page.locator(f"#comment-{comment_id}-heading")
    expect(heading).to_have_text(f"Auf Papier eingereicht von {NAME}")
    tab_to(page, f"#comment-{comment_id} summary")  # others may answer it
