"""The scan import's page states the browser tests visit (pages.py adds them to SCAN_PAGES),
and `seed_scans()`, which writes what they show (conftest.py calls it once): an upload read to
the end with a page of every result, one still being read, and a real scan read by the import
whose pages wait for review (ballots printed by the generator, crossed, some with their code
painted over, and a survey sheet with lines to type).

Each review test has sheets of its own (REVIEW_PAGES): the page checks only open theirs and
never decide them, the journeys (test_scan_review_flow.py) decide theirs, so the tests can run
in any order. The journey's pages come first in the queue ("Ersten Bogen prüfen" opens them).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import numpy as np
from flask import current_app
from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services
from participation.extensions import db
from participation.paper import batches, registry, scan_jobs, scans
from participation.paper.layout import Layout
from participation.paper.models import PaperBatch, Sheet, SheetKind
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanState, ScanUpload
from participation.surveys.models import Survey
from participation.surveys.seed import DIGITAL_OFFERS, build_survey
from participation.votes.models import Vote
from participation.votes.seed import MARKET_SQUARE, build_vote
from tests.browser.helpers import ACCOUNTS
from tests.browser.visits import PageCase, go
from tests.paper.omr.synthetic import rasterized
from tests.paper.scan_import_fixtures import DPI, Ballots, as_pdf, print_ballots

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

BASE = "/paper/scans/"
REVIEW = f"{BASE}review/"
DONE = "scanprobe-fertig.pdf"
READING = "scanprobe-laeuft.pdf"
P = ScanPageStatus
PAGES = (
    (P.COUNTED, None),
    (P.WAITING, None),
    (P.REVIEW, "marks"),
    (P.MANUAL, "idea"),
    (P.REFUSED, "counted"),
    (P.NOT_A_SHEET, "blank"),
)


# The scan whose pages wait for review, read by the real import.
REVIEW_FILE = "pruefprobe.pdf"
REVIEW_VOTE = "Scanprüfung: Soll der Wochenmarkt auch samstags stattfinden?"
REVIEW_SURVEY = "Scanprüfung: Digitale Angebote (gescannt)"
# Its pages in order, ballot n on page n (0-based): over-voted ("over": yes and no crossed) or
# with its code painted over ("no_code": yes crossed). The survey sheet's pages come last.
REVIEW_PAGES = {
    "flow-over": "over",  # the keyboard journey: decided
    "flow-no-code": "no_code",  # the keyboard journey: its code typed
    "flow-skip": "over",  # the keyboard journey: skipped
    "nojs-over": "over",  # the journey without JavaScript: decided
    "check-over": "over",  # the page checks: opened only
    "check-no-code": "no_code",  # the page checks: a wrong code typed only
}
SURVEY_PAGE = "check-survey"  # the page checks: a word in the number field, never saved


def seed_scans() -> None:
    """Read a scan of sheets to review, store an upload read to the end (a page of every
    result) and one being read."""
    staff = services.find_by_email(ACCOUNTS[("staff", "de")])
    seed_review(staff)
    batch = PaperBatch(kind=SheetKind.IDEA, size=len(PAGES), note="Scanprobe")
    db.session.add(batch)
    db.session.flush()
    codes = registry.register_sheets(batch)
    batches.make_pdf(batch)  # printed: the review of its page needs the layout
    done = stored(staff, DONE, ScanState.DONE, len(PAGES), len(PAGES))
    done.counted, done.waiting, done.review, done.refused = 1, 1, 2, 1
    for index, (status, problem) in enumerate(PAGES):
        code = codes[index] if status is not P.NOT_A_SHEET else None
        sheet = registry.find_sheet(code) if code else None
        db.session.add(
            ScanPage(
                upload_id=done.id,
                index=index,
                sheet_id=sheet.id if sheet else None,
                code=code,
                page=1 if code else None,
                status=status,
                problem=problem,
            )
        )
    stored(staff, READING, ScanState.READING, 40, 12)
    db.session.commit()


def seed_review(staff) -> None:
    """Print ballots of a vote and a survey sheet, mark them and read the scan through the
    import (in-process), so their pages wait for review with their images stored."""
    vote = build_vote({**MARKET_SQUARE, "title": REVIEW_VOTE})
    vote.paper_double_entry = False
    survey = build_survey({**DIGITAL_OFFERS, "title": REVIEW_SURVEY})
    ballots = print_ballots(vote, len(REVIEW_PAGES))
    images = [
        scanned_ballot(ballots, index, kind) for index, kind in enumerate(REVIEW_PAGES.values())
    ]
    images += printed_survey(survey)
    db.session.commit()
    with current_app.test_request_context():
        accepted = scans.accept(io.BytesIO(as_pdf(images)), REVIEW_FILE, staff)
        db.session.commit()
        scans.requested_imports()
        scan_jobs.import_scans(accepted.id)
    upload = db.session.get(ScanUpload, accepted.id)
    assert upload.state is ScanState.DONE, upload.error
    pages = db.session.scalars(select(ScanPage.status).where(ScanPage.upload_id == upload.id))
    assert set(pages) <= set(scans.PENDING), "every sheet of the scan waits for review"


def scanned_ballot(ballots: Ballots, index: int, kind: str) -> np.ndarray:
    """Return ballot `index` as scanned: yes and no crossed, or yes crossed and its code
    painted over (a coffee stain, a torn corner)."""
    if kind == "over":
        return ballots.marked(index, 0, 1)
    image = ballots.marked(index, 0)
    qr = ballots.layout.pages[0].qr.grown(1)
    scale = DPI / 25.4
    top, left = round(qr.y * scale), round(qr.x * scale)
    image[top : top + round(qr.h * scale), left : left + round(qr.w * scale)] = 240
    return image


def printed_survey(survey: Survey) -> list[np.ndarray]:
    """Print one response sheet of the survey and return its pages, left empty (its lines
    for text and numbers send it to review)."""
    batch = PaperBatch(kind=SheetKind.SURVEY, survey_id=survey.id, size=1)
    db.session.add(batch)
    db.session.flush()
    registry.register_sheets(batch)
    path = batches.make_pdf(batch)
    pages = len(Layout.from_dict(batch.layout).pages)
    return rasterized(path.read_bytes(), DPI)[:pages]


def stored(staff, name: str, state: ScanState, total: int, done: int) -> ScanUpload:
    """Add an upload row (no file behind it: the pages only show what was stored)."""
    upload = ScanUpload(
        created_by_id=staff.id,
        original_name=name,
        sha256=name.ljust(64, "0")[:64],
        file_type="pdf",
        pages_total=total,
        pages_done=done,
        state=state,
    )
    db.session.add(upload)
    db.session.flush()
    return upload


def upload_named(name: str):
    """Return a visit to the progress page of the upload called `name`."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        with server.app.app_context():
            upload_id = db.session.scalar(
                select(ScanUpload.id).where(ScanUpload.original_name == name)
            )
        go(f"{BASE}{upload_id}", shows=("#scan-progress",))(page, server, lang)

    return visit


