"""The paper ballot hand-out page states the browser tests visit (pages.py adds them to PAGES), and
`seed_handout()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

import secrets
import string
from datetime import date, timedelta
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services
from participation.extensions import db
from participation.paper.handout import record_handout
from participation.votes.models import Eligibility, Vote
from participation.votes.seed import MARKET_SQUARE, PLAYGROUND, TOWN_FESTIVAL, build_vote
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

# Titles of the votes seeded here (short: the page title is "Stimmzettel ausgeben: <title>").
VERIFIED = "Ausgabeprobe: Stadthalle sanieren?"
DISTRICT = "Ausgabeprobe: Spielplatz Köstitz"
RESIDENTS = "Ausgabeprobe: Stadtfest für alle"
CLOSED = "Ausgabeprobe: Winterfest (beendet)"
KEYBOARD = "Ausgabeprobe: Tastatur am Schalter"  # only the keyboard journey hands out here
NO_SCRIPT = "Ausgabeprobe: Ohne JavaScript"  # only the journey without JavaScript
STAFF_ADDRESS = "verwaltung@example.org"
# Who got a ballot for VERIFIED already, as staff type it from the ID.
HANDED_OUT = {"surname": "Doppelreich", "given_names": "Dora", "birth_date": "02.02.1970"}
BASE = "/paper/handout"
DAY = timedelta(days=1)


def seed_handout() -> None:
    """Write open votes for verified residents (one for two districts), one for every
    resident, a closed one, and two hand-outs of VERIFIED by the demo staff member."""
    staff = services.find_by_email(STAFF_ADDRESS)
    verified = build_vote({**MARKET_SQUARE, "title": VERIFIED}, eligible_count=9_000)
    for spec, title in ((PLAYGROUND, DISTRICT), (PLAYGROUND, KEYBOARD)):
        build_vote({**spec, "title": title}, districts=["Köstitz", "Öpitz"])
    build_vote({**MARKET_SQUARE, "title": NO_SCRIPT})
    build_vote({**TOWN_FESTIVAL, "title": RESIDENTS}, eligibility=Eligibility.RESIDENTS)
    build_vote({**MARKET_SQUARE, "title": CLOSED}, opens_in=-30 * DAY, open_for=14 * DAY)
    record_handout(verified, "Doppelreich", "Dora", date(1970, 2, 2), None, staff)
    record_handout(verified, "Zweitreich", "Zora", date(1981, 3, 3), None, staff)
    db.session.commit()


def vote_id(server: LiveServer, title: str) -> int:
    """Return the id of the vote called `title`."""
    with server.app.app_context():
        found = db.session.scalar(select(Vote.id).where(Vote.title == title))
    assert found is not None, f"no vote is called {title!r}"
    return found


def handout_page(title: str, shows: tuple[str, ...] = ()):
    """Return a visit to the hand-out page of the vote called `title`."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"{BASE}/{vote_id(server, title)}", shows=shows)(page, server, lang)

    return visit


def fill_id(page: Page, surname: str, given_names: str, birth_date: str) -> None:
    """Fill in the name and date of birth from an ID (the mouse way)."""
    page.locator("#surname").fill(surname)
    page.locator("#given_names").fill(given_names)
    page.locator("#birth_date").fill(birth_date)


def new_surname() -> str:
    """Return a surname nobody had yet (letters only: a name has no digits)."""
    return "Neu" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


def send(page: Page) -> None:
    """Send the hand-out form."""
    page.locator("#handout-form button[type=submit]").click()


def refused(page: Page, server: LiveServer, lang: str) -> None:
    """Hand out a second ballot to the person who got one: refused, what was typed kept."""
    handout_page(VERIFIED)(page, server, lang)
    fill_id(page, **{**HANDED_OUT, "surname": "DOPPELREICH"})
    page.locator("#id_seen").check()
    send(page)
    expect(page.locator("#handout-refusal")).to_be_visible()
    expect(page.locator("#surname")).to_have_value("DOPPELREICH")


def form_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the district vote's form with an impossible date, no district, no box ticked."""
    handout_page(DISTRICT)(page, server, lang)
    fill_id(page, "Fehlerfrei", "Fritz", "31.02.1990")
    send(page)
    expect(page.locator(".form-summary")).to_be_visible()
    for field in ("#birth_date", "#district", "#id_seen"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#surname")).to_have_value("Fehlerfrei")


def handed_out(page: Page, server: LiveServer, lang: str) -> None:
    """Hand out a ballot to a new person: the confirmation and an empty form."""
    handout_page(VERIFIED)(page, server, lang)
    fill_id(page, new_surname(), "Nora", "05.06.1990")
    page.locator("#id_seen").check()
    send(page)
    expect(page.locator("main .flash")).to_be_visible()
    expect(page.locator("#surname")).to_have_value("")


HANDOUT_PAGES: list[PageCase] = [
    PageCase("handout-list", go(f"{BASE}/", shows=("#handout-votes",)), role="staff"),
    PageCase("handout-form", handout_page(VERIFIED, shows=("#surname", "#id_seen")), role="staff"),
    PageCase("handout-form-district", handout_page(DISTRICT, shows=("#district",)), role="staff"),
    PageCase("handout-form-refused", refused, role="staff"),
    PageCase("handout-form-errors", form_errors, role="staff"),
    PageCase("handout-done", handed_out, role="staff"),
    PageCase(
        "handout-residents", handout_page(RESIDENTS, shows=("#handout-residents",)), role="staff"
    ),
    PageCase("handout-closed", handout_page(CLOSED, shows=("#handout-closed",)), role="staff"),
]
