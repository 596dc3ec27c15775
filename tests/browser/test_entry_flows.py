"""Entering paper ballots in Chromium with the keyboard alone: double entry with a mismatch
and the arbitration by a third staff member, then the sheet counts once; and the entry screen
without JavaScript."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.extensions import db
from participation.votes.models import Ballot, BallotChoice, Vote
from tests.browser.entry_pages import BASE, CLERKS, FLOW_SHEET, SAVE, VOTE, sheet, subject_id
from tests.browser.helpers import focused_matches, sign_in, tab_to
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import flash, sign_in_by_keyboard


def option_ids(live_server) -> tuple[int, int]:
    """Return the ids of "Ja" and "Nein" of the seeded vote."""
    with live_server.app.app_context():
        vote = db.session.get(Vote, subject_id(live_server, Vote, VOTE))
        return vote.options[0].id, vote.options[1].id


def staff_page(new_page, who: str) -> Page:
    """Return a page signed in (by keyboard) as one of the seeded staff members, on the entry
    screen, with the focus in the code field."""
    page = new_page(1280)
    sign_in_by_keyboard(page, CLERKS[who][0])
    page.goto(f"{BASE}/")
    assert focused_matches(page, "#code"), "the code field has no focus"
    return page


def type_code(page: Page, code: str) -> None:
    """Type a sheet code as a scanner would, ending with Enter."""
    page.keyboard.type(code.lower().replace("-", " "))
    page.keyboard.press("Enter")


def tick(page: Page, selector: str) -> None:
    """Tab to a check box (unless it has the focus) and tick it with the space bar."""
    if not focused_matches(page, selector):
        tab_to(page, selector)
    page.keyboard.press("Space")
    expect(page.locator(selector)).to_be_checked()


def enter_ballot(page: Page, code: str, box: str, message: str) -> None:
    """Open the ballot by its code, tick one box, save with Enter, and check that the code
    field has the focus again for the next sheet."""
    type_code(page, code)
    expect(page.locator("main h1")).to_contain_text(code)
    assert focused_matches(page, "main input[type=checkbox]"), "the first box has no focus"
    tick(page, box)
    page.keyboard.press("Enter")  # Enter on the box sends the form
    expect(flash(page)).to_contain_text(message)
    assert focused_matches(page, "#code"), "the code field has no focus after saving"


def test_keyboard_only_double_entry_with_a_mismatch_and_arbitration(new_page, live_server):
    _sheet_id, code = sheet(live_server, FLOW_SHEET)
    yes, no = option_ids(live_server)

    first = staff_page(new_page, "first")
    enter_ballot(first, code, f"#mark-{yes}", "Die erste Erfassung ist gespeichert.")
    second = staff_page(new_page, "second")
    enter_ballot(second, code, f"#mark-{no}", "weicht von der ersten ab")

    # One of the first two may not decide: the code screen says why, the code stays typed.
    type_code(first, code)
    expect(first.locator(".form-summary")).to_contain_text("entscheidet eine dritte Person")
    expect(first.locator("#code")).to_have_attribute("aria-invalid", "true")

    # The third sees both entries side by side and decides.
    third = staff_page(new_page, "third")
    type_code(third, code)
    expect(third).to_have_url(re.compile(rf"{BASE}/arbitration/\d+$"))
    expect(third.locator("#differences")).to_have_text("2 Abweichungen")
    differing = third.locator(".entry-compare__item--differs")
    expect(differing).to_have_count(2)
    expect(differing.first).to_contain_text("Abweichung")
    expect(differing.first).to_contain_text("Erste Erfassung")
    expect(third.locator(f"#mark-{yes}")).not_to_be_checked()  # the disputed boxes are empty
    tick(third, f"#mark-{yes}")
    press(third, SAVE)
    expect(flash(third)).to_contain_text(f"Bogen {code} ist gezählt: Gültig.")
    expect(third.locator("main h1")).to_have_text("Abweichende Erfassungen")
    expect(third.locator(f"main a:has-text('{code}')")).to_have_count(0)

    with live_server.app.app_context():
        ballot = db.session.scalar(select(Ballot).where(Ballot.receipt == code))
        chosen = db.session.scalars(
            select(BallotChoice.option_id).where(BallotChoice.ballot_id == ballot.id)
        ).all()
    assert (ballot.channel.value, chosen) == ("paper", [yes])

    # Counted once: the code is refused everywhere now.
    type_code(second, code)
    expect(second.locator(".form-summary")).to_contain_text("schon gezählt")


def test_the_entry_screen_works_without_javascript(nojs_context, live_server):
    _sheet_id, code = sheet(live_server, FLOW_SHEET + 1)
    page = nojs_context.new_page()
    sign_in(page, CLERKS["first"][0])
    page.goto(f"{BASE}/")
    page.locator("#code").fill(code)
    page.locator("main form.entry-code button[type=submit]").click()
    page.locator("#mark-abstain").check()
    page.locator(SAVE).click()
    expect(flash(page)).to_contain_text("Die erste Erfassung ist gespeichert.")
    expect(page.locator("#code")).to_have_value("")
