"""The review of scanned sheets the reader was not sure of. Services: they flush, never commit.

The queue holds one item per sheet with a page to review (or a page whose code could not be
read, on its own), oldest first; and, once their upload is read, pages of sheets whose other
pages never came. Staff see the page, enlarged crops of the unclear boxes and the machine's
reading, and enter the sheet on the same form as manual entry, filled in with what the
machine read. The decision is counted through the same path as manual entry (entry.store):

- where double entry is off, or the sheet has an entry already (someone typed it in), the
  decision is the staff member's entry with its usual role;
- where double entry is on, the scan is the first entry: the machine's reading of every box it
  was sure of, the decision on the others (and the typed text). The decision is the second
  entry: equal, the sheet counts; where staff changed a box the machine was sure of, the two
  differ and a third person decides (arbitration), as between two people.

A page whose code could not be read is matched by typing its code: the page is read again
with that code's layout, and then counted or reviewed like any other page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lazy_loader as lazy
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from participation.core import audit
from participation.core.town import current_town
from participation.extensions import db
from participation.paper import entry, omr, registry, scan_files, scan_marks, scans
from participation.paper.entry import Scope
from participation.paper.layout import Box
from participation.paper.models import EntryRole, EntrySource, PaperBatch, Sheet
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanState, ScanUpload

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
cv2 = lazy.load("cv2")

audit.register_actions(
    {
        "paper.scan_reviewed": _l("Gescannten Bogen geprüft"),
        "paper.scan_code_typed": _l("Code eines gescannten Bogens eingetippt"),
        "paper.scan_dismissed": _l("Gescannte Seite als „kein Bogen“ markiert"),
    }
)
P = ScanPageStatus
PROBLEMS = {
    "done": _l("Diese Seite ist schon erledigt. Hier ist die nächste."),
    "image": _l("Das Bild dieser Seite ist nicht mehr da. Bitte erfassen Sie den Bogen von Hand."),
    "page": _l("Diese Seitenzahl hat der Bogen nicht."),
    "changed": entry.REFUSALS["changed"],
}
BOX_STATES = {
    "empty": _l("leer"),
    "crossed": _l("angekreuzt"),
    "filled": _l("ausgemalt (Kreuz zurückgenommen)"),
    "unclear": _l("unklar"),
}
BOX_REASONS = {
    "outline": _l("Kästchen nicht gut zu erkennen"),
    "around": _l("Zeichen neben dem Kästchen"),
    "faint": _l("sehr blass, vielleicht Bleistift"),
    "partial": _l("nur teilweise ausgemalt"),
}
GROUP_REASONS = {
    "over": _l("mehr Kreuze als erlaubt"),
    "mixed": _l("Enthaltung und eine Antwort angekreuzt"),
}


class ReviewProblem(Exception):
    """The review cannot go on; `reason` is a PROBLEMS key."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        """Return the problem in words, in the visitor's language."""
        return str(PROBLEMS[self.reason])


@dataclass(frozen=True)
class Unclear:
    """A box staff must look at: the page it is on, its index there, and what the machine
    saw."""

    page: ScanPage
    index: int
    box: Box
    label: str  # the question (or ballot) and the box's printed text
    state: str
    reason: str | None
    group_reason: str | None = None


@dataclass
class Review:
    """A sheet to review: its pending pages and their readings, the boxes to look at, the
    machine's reading as form values, and the entry the decision will be (or why there can
    be none)."""

    page: ScanPage
    pages: list[ScanPage]
    sheet: Sheet | None = None
    task: entry.Task | None = None
    refusal: str | None = None
    unclear: list[Unclear] = field(default_factory=list)
    certain: list[omr.BoxReading] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)
    missing: tuple[int, ...] = ()


