"""The printing and the sheet registry page states the browser tests visit (pages.py adds them
to PAGES), and `seed_paper()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services
from participation.core import codes
from participation.extensions import db
from participation.paper import batches, jobs, registry
from participation.paper.models import BatchState, PaperBatch, Sheet, SheetKind, SheetStatus
from participation.surveys.models import Survey
from participation.votes.models import Vote
from participation.votes.seed import MARKET_SQUARE, build_vote
from tests.browser.entry_pages import SURVEY as ENTRY_SURVEY
from tests.browser.entry_pages import VOTE as ENTRY_VOTE
from tests.browser.helpers import ACCOUNTS, SUBMIT
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

VOTE = "Papierprobe: Soll der Stadtpark abends beleuchtet werden?"
READY = "Papierprobe: fertig"  # the notes of the seeded batches
PRINTING = "Papierprobe: im Druck"
FAILED = "Papierprobe: fehlgeschlagen"
BASE = "/paper"


def seed_paper() -> None:
    """Write a vote with three batches: one ready (its PDF made by the job; one sheet returned
    and entered, one void), one still being printed, and one whose PDF failed."""
    staff = services.find_by_email(ACCOUNTS[("staff", "de")])
    vote = build_vote({**MARKET_SQUARE, "title": VOTE}, author=staff)
    ready = batches.create_batch(SheetKind.VOTE, vote, 3, note=READY, staff=staff)
    printing = batches.create_batch(SheetKind.IDEA, None, 120, note=PRINTING, staff=staff)
    failed = batches.create_batch(SheetKind.VOTE, vote, 2, note=FAILED, staff=staff)
    batches.requested_prints()  # the job runs here for the ready one only
    printing.printed = 50
    batches.fail(failed, "OSError: [Errno 28] No space left on device")
    db.session.commit()
    assert jobs.print_batch(ready.id) == BatchState.READY.value
    first, second, _third = sheets_of(ready.id)
    registry.move(first, SheetStatus.RETURNED, staff)
    registry.move(first, SheetStatus.ENTERED, staff, "erste Erfassung")
    registry.void_sheet(second, staff, "Beim Markt verloren")
    db.session.commit()


def sheets_of(batch_id: int) -> list[Sheet]:
    """Return the batch's sheets in page order."""
    query = select(Sheet).where(Sheet.batch_id == batch_id).order_by(Sheet.number)
    return list(db.session.scalars(query))


def batch_id(server: LiveServer, note: str) -> int:
    """Return the id of the seeded batch with this note."""
    with server.app.app_context():
        found = db.session.scalar(select(PaperBatch.id).where(PaperBatch.note == note))
    assert found is not None, f"no batch has the note {note!r}"
    return found


def sheet(server: LiveServer, number: int) -> tuple[int, str]:
    """Return the id and code of sheet `number` of the ready batch."""
    with server.app.app_context():
        found = sheets_of(batch_id(server, READY))[number - 1]
        return found.id, found.code


def batch_page(note: str, path: str = "", shows: tuple[str, ...] = ()):
    """Return a visit to a page of the batch with this note."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"{BASE}/batches/{batch_id(server, note)}{path}", shows=shows)(page, server, lang)

    return visit


def sheet_page(number: int, path: str = "", shows: tuple[str, ...] = ()):
    """Return a visit to a page of sheet `number` of the ready batch."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"{BASE}/sheets/{sheet(server, number)[0]}{path}", shows=shows)(page, server, lang)

    return visit


def new_batch_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the new-batch form without a subject and with a count that is no number."""
    go(f"{BASE}/batches/new")(page, server, lang)
    page.locator("#count").fill("viele")
    page.locator("#note").fill("Stadtfest")
    page.locator(SUBMIT).click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#subject")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#count")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#count")).to_have_value("viele")
    expect(page.locator("#note")).to_have_value("Stadtfest")


def mistyped(code: str) -> str:
    """Return the code with its first random character changed."""
    body = code.replace("-", "")[len(code.split("-")[0]) :]
    other = next(c for c in codes.ALPHABET if c != body[0])
    return f"{code.split('-')[0]}-{other}{body[1:4]}-{body[4:8]}-{body[8]}"


def lookup_with(typed_from_code, says: str):
    """Return a visit that types a code on the lookup page and expects a refusal."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"{BASE}/sheets/")(page, server, lang)
        typed = typed_from_code(sheet(server, 2)[1])
        page.locator("#code").fill(typed)
        page.locator(SUBMIT).click()
        expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#code")).to_have_value(typed)
        expect(page.locator(says).first).to_be_visible()

    return visit


def subject_page(model, title: str, shows: tuple[str, ...]):
    """Visit the paper page of the vote or survey called `title`."""
    kind = "surveys" if model is Survey else "votes"

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        with server.app.app_context():
            found = db.session.scalar(select(model.id).where(model.title == title))
        go(f"{BASE}/{kind}/{found}", shows=shows)(page, server, lang)

    return visit


PROGRESS = "#batch-progress"

PAPER_PAGES: list[PageCase] = [
    PageCase("paper-overview", go(f"{BASE}/", shows=(".builder-list", "progress")), role="staff"),
    PageCase(
        "paper-batch-new", go(f"{BASE}/batches/new", shows=("#subject", "#count")), role="staff"
    ),
    PageCase("paper-batch-new-errors", new_batch_with_errors, role="staff"),
    PageCase("paper-batch-printing", batch_page(PRINTING, shows=(PROGRESS,)), role="staff"),
    PageCase(
        "paper-batch-ready",
        batch_page(READY, shows=("a[href$='/pdf']",)),
        role="staff",
    ),
    PageCase(
        "paper-batch-failed",
        batch_page(FAILED, shows=("details", "form[action$='/retry'] button")),
        role="staff",
    ),
    PageCase("paper-batch-void", batch_page(PRINTING, "/void", shows=("#reason",)), role="staff"),
    PageCase("paper-lookup", go(f"{BASE}/sheets/", shows=("#code",)), role="staff"),
    PageCase("paper-lookup-mistyped", lookup_with(mistyped, ".form-summary"), role="staff"),
    PageCase(
        "paper-lookup-void",
        lookup_with(lambda code: code.lower(), "main a[href^='/paper/sheets/']"),
        role="staff",
    ),
    PageCase("paper-sheet", sheet_page(1, shows=(".timeline",)), role="staff"),
    PageCase("paper-sheet-void", sheet_page(3, "/void", shows=("#reason",)), role="staff"),
    PageCase(
        "paper-subject-vote",
        subject_page(Vote, VOTE, shows=("#double-entry-form", ".paper-counts")),
        role="staff",
    ),
    PageCase(
        "paper-subject-locked",
        subject_page(Vote, ENTRY_VOTE, shows=("#double-entry-locked",)),
        role="staff",
    ),
    PageCase(
        "paper-subject-survey",
        subject_page(Survey, ENTRY_SURVEY, shows=("#double-entry-form",)),
        role="staff",
    ),
]
