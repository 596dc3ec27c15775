"""The "Rücklauf erfassen" page states the browser tests visit (pages.py adds them to PAGES), and
`seed_returns()`, which writes what they use (conftest.py calls it once): a batch of idea cards,
one of them void, and a batch of its own for the keyboard journey (test_returns_flows.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services
from participation.core import codes
from participation.extensions import db
from participation.paper import registry
from participation.paper.models import PaperBatch, Sheet, SheetKind
from tests.browser.helpers import ACCOUNTS
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

URL = "/paper/returns"
SEND = "#returns-form button[type=submit]"
PAGES_BATCH = "Rücklaufprobe: Seiten"  # the notes of the seeded batches
KEYBOARD_BATCH = "Rücklaufprobe: Tastatur"
SCRIBBLE = "Stapel-vom-Wochenmarkt-Samstag-bitte-nachzaehlen-danke"  # long, no spaces


def seed_returns() -> None:
    """Register two batches of idea cards (without a PDF) and void the first card of the
    first batch, as the demo staff member."""
    staff = services.find_by_email(ACCOUNTS[("staff", "de")])
    first = register(PAGES_BATCH, 2)
    register(KEYBOARD_BATCH, 3)
    registry.void_sheet(first[0], staff, "Beim Markt verloren")
    db.session.commit()


def register(note: str, count: int) -> list[Sheet]:
    """Register `count` idea cards in a batch with this note; return them in page order."""
    batch = PaperBatch(kind=SheetKind.IDEA, size=count, note=note)
    db.session.add(batch)
    db.session.flush()
    registry.register_sheets(batch)
    return sheets_of(note)


def sheets_of(note: str) -> list[Sheet]:
    """Return the sheets of the batch with this note, in page order."""
    query = select(Sheet).join(PaperBatch).where(PaperBatch.note == note).order_by(Sheet.number)
    return list(db.session.scalars(query))


def codes_of(server: LiveServer, note: str) -> list[str]:
    """Return the codes of the seeded batch with this note, in page order."""
    with server.app.app_context():
        return [sheet.code for sheet in sheets_of(note)]


def mistyped(code: str) -> str:
    """Return the code with its first random character changed (the check character fails)."""
    prefix, first, rest = code.split("-", 2)
    other = next(c for c in codes.ALPHABET if c != first[0])
    return f"{prefix}-{other}{first[1:]}-{rest}"


def results_with_a_refusal(page: Page, server: LiveServer, lang: str) -> None:
    """Send a usable code, the void one, a mistyped one and a long scribble: the results
    table, and only the refused lines back in the field."""
    void, usable = codes_of(server, PAGES_BATCH)
    wrong = mistyped(usable)
    go(URL, shows=("#codes",))(page, server, lang)
    page.locator("#codes").fill(f"{usable.lower()}\n\n{void}\n{wrong}\n{SCRIBBLE}\n")
    page.locator(SEND).click()
    expect(page.locator("#returns-table")).to_be_visible()
    expect(page.locator("#returns-table tbody tr")).to_have_count(4)
    expect(page.locator("#codes")).to_have_value(f"{void}\n{wrong}\n{SCRIBBLE}")
    expect(page.locator("#codes")).to_have_attribute("aria-invalid", "true")


def nothing_typed(page: Page, server: LiveServer, lang: str) -> None:
    """Send the empty form: the error, linked to the field."""
    go(URL, shows=("#codes",))(page, server, lang)
    page.locator(SEND).click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#codes")).to_have_attribute("aria-invalid", "true")


RETURNS_PAGES: list[PageCase] = [
    PageCase("paper-returns", go(URL, shows=("#codes", SEND)), role="staff"),
    PageCase("paper-returns-results", results_with_a_refusal, role="staff"),
    PageCase("paper-returns-empty", nothing_typed, role="staff"),
]
