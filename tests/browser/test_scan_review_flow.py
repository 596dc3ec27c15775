"""The scan review in Chromium with the keyboard alone: staff open the queue from the scans
page, decide an over-voted ballot (untick a box, Enter saves and opens the next sheet), type
the code of a page whose code could not be read (the page is read again and counted), skip a
sheet; then the ballot counts once. And one decision saved without JavaScript.

The pages are the journeys' own (scan_pages.REVIEW_PAGES "flow-…" and "nojs-…"), seeded first
in the queue; the page checks' pages stay open whatever runs first."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.extensions import db
from participation.paper.models import PaperEntry, Sheet, SheetStatus
from participation.paper.scan_models import ScanPage, ScanPageStatus
from participation.votes.models import Ballot, BallotChoice, BallotStatus, Vote
from tests.browser.helpers import ACCOUNTS, focused_matches, sign_in, tab_to
from tests.browser.scan_pages import BASE, REVIEW, REVIEW_VOTE, review_page
from tests.browser.test_entry_flows import type_code
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import flash, sign_in_by_keyboard

P = ScanPageStatus
SAVE = "main form.entry-marks button[type=submit]"
STAFF = ACCOUNTS[("staff", "de")]


def option_ids(live_server) -> tuple[int, int]:
    """Return the ids of "Ja" and "Nein" of the vote whose ballots were scanned."""
    with live_server.app.app_context():
        vote = db.session.scalar(select(Vote).where(Vote.title == REVIEW_VOTE))
        return vote.options[0].id, vote.options[1].id


def untick(page: Page, selector: str) -> None:
    """Tab to a ticked check box (unless it has the focus) and untick it with the space bar."""
    expect(page.locator(selector)).to_be_checked()
    if not focused_matches(page, selector):
        tab_to(page, selector)
    page.keyboard.press("Space")
    expect(page.locator(selector)).not_to_be_checked()


def review_url(page_id: int):
    """Return a pattern of the address of a page's review."""
    return re.compile(rf"{re.escape(REVIEW)}{page_id}$")


def paper_ballots(live_server, code: str) -> list[tuple[BallotStatus, list[int]]]:
    """Return the ballots counted for the sheet `code`, with their choices."""
    with live_server.app.app_context():
        ballots = db.session.scalars(select(Ballot).where(Ballot.receipt == code)).all()
        return [
            (
                ballot.status,
                list(
                    db.session.scalars(
                        select(BallotChoice.option_id).where(BallotChoice.ballot_id == ballot.id)
                    )
                ),
            )
            for ballot in ballots
        ]


def page_state(live_server, page_id: int) -> tuple[ScanPageStatus, str | None, SheetStatus]:
    """Return what became of a scanned page, and the status of its sheet."""
    with live_server.app.app_context():
        page = db.session.get(ScanPage, page_id)
        sheet = db.session.get(Sheet, page.sheet_id) if page.sheet_id else None
        return page.status, page.problem, sheet.status if sheet else None


def test_keyboard_only_review_of_an_over_vote_a_typed_code_and_a_skip(new_page, live_server):
    yes, no = option_ids(live_server)
    over_id, over_code = review_page(live_server, "flow-over")
    blind_id, blind_code = review_page(live_server, "flow-no-code")
    skip_id, skip_code = review_page(live_server, "flow-skip")

    page = new_page(1280)
    sign_in_by_keyboard(page, STAFF)
    page.goto(BASE)
    press(page, f"main a[href='{REVIEW}']")
    expect(page.locator("main h1")).to_have_text("Gescannte Bögen prüfen")
    press(page, f"main a[href='{REVIEW}next']")  # "Ersten Bogen prüfen"

    # The over-voted ballot: both boxes ticked as read, the first box has the focus.
    expect(page).to_have_url(review_url(over_id))
    expect(page.locator("main h1")).to_contain_text(over_code)
    expect(page.locator(".scan-crops img")).to_have_count(3)
    assert focused_matches(page, "main form.entry-marks input[type=checkbox]"), "no focus"
    untick(page, f"#mark-{no}")
    page.keyboard.press("Enter")  # Enter on the box saves
    expect(flash(page)).to_contain_text(f"Bogen {over_code} ist gezählt: Gültig.")

    # The next sheet opens: the page without a readable code, the focus in the code field.
    expect(page).to_have_url(review_url(blind_id))
    expect(page.locator("#code")).to_be_focused()
    type_code(page, blind_code)
    expect(flash(page)).to_contain_text(f"Seite mit Code {blind_code}: Gezählt.")

    # Read again and counted; the next sheet is skipped and stays in review.
    expect(page).to_have_url(review_url(skip_id))
    expect(page.locator("main h1")).to_contain_text(skip_code)
    press(page, f"main a[href='{REVIEW}next?after={skip_id}']")  # "Überspringen"
    expect(page).not_to_have_url(review_url(skip_id))
    expect(page.locator("main h1")).not_to_contain_text(skip_code)

    assert paper_ballots(live_server, over_code) == [(BallotStatus.VALID, [yes])]
    assert paper_ballots(live_server, blind_code) == [(BallotStatus.VALID, [yes])]
    assert page_state(live_server, over_id) == (P.COUNTED, None, SheetStatus.COUNTED)
    assert page_state(live_server, blind_id) == (P.COUNTED, None, SheetStatus.COUNTED)
    assert page_state(live_server, skip_id) == (P.REVIEW, "marks", SheetStatus.ISSUED)
    with live_server.app.app_context():
        sources = db.session.scalars(
            select(PaperEntry.source).join(Sheet).where(Sheet.code == over_code)
        ).all()
    assert [source.value for source in sources] == ["review"]

    # Decided: opening it again leads on to the next sheet.
    page.goto(f"{REVIEW}{over_id}")
    expect(flash(page)).to_contain_text("Diese Seite ist schon erledigt.")
    expect(page).not_to_have_url(review_url(over_id))


def test_a_decision_is_saved_without_javascript(nojs_context, live_server):
    yes, no = option_ids(live_server)
    page_id, code = review_page(live_server, "nojs-over")
    page = nojs_context.new_page()
    sign_in(page, STAFF)
    page.goto(f"{REVIEW}{page_id}")
    page.locator(f"#mark-{yes}").uncheck()
    page.locator(SAVE).click()
    expect(flash(page)).to_contain_text(f"Bogen {code} ist gezählt: Gültig.")
    expect(page).not_to_have_url(review_url(page_id))
    assert paper_ballots(live_server, code) == [(BallotStatus.VALID, [no])]
    assert page_state(live_server, page_id) == (P.COUNTED, None, SheetStatus.COUNTED)