# --- finding the review pages ----------------------------------------------------------------


def review_page(server: LiveServer, name: str) -> tuple[int, str]:
    """Return (page id, sheet code) of the scanned page called `name` (REVIEW_PAGES, or
    SURVEY_PAGE: the survey sheet's first page). Pages without a readable code are found by
    their place in the file, their code by the ballot printed there."""
    index = list(REVIEW_PAGES).index(name) if name != SURVEY_PAGE else len(REVIEW_PAGES)
    with server.app.app_context():
        page_id = db.session.scalar(
            select(ScanPage.id)
            .join(ScanUpload, ScanUpload.id == ScanPage.upload_id)
            .where(ScanUpload.original_name == REVIEW_FILE, ScanPage.index == index)
        )
        if name == SURVEY_PAGE:
            subject = select(Survey.id).where(Survey.title == REVIEW_SURVEY)
            owner, number = Sheet.survey_id == subject.scalar_subquery(), 1
        else:
            subject = select(Vote.id).where(Vote.title == REVIEW_VOTE)
            owner, number = Sheet.vote_id == subject.scalar_subquery(), index + 1
        code = db.session.scalar(select(Sheet.code).where(owner, Sheet.number == number))
    assert page_id is not None and code is not None, name
    return page_id, code


def review_path(server: LiveServer, name: str) -> str:
    """Return the address of the review of the page called `name`."""
    return f"{REVIEW}{review_page(server, name)[0]}"


def reviewed(name: str, shows: tuple[str, ...] = ()):
    """Return a visit to the review of the page called `name`."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(review_path(server, name), shows=shows)(page, server, lang)

    return visit


def over_voted(page: Page, server: LiveServer, lang: str) -> None:
    """Open an over-voted ballot: its crops are shown (and load), the boxes ticked as read."""
    reviewed("check-over", shows=(".scan-crops img", "main form.entry-marks"))(page, server, lang)
    expect(page.locator(".scan-crops img")).to_have_count(3)  # yes, no, abstain
    page.wait_for_function(
        "() => [...document.querySelectorAll('.scan-crops img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    expect(page.locator("main form.entry-marks input[type=checkbox]:checked")).to_have_count(2)


def wrong_code(page: Page, server: LiveServer, lang: str) -> None:
    """Type a code with a wrong check character for a page without a readable code."""
    page_id, code = review_page(server, "check-no-code")
    go(f"{REVIEW}{page_id}", shows=("#code",))(page, server, lang)
    wrong = code[:-1] + ("X" if code[-1] != "X" else "Y")
    page.locator("#code").fill(wrong)
    page.locator("#code").press("Enter")
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#code")).to_have_value(wrong)


def survey_marks_error(page: Page, server: LiveServer, lang: str) -> None:
    """Send the scanned survey sheet with a word in a number field: the form comes back."""
    reviewed(SURVEY_PAGE, shows=("main form.entry-marks",))(page, server, lang)
    number = page.locator("main input[inputmode=decimal]").first
    number.fill("vierzig")
    page.locator("main form.entry-marks button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_value("vierzig")


def form_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send a file that is no scan: refused, the error linked to the file field."""
    page.goto(BASE)
    page.locator("#scan").set_input_files(
        files=[{"name": "notiz.pdf", "mimeType": "application/pdf", "buffer": b"Notiz"}]
    )
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#scan-error")).to_be_visible()


SCAN_PAGES = [
    PageCase("scans-upload", go(BASE, shows=("#scan",)), role="staff"),
    PageCase("scans-upload-errors", form_with_errors, role="staff"),
    PageCase("scans-progress-done", upload_named(DONE), role="staff"),
    PageCase("scans-progress-reading", upload_named(READING), role="staff"),
    PageCase("scans-review-queue", go(REVIEW, shows=(".review-queue",)), role="staff"),
    PageCase("scans-review-ballot", over_voted, role="staff"),
    PageCase("scans-review-no-code", reviewed("check-no-code", shows=("#code",)), role="staff"),
    PageCase("scans-review-code-error", wrong_code, role="staff"),
    PageCase("scans-review-survey", reviewed(SURVEY_PAGE, shows=("main textarea",)), role="staff"),
    PageCase("scans-review-marks-error", survey_marks_error, role="staff"),
]
