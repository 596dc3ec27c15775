"""Scan import: accepting a file of scanned sheets, and reading one of its pages into the
registry. Services: they flush, never commit (the job commits after every page).

What becomes of a page (ScanPageStatus):
- a sheet read with certainty (every page of it read, every mark certain, nothing written on
  its lines) is stored as the sheet's first entry, by no staff member, through the same path
  as manual entry (entry.save_reading): without double entry it is counted at once (COUNTED),
  with it, it waits for a second entry by staff (WAITING);
- a page of a sheet of several pages waits for the others (INCOMPLETE); once they are read,
  the sheet is judged as a whole (a question may run over two pages);
- a page with anything unclear (a box, a group, the code, the corner markers) or with lines
  a person must type goes to REVIEW (scan_review.py), never counted on a guess;
- idea cards are read and kept, but transcribed by hand as proposals (MANUAL), as are sheets
  someone already entered by hand;
- a void, already counted, unknown or not yet open sheet is REFUSED with the registry's
  reason: uploading the same scan again therefore counts nothing twice;
- a blank page or another form is NOT_A_SHEET.
"""

from __future__ import annotations

from typing import BinaryIO

from flask import current_app, g, has_app_context
from flask_babel import LazyString, format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.core import audit
from participation.core.models import utcnow
from participation.core.town import current_town
from participation.extensions import db
from participation.paper import entry, entry_marks, omr, registry, scan_files, scan_marks
from participation.paper.layout import Layout
from participation.paper.models import PaperBatch, Sheet, SheetKind, SheetStatus
from participation.paper.scan_files import FileProblem
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanState, ScanUpload

audit.register_actions({"paper.scans_uploaded": _l("Gescannte Bögen hochgeladen")})
audit.register_target_types({"paper_scan_uploads": _l("Hochgeladene Scans")})

MIB = 1024 * 1024
P = ScanPageStatus
# Which count of the upload a page's status adds to.
COUNTS = {P.COUNTED: "counted", P.WAITING: "waiting", P.INCOMPLETE: "waiting"}
COUNTS.update({P.REVIEW: "review", P.MANUAL: "review", P.REFUSED: "refused"})
PENDING = (P.REVIEW, P.INCOMPLETE)  # pages of a sheet not decided yet
# Why a page was not counted, in words (omr problems, registry and entry refusals, ours).
PROBLEMS = {
    "blank": _l("Leere Seite."),
    "markers": _l("Die Ecken des Bogens sind nicht zu erkennen."),
    "no_code": _l("Der Code ist nicht zu lesen."),
    "several_codes": _l("Auf der Seite sind mehrere Codes."),
    "code_position": _l("Der Code steht nicht an seiner Stelle."),
    "unknown_code": registry.REFUSALS["unknown"],
    "marks": _l("Nicht alle Kreuze sind eindeutig."),
    "damaged": _l("Die Seite ist beschädigt und kann nicht gelesen werden."),
    "idea": _l("Ideenkarten erfassen Sie als Vorschlag von Hand."),
    "pages": _l("Die übrigen Seiten dieses Bogens fehlen noch."),
    "text": _l("Auf dem Bogen ist etwas geschrieben. Bitte tippen Sie es ab."),
    "dismissed": _l("Bei der Prüfung als „kein Bogen“ markiert."),
    "arbitration": _l("Die Prüfung weicht vom Scan ab. Eine dritte Person entscheidet."),
    "void": registry.REFUSALS["void"],
    "counted": registry.REFUSALS["counted"],
    "unknown": registry.REFUSALS["unknown"],
    "move": registry.REFUSALS["move"],
    "not_open": entry.REFUSALS["not_open"],
    "scanned": entry.REFUSALS["scanned"],
    "entered": entry.REFUSALS["entered"],
}
STATUS_LABELS = {
    P.COUNTED: _l("Gezählt"),
    P.WAITING: _l("Wartet auf eine weitere Erfassung"),
    P.INCOMPLETE: _l("Wartet auf die übrigen Seiten"),
    P.REVIEW: _l("Zu prüfen"),
    P.MANUAL: _l("Von Hand erfassen"),
    P.REFUSED: _l("Nicht gezählt"),
    P.NOT_A_SHEET: _l("Kein Bogen"),
}
STATE_LABELS = {
    ScanState.QUEUED: _l("Wartet auf das Einlesen"),
    ScanState.READING: _l("Wird eingelesen"),
    ScanState.DONE: _l("Fertig eingelesen"),
    ScanState.FAILED: _l("Einlesen fehlgeschlagen"),
}


