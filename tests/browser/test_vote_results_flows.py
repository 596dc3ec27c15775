"""The published ballot list of a closed vote in Chromium: a guest checks a receipt code with
the keyboard alone on a phone, and downloads the list as CSV to recount it."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from participation.votes.models import BallotStatus
from tests.browser.helpers import assert_no_horizontal_scrolling, tab_to
from tests.browser.test_moderation_flows import press
from tests.browser.vote_results_pages import (
    YES_NO,
    YES_NO_BALLOTS,
    ballot_total,
    receipt_of,
    vote_id,
)

CODE = "#code"
CHECK = "main form.receipt-check button[type=submit]"


def retype(page, selector: str, text: str) -> None:
    """Tab to a field, select what it holds and type `text` over it."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_keyboard_only_receipt_check_on_a_phone(new_page, live_server):
    number = vote_id(live_server, YES_NO)
    code = receipt_of(live_server, YES_NO, BallotStatus.VALID)
    page = new_page(360)
    page.goto(f"/votes/{number}")
    press(page, f"main a[href='/votes/{number}/ballots']")
    expect(page.locator("main h1")).to_contain_text("Alle Stimmzettel")

    # A code one character short: the form comes back with the error and what was typed.
    retype(page, CODE, code[:-1])
    press(page, CHECK)
    expect(page.locator(".form-summary")).to_contain_text("12 Zeichen")
    expect(page.locator(CODE)).to_have_attribute("aria-invalid", "true")
    expect(page.locator(CODE)).to_have_value(code[:-1])

    # Typed in small letters with spaces instead of hyphens, sent with Enter in the field.
    retype(page, CODE, code.lower().replace("-", " "))
    page.keyboard.press("Enter")
    expect(page.locator("#found-heading")).to_have_text("Ihr Stimmzettel ist in der Liste.")
    expect(page.locator(".receipt-result")).to_contain_text(code)
    expect(page.locator(".receipt-result")).to_contain_text("Gültig")
    assert_no_horizontal_scrolling(page)
    press(page, f"main a[href='/votes/{number}/ballots']")
    expect(page.locator("main h1")).to_contain_text("Alle Stimmzettel")


def test_download_the_ballot_list_as_csv(new_page, live_server):
    number = vote_id(live_server, YES_NO)
    page = new_page(1280)
    page.goto(f"/votes/{number}/ballots")
    with page.expect_download() as started:
        page.locator("main").get_by_role("link", name="Alle Stimmzettel als Tabelle (CSV)").click()
    download = started.value
    assert download.suggested_filename == f"abstimmung-{number}-stimmzettel.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(io.StringIO(file.read()), delimiter=";"))
    header, ballots = rows[0], rows[1:]
    assert header == ["Quittungscode", "Weg", "Wertung", "Gewählt", "1. Ja", "2. Nein"]
    assert len(ballots) == ballot_total(YES_NO_BALLOTS)
    yes, no = (sum(YES_NO_BALLOTS[(position,)]) for position in (1, 2))
    assert [sum(int(row[col]) for row in ballots) for col in (4, 5)] == [yes, no]
    assert sum(row[1] == "Auf Papier" for row in ballots) == sum(
        paper for _online, paper in YES_NO_BALLOTS.values()
    )
