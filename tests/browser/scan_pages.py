"""The scan import's page states the browser tests visit (pages.py adds them to SCAN_PAGES),
and `seed_scans()`, which writes what they show (conftest.py calls it once): an upload read to
the end with a page of every result, and one still being read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services
from participation.extensions import db
from participation.paper import registry
from participation.paper.models import PaperBatch, SheetKind
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanState, ScanUpload
from tests.browser.helpers import ACCOUNTS
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

BASE = "/paper/scans/"
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


def seed_scans() -> None:
    """Store an upload read to the end (a page of every result) and one being read."""
    staff = services.find_by_email(ACCOUNTS[("staff", "de")])
    batch = PaperBatch(kind=SheetKind.IDEA, size=len(PAGES), note="Scanprobe")
    db.session.add(batch)
    db.session.flush()
    codes = registry.register_sheets(batch)
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
]