class ScanRefused(Exception):
    """The uploaded file cannot be read; `message` says why, in the visitor's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def max_bytes() -> int:
    """Return the largest file that may be uploaded (SCAN_UPLOAD_MAX_MB)."""
    return int(current_app.config.get("SCAN_UPLOAD_MAX_MB", 200)) * MIB


def pages_max() -> int:
    """Return the most pages one file may have (SCAN_PAGES_MAX)."""
    return int(current_app.config.get("SCAN_PAGES_MAX", 500))


def refusal(reason: str):
    """Return the refusal of a file in words."""
    if reason == "size":
        size = LazyString(format_decimal, max_bytes() // MIB)
        return _l("Die Datei ist zu groß. Höchstens %(size)s MB pro Datei.", size=size)
    return {
        "empty": _l("Die Datei ist leer. Bitte wählen Sie die Datei mit den Scans."),
        "type": _l(
            "Das ist kein PDF und kein Bild. Bitte laden Sie PDF, PNG, JPEG oder TIFF hoch."
        ),
        "damaged": _l(
            "Die Datei ist beschädigt oder verschlüsselt. Sie kann nicht gelesen werden."
        ),
    }[reason]


def too_many(count: int):
    """Return the refusal of a file with more pages than allowed."""
    return _l(
        "Die Datei hat %(count)s Seiten. Höchstens %(max)s Seiten pro Datei. "
        "Bitte teilen Sie den Stapel auf.",
        count=LazyString(format_decimal, count),
        max=LazyString(format_decimal, pages_max()),
    )


def accept(stream: BinaryIO, original_name: str, staff, key: str | None = None) -> ScanUpload:
    """Keep an uploaded file of scans and register it for reading (the job reads it once the
    caller has committed). Raise ScanRefused for an empty, damaged, too large or too long
    file, or one that is neither PDF nor image (judged by its content, not its name). A form
    sent twice (the same `key`) registers one upload."""
    earlier = by_key(key)
    if earlier is not None:
        return earlier
    try:
        temporary, sha256, size = scan_files.received(stream, max_bytes())
    except FileProblem as problem:
        raise ScanRefused(refusal(problem.reason)) from None
    try:
        kind = scan_files.sniffed(temporary)
        count = scan_files.page_count(temporary, kind)
    except FileProblem as problem:
        temporary.unlink(missing_ok=True)
        raise ScanRefused(refusal(problem.reason)) from None
    if count > pages_max():
        temporary.unlink(missing_ok=True)
        raise ScanRefused(too_many(count))
    upload = ScanUpload(
        created_by_id=staff.id if staff is not None else None,
        original_name=(original_name or "")[:255],
        file_name=scan_files.kept(temporary, sha256, kind),
        size_bytes=size,
        sha256=sha256,
        file_type=kind,
        pages_total=count,
        state=ScanState.QUEUED,
        submission_key=key or None,
    )
    db.session.add(upload)
    db.session.flush()
    after = {"file": upload.original_name, "sha256": sha256, "pages": count}
    audit.record("paper.scans_uploaded", upload, actor=staff, after=after)
    request_import(upload)
    return upload


def by_key(key: str | None) -> ScanUpload | None:
    """Return the upload a form with this submission key registered (None: none did)."""
    if not key:
        return None
    return db.session.scalar(select(ScanUpload).where(ScanUpload.submission_key == key))


def request_import(upload: ScanUpload) -> None:
    """Note that the upload is to be read once this transaction is committed."""
    if has_app_context():
        g.scan_imports = [*g.get("scan_imports", []), upload.id]


def requested_imports() -> list[int]:
    """Return (and forget) the uploads this request asked to read."""
    return g.pop("scan_imports", []) if has_app_context() else []


def stored_indexes(upload: ScanUpload) -> set[int]:
    """Return the indexes of the upload's pages read so far."""
    query = select(ScanPage.index).where(ScanPage.upload_id == upload.id)
    return set(db.session.scalars(query))


class Layouts:
    """The `layout_for` of the reader: a sheet code's batch layout, kept per batch."""

    def __init__(self):
        self.by_batch: dict[int, Layout | None] = {}

    def __call__(self, code: str) -> Layout | None:
        """Return the layout of the batch that printed `code` (None if none did)."""
        batch_id = db.session.scalar(select(Sheet.batch_id).where(Sheet.code == code))
        if batch_id is None:
            return None
        if batch_id not in self.by_batch:
            data = db.session.scalar(select(PaperBatch.layout).where(PaperBatch.id == batch_id))
            self.by_batch[batch_id] = Layout.from_dict(data) if data else None
        return self.by_batch[batch_id]


def read_into(upload: ScanUpload, index: int, image, layouts: Layouts) -> ScanPage:
    """Read one page of the upload, keep its image, store what it says and act on it (count
    a certain sheet); add it to the upload's counts."""
    if isinstance(image, FileProblem):
        page = ScanPage(upload_id=upload.id, index=index, status=P.NOT_A_SHEET, problem="damaged")
    else:
        reading = omr.read_page(image, layouts, prefix=current_town().sheet_prefix)
        page = judged(upload, index, reading)
        page.image_name = scan_files.store_image(f"scan-{upload.id}-{index + 1:04d}.png", image)
    db.session.add(page)
    db.session.flush()
    tally(upload, page)
    settle_pending(page)
    return page


