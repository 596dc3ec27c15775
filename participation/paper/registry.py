"""The sheet registry: registering a batch's codes, finding a sheet by what staff typed or
scanned, and moving sheets through their states. Services: they flush, never commit.

Every entry point (manual entry, scan import, voiding, the registry page) reads a code through
`find_sheet` or `sheet_for_entry`, so an unknown, void, mistyped or already counted code is
refused everywhere with the same message (labels.REFUSALS).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import joinedload, selectinload

from participation.core import audit
from participation.core.models import utcnow
from participation.core.town import current_town
from participation.extensions import db
from participation.paper.codes import make_code, read_code
from participation.paper.models import PaperBatch, Sheet, SheetEvent, SheetStatus

S = SheetStatus
# Where a sheet may go from each state. A counted sheet is final; a void one too.
MOVES: dict[SheetStatus, set[SheetStatus]] = {
    S.ISSUED: {S.RETURNED, S.ENTERED, S.VOID},
    S.RETURNED: {S.ENTERED, S.VOID},
    S.ENTERED: {S.COUNTED, S.RETURNED, S.VOID},  # back to returned: the entries disagreed
    S.COUNTED: set(),
    S.VOID: set(),
}
REFUSALS = {
    "format": _l("Das ist kein Bogen-Code. Ein Code sieht so aus: %(example)s."),
    "prefix": _l("Dieser Code gehört nicht zu dieser Plattform. Er muss mit %(prefix)s beginnen."),
    "check": _l("Der Code ist falsch abgetippt. Bitte vergleichen Sie ihn Zeichen für Zeichen."),
    "unknown": _l("Diesen Code haben wir nie gedruckt. Bitte prüfen Sie ihn."),
    "void": _l("Dieser Bogen ist ungültig gemacht worden. Er zählt nicht."),
    "counted": _l("Dieser Bogen ist schon gezählt. Er zählt nur einmal."),
    "subject": _l("Dieser Bogen gehört zu einer anderen Abstimmung oder Umfrage."),
    "move": _l("Das geht in diesem Zustand des Bogens nicht."),
}
CODE_ATTEMPTS = 5  # a new code that happens to exist already is drawn again

audit.register_actions({"paper.sheet_voided": _l("Bogen ungültig gemacht")})
audit.register_target_types({"paper_sheets": _l("Bogen")})


class SheetRefused(Exception):
    """The code cannot be used here; `reason` is a REFUSALS key, `sheet` the sheet if known."""

    def __init__(self, reason: str, sheet: Sheet | None = None):
        super().__init__(reason)
        self.reason, self.sheet = reason, sheet

    @property
    def message(self) -> str:
        """Return the reason in words, in the visitor's language."""
        prefix = current_town().sheet_prefix
        return str(REFUSALS[self.reason] % {"example": f"{prefix}-7K3M-9Q2X-4", "prefix": prefix})


def new_codes(count: int) -> list[str]:
    """Return `count` distinct codes not yet in the registry."""
    prefix, codes = current_town().sheet_prefix, set()
    for _attempt in range(CODE_ATTEMPTS):
        codes |= {make_code(prefix) for _ in range(count - len(codes))}
        taken = set(db.session.scalars(select(Sheet.code).where(Sheet.code.in_(codes))))
        codes -= taken
        if len(codes) == count:
            return sorted(codes, key=lambda code: code[3:])  # random order, not creation order
    raise RuntimeError("could not draw enough new sheet codes")


def register_sheets(batch: PaperBatch) -> list[str]:
    """Register `batch.size` new codes as issued sheets of the batch (one bulk insert, in the
    caller's transaction); return the codes in page order."""
    codes = []
    for start in range(0, batch.size, 1000):
        chunk = new_codes(min(1000, batch.size - start))
        rows = [sheet_row(batch, start + offset + 1, code) for offset, code in enumerate(chunk)]
        db.session.execute(insert(Sheet), rows)
        codes += chunk
    return codes


def sheet_row(batch: PaperBatch, number: int, code: str) -> dict:
    """Return the columns of one new sheet of `batch`."""
    return {
        "code": code,
        "batch_id": batch.id,
        "number": number,
        "kind": batch.kind,
        "vote_id": batch.vote_id,
        "survey_id": batch.survey_id,
        "status": SheetStatus.ISSUED,
        "updated_at": utcnow(),
    }


def find_sheet(typed: str | None, *, for_update: bool = False) -> Sheet:
    """Return the sheet of a typed or scanned code, or raise SheetRefused (not a code, another
    prefix, a typing mistake, never printed). `for_update` locks the row until commit."""
    reading = read_code(typed, current_town().sheet_prefix)
    if reading.code is None:
        raise SheetRefused(reading.problem)
    query = select(Sheet).where(Sheet.code == reading.code)
    if for_update:  # the locked row as it is now, even if this session read it before
        query = query.with_for_update().execution_options(populate_existing=True)
    sheet = db.session.scalar(query)
    if sheet is None:
        raise SheetRefused("unknown")
    return sheet