def queue_query():
    """Return the query of the pages to review, one per sheet (the oldest), oldest first."""
    done = select(ScanUpload.id).where(ScanUpload.state == ScanState.DONE)
    waiting = or_(
        ScanPage.status == P.REVIEW,
        (ScanPage.status == P.INCOMPLETE) & ScanPage.upload_id.in_(done),
    )
    per_sheet = func.coalesce(ScanPage.sheet_id, -ScanPage.id)
    first = select(func.min(ScanPage.id)).where(waiting).group_by(per_sheet)
    query = select(ScanPage).where(ScanPage.id.in_(first)).order_by(ScanPage.id)
    batch = joinedload(ScanPage.sheet).joinedload(Sheet.batch)
    subject = (batch.selectinload(PaperBatch.vote), batch.selectinload(PaperBatch.survey))
    return query.options(joinedload(ScanPage.upload), *subject)


def queue_count() -> int:
    """Return how many sheets (and pages without a code) wait for review."""
    return db.session.scalar(select(func.count()).select_from(queue_query().subquery())) or 0


def next_page_id(after: int | None = None) -> int | None:
    """Return the next page to review (after the page `after`, else the first)."""
    query = queue_query()
    if after is not None:
        query = query.where(ScanPage.id > after)
    page = db.session.scalars(query.limit(1)).first()
    if page is None and after is not None:
        return next_page_id()
    return page.id if page is not None else None


def load(page_id: int, staff) -> Review | None:
    """Return the review of the page's sheet (None: no such page). Raise ReviewProblem("done")
    when the page is decided already."""
    page = db.session.get(ScanPage, page_id)
    if page is None:
        return None
    if page.status not in scans.PENDING:
        raise ReviewProblem("done")
    if page.sheet_id is None:
        return Review(page, [page])
    review = Review(page, scans.pending_pages(page.sheet_id), sheet=page.sheet)
    try:
        review.task = entry.open_sheet(page.code, staff, Scope())
    except (registry.SheetRefused, entry.EntryRefused) as refusal:
        review.refusal = refusal.message
    if review.task is not None:
        judge(review)
    return review


def judge(review: Review) -> None:
    """Fill in what the machine read on the sheet's pages: unclear and certain boxes, the
    form values, and the pages missing."""
    layout = scans.layout_of(review.sheet)
    if layout is None:  # never printed: nothing was read on it
        return
    readings = {page.id: scans.stored_reading(page, layout) for page in review.pages}
    together = omr.read_sheet(layout, review.sheet.code, list(readings.values()))
    # A group unclear for one of its boxes leaves the others certain; crosses that break the
    # group's rule (too many, abstaining with an answer) put every box of it in question.
    unclear_groups = {
        group.key: group.reason for group in together.groups if group.reason in GROUP_REASONS
    }
    questions = {group.key: group.label for group in layout.groups}
    for page in review.pages:
        for index, box in enumerate(readings[page.id].boxes):
            grouped = box.box.group in unclear_groups
            if box.state is omr.BoxState.UNCLEAR or grouped:
                reason = unclear_groups.get(box.box.group)
                label = box_label(box.box, questions.get(box.box.group, ""))
                review.unclear.append(
                    Unclear(page, index, box.box, label, box.state.value, box.reason, reason)
                )
            else:
                review.certain.append(box)
    every = [box for reading in readings.values() for box in reading.boxes]
    review.values = scan_marks.form_values(every)
    review.missing = together.missing


def box_label(box: Box, question: str) -> str:
    """Return a box's printed text, with its question (and row) where the text alone says
    little: a yes or no, a scale point, a place."""
    if box.kind in ("point", "rank"):
        row = f" – {box.label}" if box.option is not None else ""
        return f"{question}{row}: {box.value}"
    if box.kind in ("yes", "no"):
        return f"{question}: {box.label}"
    return box.label


