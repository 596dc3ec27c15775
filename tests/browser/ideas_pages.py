"""The idea card page states the browser tests visit (pages.py adds them to IDEAS_PAGES), and
`seed_ideas()`, which writes what they show (conftest.py calls it once): two proposals typed
in from cards by the demo staff member, one with the author's name and one without."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services
from participation.extensions import db
from participation.paper import ideas, registry
from participation.paper.models import PaperBatch, SheetKind
from participation.proposals.models import Proposal
from tests.browser.helpers import ACCOUNTS
from tests.browser.visits import PageCase, go, proposal

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

BASE = "/paper/ideas"
NAMED = "Kartenprobe: Trinkbrunnen am Markt"
NAMELESS = "Kartenprobe: Mehr Bänke an der Orla"
AUTHOR = "Erika Kartmann"
SEND = "#idea-form button[type=submit]"


def seed_ideas() -> None:
    """Print five idea cards and type two of them in as the demo staff member."""
    staff = services.find_by_email(ACCOUNTS[("staff", "de")])
    codes = print_cards(5)
    for code, title, name in ((codes[0], NAMED, AUTHOR), (codes[1], NAMELESS, None)):
        fields = {
            "title": title,
            "body": "Auf der Karte steht: Im Sommer ist es heiß. Bitte helfen Sie.",
            "category": "Sonstiges",
            "submission_key": f"seed-{code}",
        }
        ideas.transcribe(ideas.Card(code=code, fields=fields, author_name=name), staff)
    db.session.commit()


def print_cards(count: int) -> list[str]:
    """Register `count` idea cards (a batch without a PDF); return their codes."""
    batch = PaperBatch(kind=SheetKind.IDEA, size=count, note="Kartenprobe")
    db.session.add(batch)
    db.session.flush()
    return registry.register_sheets(batch)


def fresh_card(server: LiveServer) -> str:
    """Return the code of a new idea card nobody typed in yet."""
    with server.app.app_context():
        [code] = print_cards(1)
        db.session.commit()
    return code


def card_of(server: LiveServer, title: str) -> str:
    """Return the code of the card the proposal called `title` was typed in from."""
    with server.app.app_context():
        code = db.session.scalar(select(Proposal.sheet_code).where(Proposal.title == title))
    assert code, f"no paper proposal is called {title!r}"
    return code


def form_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send a card typed in already, with a name but no consent box and no verbatim box:
    refused, the errors linked to their fields, what was typed kept."""
    page.goto(f"{BASE}/new")
    page.locator("#code").fill(card_of(server, NAMED).lower())
    page.locator("#title").fill("Kartenprobe: doppelt")
    page.locator("#body").fill("Noch einmal dieselbe Karte.")
    page.locator("#category").select_option("Sonstiges")
    page.locator("#author_name").fill(AUTHOR)
    page.locator(SEND).click()
    expect(page.locator(".form-summary")).to_be_visible()
    for field in ("#author_name", "#verbatim"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#title")).to_have_value("Kartenprobe: doppelt")
    page.locator("#verbatim").check()
    page.locator("#name_published").check()
    page.locator(SEND).click()
    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#idea-counted")).to_be_visible()


def form_after_saving(page: Page, server: LiveServer, lang: str) -> None:
    """Open the form as it comes back after a card was saved: the note on that card."""
    with server.app.app_context():
        done = db.session.scalar(select(Proposal.id).where(Proposal.title == NAMED))
    go(f"{BASE}/new?done={done}", shows=("#idea-done", "#code"))(page, server, lang)


IDEAS_PAGES: list[PageCase] = [
    PageCase("ideas-form", go(f"{BASE}/new", shows=("#code", "#verbatim")), role="staff"),
    PageCase("ideas-form-errors", form_with_errors, role="staff"),
    PageCase("ideas-form-done", form_after_saving, role="staff"),
    PageCase("ideas-proposal-named", proposal(NAMED, shows=(".proposal-origin",))),
    PageCase("ideas-proposal-nameless", proposal(NAMELESS, shows=(".proposal-origin",))),
]