def sheet_for_entry(typed: str | None, *, vote_id=None, survey_id=None) -> Sheet:
    """Return the sheet for entering its marks, locked: refused when void, already counted, or
    of another subject than the vote or survey given (if one is)."""
    sheet = check_open(find_sheet(typed, for_update=True))
    if (vote_id is not None and sheet.vote_id != vote_id) or (
        survey_id is not None and sheet.survey_id != survey_id
    ):
        raise SheetRefused("subject", sheet)
    return sheet


def check_open(sheet: Sheet) -> Sheet:
    """Return the sheet, or raise SheetRefused when it is void or already counted."""
    if sheet.status is SheetStatus.VOID:
        raise SheetRefused("void", sheet)
    if sheet.status is SheetStatus.COUNTED:
        raise SheetRefused("counted", sheet)
    return sheet


def move(sheet: Sheet, to: SheetStatus, actor, note: str = "") -> None:
    """Move the sheet to `to` (if its state allows) and record who and when."""
    if to not in MOVES[sheet.status]:
        raise SheetRefused("counted" if sheet.status is S.COUNTED else "move", sheet)
    db.session.add(
        SheetEvent(
            sheet_id=sheet.id,
            from_status=sheet.status,
            to_status=to,
            actor_id=actor.id if actor is not None else None,
            note=note[:200],
        )
    )
    sheet.status, sheet.updated_at = to, utcnow()
    db.session.flush()


def void_batch(batch: PaperBatch, actor, note: str = "") -> int:
    """Void every sheet of the batch that is not counted or void yet (bulk); return how many."""
    voidable = (S.ISSUED, S.RETURNED, S.ENTERED)
    query = select(Sheet.id, Sheet.status).where(
        Sheet.batch_id == batch.id, Sheet.status.in_(voidable)
    )
    rows = db.session.execute(query.with_for_update()).all()
    if not rows:
        return 0
    now, actor_id = utcnow(), actor.id if actor is not None else None
    events = [
        {"sheet_id": i, "from_status": s, "to_status": S.VOID, "actor_id": actor_id, "at": now}
        for i, s in rows
    ]
    db.session.execute(insert(SheetEvent), [{**event, "note": note[:200]} for event in events])
    ids = [sheet_id for sheet_id, _status in rows]
    for start in range(0, len(ids), 1000):
        db.session.execute(
            update(Sheet)
            .where(Sheet.id.in_(ids[start : start + 1000]))
            .values(status=S.VOID, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    db.session.expire_all()
    return len(ids)


def void_sheet(sheet: Sheet, actor, reason: str) -> None:
    """Void one sheet (lost, damaged, handed out by mistake), with the reason; audited. A
    counted or already void sheet is refused (SheetRefused). The row is locked and read again
    first, so two people voiding it at once void it once."""
    locked = select(Sheet).where(Sheet.id == sheet.id).with_for_update()
    db.session.scalar(locked.execution_options(populate_existing=True))
    before = sheet.status
    if before is S.VOID:
        raise SheetRefused("void", sheet)
    move(sheet, S.VOID, actor, reason)
    audit.record(
        "paper.sheet_voided",
        sheet,
        actor=actor,
        before={"status": before.value},
        after={"status": S.VOID.value, "reason": reason[:200]},
    )


def status_counts(batch_ids) -> dict[int, dict[SheetStatus, int]]:
    """Return how many sheets of each batch are in each state (one query for all batches)."""
    ids = list(batch_ids)
    counts: dict[int, dict[SheetStatus, int]] = {batch_id: {} for batch_id in ids}
    if not ids:
        return counts
    query = (
        select(Sheet.batch_id, Sheet.status, func.count())
        .where(Sheet.batch_id.in_(ids))
        .group_by(Sheet.batch_id, Sheet.status)
    )
    for batch_id, status, count in db.session.execute(query):
        counts[batch_id][SheetStatus(status)] = count
    return counts


def load_sheet(sheet_id: int) -> Sheet | None:
    """Return the sheet with its batch (subject, who printed it) and every event with who
    moved it, in a fixed number of queries however long its history."""
    batch = joinedload(Sheet.batch)
    query = (
        select(Sheet)
        .where(Sheet.id == sheet_id)
        .options(
            batch.joinedload(PaperBatch.created_by),
            batch.joinedload(PaperBatch.vote),
            batch.joinedload(PaperBatch.survey),
            selectinload(Sheet.events).joinedload(SheetEvent.actor),
        )
    )
    return db.session.scalar(query)