def decide(page_id: int, role: str | None, form, staff) -> entry.Saved:
    """Store the staff member's decision on the page's sheet (the form was shown for `role`)
    and settle its pending pages. Raise ReviewProblem, SheetRefused, EntryRefused or
    entry_marks.MarksInvalid (with the task set, to show the form again)."""
    review = load(page_id, staff)
    if review is None or review.sheet is None:
        raise ReviewProblem("done")
    if review.task is None:
        entry.open_sheet(review.page.code, staff, Scope())  # raises the refusal again
    task = review.task
    if task.role.value != role:
        raise ReviewProblem("changed")
    marks = read_marks(task, form)
    if not task.entries and task.subject.paper_double_entry:
        machine = read_marks(task, scan_marks.merged(form, review.certain))
        entry.store(task, machine, None, EntrySource.SCAN)
        task = entry.Task(task.sheet, task.subject, entry.entries_of(task.sheet), EntryRole.SECOND)
    saved = entry.store(task, marks, staff, EntrySource.REVIEW)
    settle(review.pages, saved)
    after = {"code": review.sheet.code, "pages": [p.id for p in review.pages]}
    audit.record(
        "paper.scan_reviewed", review.sheet, actor=staff, after=after | {"outcome": saved.outcome}
    )
    return saved


def read_marks(task: entry.Task, form) -> dict:
    """Return the marks posted for the task's sheet, the task kept for showing them again."""
    try:
        return entry.read_marks(task, form)
    except entry.entry_marks.MarksInvalid as problem:
        problem.task = task
        raise


def settle(pages: list[ScanPage], saved: entry.Saved) -> None:
    """Mark the reviewed pages as counted, or waiting for a further entry."""
    if saved.outcome == "counted":
        status, problem = P.COUNTED, None
    else:
        status, problem = P.WAITING, "arbitration" if saved.outcome == "arbitration" else None
    for page in pages:
        scans.restatus(page, status, problem)
    db.session.flush()


def match_code(page_id: int, typed: str | None, number: int, staff) -> ScanPage:
    """Read a page whose code could not be read again with the code staff typed (and its page
    number), then count or review it like any page. Raise ReviewProblem or SheetRefused."""
    page = db.session.get(ScanPage, page_id)
    if page is None or page.status not in scans.PENDING or page.sheet_id is not None:
        raise ReviewProblem("done")
    sheet = registry.check_open(registry.find_sheet(typed))
    layout = scans.layout_of(sheet)
    if layout is None or not 1 <= number <= len(layout.pages):
        raise ReviewProblem("page")
    image = stored_image(page)
    known = (sheet.code, number)
    reading = omr.read_page(image, scans.Layouts(), current_town().sheet_prefix, known=known)
    reread(page, sheet, reading)
    audit.record(
        "paper.scan_code_typed", sheet, actor=staff, after={"code": sheet.code, "page": page.id}
    )
    return page


def stored_image(page: ScanPage):
    """Return the page's stored image (grey), or raise ReviewProblem("image")."""
    path = scan_files.image_path(page.image_name)
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE) if path is not None else None
    if image is None:
        raise ReviewProblem("image")
    return image


def reread(page: ScanPage, sheet: Sheet, reading: omr.PageReading) -> None:
    """Store a page's new reading and what becomes of it (counting its sheet if certain)."""
    if reading.code is None:  # the typed code is the page's, also where it cannot be measured
        reading = omr.PageReading(omr.Status.REVIEW, sheet.code, page.page or 1, "markers")
    status, problem = scans.outcome(reading, sheet)
    page.sheet_id, page.code, page.page = sheet.id, reading.code, reading.page
    page.reading = reading.as_dict()
    scans.restatus(page, status, problem)
    db.session.flush()
    scans.settle_pending(page)


def dismiss(page_id: int, staff) -> None:
    """Mark a page to review as no sheet at all (a cover page, a letter); raise ReviewProblem
    when it was decided meanwhile."""
    page = db.session.get(ScanPage, page_id)
    if page is None or page.status not in scans.PENDING:
        raise ReviewProblem("done")
    scans.restatus(page, P.NOT_A_SHEET, "dismissed")
    audit.record("paper.scan_dismissed", page.upload, actor=staff, after={"page": page.id})
    db.session.flush()


def unclear_label(item: Unclear) -> str:
    """Return why the machine was unsure of a box, in words."""
    parts = [str(BOX_STATES.get(item.state, item.state))]
    if item.reason in BOX_REASONS:
        parts.append(str(BOX_REASONS[item.reason]))
    if item.group_reason in GROUP_REASONS:
        parts.append(str(GROUP_REASONS[item.group_reason]))
    return ", ".join(parts)