def judged(upload: ScanUpload, index: int, reading: omr.PageReading) -> ScanPage:
    """Return the page row for a reading, after counting its sheet where it is certain."""
    sheet = find(reading.code)
    status, problem = outcome(reading, sheet)
    return ScanPage(
        upload_id=upload.id,
        index=index,
        sheet_id=sheet.id if sheet is not None else None,
        code=reading.code,
        page=reading.page,
        status=status,
        problem=problem,
        reading=reading.as_dict(),
    )


def find(code: str | None) -> Sheet | None:
    """Return the sheet of a code read on a page (None without one)."""
    return db.session.scalar(select(Sheet).where(Sheet.code == code)) if code else None


def outcome(reading: omr.PageReading, sheet: Sheet | None) -> tuple[ScanPageStatus, str | None]:
    """Return what becomes of a page, and why it is not counted."""
    status = reading.status
    if status is omr.Status.NOT_A_SHEET:
        return P.NOT_A_SHEET, reading.problem
    if status is omr.Status.UNKNOWN_CODE or (reading.code and sheet is None):
        return P.REFUSED, "unknown_code"
    if sheet is not None and sheet.status in (SheetStatus.VOID, SheetStatus.COUNTED):
        return P.REFUSED, sheet.status.value
    if status is not omr.Status.READ:
        return P.REVIEW, reading.problem
    if sheet.kind is SheetKind.IDEA:
        return P.MANUAL, "idea"
    return whole_sheet(sheet, reading)


def layout_of(sheet: Sheet) -> Layout | None:
    """Return the layout the sheet was printed with (None: its batch was never printed)."""
    data = sheet.batch.layout
    return Layout.from_dict(data) if data else None


def pending_pages(sheet_id: int) -> list[ScanPage]:
    """Return the sheet's pages not decided yet (waiting for the others, or for review)."""
    query = select(ScanPage).where(ScanPage.sheet_id == sheet_id, ScanPage.status.in_(PENDING))
    return list(db.session.scalars(query.order_by(ScanPage.id)))


def stored_reading(page: ScanPage, layout: Layout) -> omr.PageReading:
    """Return a stored page's reading again."""
    return omr.PageReading.from_dict(page.reading or {"status": "review"}, layout)


def whole_sheet(sheet: Sheet, reading: omr.PageReading) -> tuple[ScanPageStatus, str | None]:
    """Return what becomes of a page read with certainty, judged with the sheet's other pages
    read so far: wait for the missing ones, review, or count the sheet."""
    layout = layout_of(sheet)
    readings = [stored_reading(page, layout) for page in pending_pages(sheet.id)] + [reading]
    together = omr.read_sheet(layout, sheet.code, readings)
    if not together.complete:
        return P.INCOMPLETE, "pages"
    if not together.certain:
        return P.REVIEW, "marks"
    latest = {r.page: r for r in readings}
    values = scan_marks.form_values(box for r in latest.values() for box in r.boxes)
    if scan_marks.needs_typing(layout, values):
        return P.REVIEW, "text"
    return counted(sheet.code, values)


def counted(code: str, values: dict) -> tuple[ScanPageStatus, str | None]:
    """Store a sheet read with certainty as its first entry; return what became of it."""
    form = MultiDict([(name, value) for name, items in values.items() for value in items])
    try:
        with db.session.begin_nested():
            saved = entry.save_reading(code, form)
    except registry.SheetRefused as refused:
        return P.REFUSED, refused.reason
    except entry.EntryRefused as refused:
        status = {"scanned": P.WAITING, "entered": P.MANUAL}.get(refused.reason, P.REFUSED)
        return status, refused.reason
    except entry_marks.MarksInvalid:
        return P.REVIEW, "marks"
    return (P.COUNTED, None) if saved.outcome == "counted" else (P.WAITING, None)


def settle_pending(page: ScanPage) -> None:
    """Once a page decided its sheet (counted, waiting for a second entry by staff, or to be
    reviewed as a whole), the sheet's other pages that waited for it go alike."""
    if page.sheet_id is None or page.status not in (P.COUNTED, P.WAITING, P.REVIEW):
        return
    for other in pending_pages(page.sheet_id):
        if other.id != page.id and (page.status is not P.REVIEW or other.status is P.INCOMPLETE):
            restatus(other, page.status, page.problem)


def restatus(page: ScanPage, status: ScanPageStatus, problem: str | None) -> None:
    """Change what became of a stored page, moving it between its upload's counts."""
    upload = page.upload
    for column, step in ((COUNTS.get(page.status), -1), (COUNTS.get(status), 1)):
        if column is not None:
            setattr(upload, column, getattr(upload, column) + step)
    page.status, page.problem = status, problem
    upload.updated_at = utcnow()


def tally(upload: ScanUpload, page: ScanPage) -> None:
    """Add a stored page to the upload's counts."""
    column = COUNTS.get(page.status)
    if column is not None:
        setattr(upload, column, getattr(upload, column) + 1)
    upload.pages_done += 1
    upload.updated_at = utcnow()
    db.session.flush()


def problem_text(page: ScanPage) -> str:
    """Return why a page was not counted, in words ("" when it was)."""
    return str(PROBLEMS.get(page.problem, "")) if page.problem else ""
