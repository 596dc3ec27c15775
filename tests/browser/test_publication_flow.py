"""The council publishes a closed vote's result in Chromium with the keyboard alone: from the
list of closed votes it prepares the publication, types the statement, the decision and its
date, saves, publishes and reads the public page with the figures; a guest gets 404 for the
draft until then. Then a correction with a note is published and shown with its date."""

from __future__ import annotations

import re

from babel.dates import format_date
from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.core.clock import town_today
from participation.extensions import db
from participation.votes.models import Vote
from tests.browser.helpers import focused_matches, tab_to
from tests.browser.results_pages import COUNCIL, FLOW_VOTE, MANAGE, publication_id
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import flash, sign_in_by_keyboard

STATEMENT = "Danke an alle, die abgestimmt haben.\n\nDer Marktplatz wird **ab Juni** autofrei."
DECISION = "Beschluss des Stadtrats Nr. 31/2026"
NOTE = "Die Nummer des Beschlusses war falsch. Die Zahlen sind neu übernommen."
PUBLISH = "main form[action$='/publish'] button"
CORRECT = "main form[action$='/correct'] button[type=submit]"


def flow_vote_id(server) -> int:
    """Return the id of the closed vote the journey publishes."""
    with server.app.app_context():
        return db.session.scalar(select(Vote.id).where(Vote.title == FLOW_VOTE["title"]))


def guest_status(new_page, path: str) -> int:
    """Return the status a guest gets for `path`."""
    return new_page(1280).goto(path).status


def retype(page: Page, selector: str, text: str) -> None:
    """Tab to a field, select what it holds and type `text` over it."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def today_short(server) -> str:
    """Return today's date in the town as the German pages write it (short)."""
    with server.app.app_context():
        return format_date(town_today(), "short", locale="de")


def test_keyboard_only_publication_and_correction(new_page, live_server):
    vote_id = flow_vote_id(live_server)
    page = new_page(1280)
    sign_in_by_keyboard(page, COUNCIL)

    # The list of closed votes: prepare the publication of ours.
    press(page, f".site-nav a[href='{MANAGE}']")
    expect(page.locator("main h1")).to_have_text("Ergebnisse veröffentlichen")
    press(page, f"main form:has(input[value='vote-{vote_id}']) button[type=submit]")
    expect(page).to_have_url(re.compile(rf"{MANAGE}\d+$"))
    expect(page.locator("main h1")).to_contain_text(FLOW_VOTE["title"])
    number = publication_id(live_server, FLOW_VOTE["title"])

    # Statement, decision and its date typed; Enter in the date field saves.
    retype(page, "#statement", STATEMENT)
    retype(page, "#decision", DECISION)
    retype(page, "#decision_date", "12.12.2026")
    page.keyboard.press("Enter")
    expect(flash(page)).to_contain_text("Der Entwurf ist gespeichert.")
    expect(page.locator("#statement")).to_have_value(STATEMENT)
    expect(page.locator("#decision")).to_have_value(DECISION)
    expect(page.locator(".results-preview")).to_contain_text("Es wurden 13 Stimmzettel abgegeben.")

    # Not public yet: a guest gets 404 for the draft and its print view.
    assert guest_status(new_page, f"/results/{number}") == 404
    assert guest_status(new_page, f"/results/{number}/print") == 404

    # Published with the space bar: the public page shows the figures, the statement and the decision.
    tab_to(page, PUBLISH)
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(rf"/results/{number}$"))
    expect(flash(page)).to_contain_text("Das Ergebnis ist veröffentlicht.")
    shown = page.locator("main article")
    expect(shown).to_contain_text("Es wurden 13 Stimmzettel abgegeben.")
    expect(shown).to_contain_text("Davon online: 9. Davon auf Papier: 4.")
    expect(shown.locator(".prose strong")).to_have_text("ab Juni")
    expect(shown).to_contain_text(f"{DECISION}, vom 12.12.2026")
    expect(shown.locator("#options-heading")).to_be_visible()
    expect(shown.locator("svg.chart")).to_be_visible()
    yes_row = shown.locator(".results-section tbody tr", has_text="Ja")
    expect(yes_row.locator("td").nth(2)).to_have_text("8")  # online 6, paper 2, together 8
    assert guest_status(new_page, f"/results/{number}") == 200

    # A correction: back through the list, a note typed, the figures taken again (space bar).
    press(page, f".site-nav a[href='{MANAGE}']")
    expect(page).to_have_url(re.compile(rf"{MANAGE}$"))
    press(page, f"main a[href='{MANAGE}{number}']")
    expect(page.locator("#correct-heading")).to_be_visible()
    expect(page.locator("form[action$='/publish']")).to_have_count(0)
    retype(page, "#note", NOTE)
    tab_to(page, "#refresh")
    page.keyboard.press("Space")
    expect(page.locator("#refresh")).to_be_checked()
    assert focused_matches(page, "#refresh")
    press(page, CORRECT)
    expect(page).to_have_url(re.compile(rf"/results/{number}#corrections$"))
    expect(flash(page)).to_contain_text("Die Korrektur ist veröffentlicht.")
    corrections = page.locator("#corrections")
    expect(corrections.locator("h2")).to_have_text("Korrektur")
    expect(corrections).to_contain_text(f"Korrigiert am {today_short(live_server)}")
    expect(corrections).to_contain_text(NOTE)
    expect(corrections).to_contain_text("Die Zahlen wurden dabei neu übernommen.")
    expect(page.locator("main article")).to_contain_text("Es wurden 13 Stimmzettel abgegeben.")
