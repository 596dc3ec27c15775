"""Entering paper sheets by hand, with double entry and arbitration. Services: they flush,
never commit.

A staff member types (or scans) a sheet's code and enters its marks (entry_marks.py,
entry_survey.py). Each entry is a `PaperEntry` with its role:
- FIRST: the first entry. Without double entry (the vote's or survey's `paper_double_entry`)
  the sheet counts at once; with it, the sheet is ENTERED and waits.
- SECOND: by another staff member. Equal marks: the sheet counts. Different marks: it waits
  for arbitration (ENTERED, with two entries).
- ARBITRATION: by a third staff member (neither of the first two), who sees both entries
  side by side and enters the decision, which counts.
Nobody enters a sheet twice (the unique constraints on paper_entries say so too). Each save
locks the sheet (registry.sheet_for_entry) and checks that the role the form was shown for is
still the sheet's next one, so two people saving the same sheet at once count it once.

Counting goes through the online code paths (entry_counting.py). The audit log names the sheet,
the staff member and the role, never the marks.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.core import audit
from participation.extensions import db
from participation.paper import entry_counting, entry_marks, entry_survey, registry
from participation.paper.models import (
    EntryRole,
    EntrySource,
    PaperEntry,
    Sheet,
    SheetKind,
    SheetStatus,
)
from participation.surveys.models import Survey
from participation.votes.models import Vote

audit.register_actions(
    {
        "paper.sheet_entered": _l("Papierbogen erfasst"),
        "paper.sheet_arbitrated": _l("Über einen Papierbogen entschieden"),
    }
)

REFUSALS = {
    "own": _l(
        "Sie haben diesen Bogen schon erfasst. Die zweite Erfassung macht eine andere Person."
    ),
    "own_arbitration": _l(
        "Sie haben diesen Bogen schon erfasst. Über die Abweichung entscheidet eine dritte Person."
    ),
    "idea": _l("Das ist eine Ideenkarte. Ideenkarten erfassen Sie als Vorschlag, nicht hier."),
    "not_open": _l(
        "Die Abstimmung oder Umfrage zu diesem Bogen hat noch nicht begonnen. "
        "Ihre Bögen zählen erst ab Beginn."
    ),
    "changed": _l(
        "Jemand anderes hat diesen Bogen gerade erfasst. Bitte geben Sie den Code noch einmal ein."
    ),
    "scanned": _l("Dieser Bogen ist schon eingelesen. Er wartet auf die zweite Erfassung."),
    "entered": _l("Dieser Bogen wird schon von Hand erfasst."),
}
OPEN_PHASES = ("open", "closed")  # a sheet counts once its vote or survey has begun


class EntryRefused(Exception):
    """This staff member cannot enter this sheet now; `reason` is a REFUSALS key."""

    def __init__(self, reason: str, sheet: Sheet | None = None):
        super().__init__(reason)
        self.reason, self.sheet = reason, sheet

    @property
    def message(self) -> str:
        """Return the reason in words, in the visitor's language."""
        return str(REFUSALS[self.reason])


@dataclass(frozen=True)
class Scope:
    """Which sheets an entry screen takes: those of one vote, one survey, or any."""

    vote_id: int | None = None
    survey_id: int | None = None

    @property
    def token(self) -> str:
        """Return the scope as a form value: "vote-3", "survey-2" or "all"."""
        if self.vote_id is not None:
            return f"vote-{self.vote_id}"
        return f"survey-{self.survey_id}" if self.survey_id is not None else "all"

    @classmethod
    def parse(cls, token: str | None) -> Scope | None:
        """Return the scope a form value names, or None when it names none."""
        kind, _dash, number = (token or "").partition("-")
        if kind == "all" and not number:
            return cls()
        if kind in ("vote", "survey") and number.isdigit() and len(number) <= 10:
            return cls(**{f"{kind}_id": int(number)})
        return None

    def subject(self) -> Vote | Survey | None:
        """Return the vote or survey the scope names (None for all, or when there is none)."""
        if self.vote_id is not None:
            return db.session.get(Vote, self.vote_id)
        return db.session.get(Survey, self.survey_id) if self.survey_id is not None else None


@dataclass
class Task:
    """A sheet ready to be entered by one staff member: its subject, the entries so far and
    the role the new entry will have."""

    sheet: Sheet
    subject: Vote | Survey
    entries: dict[EntryRole, PaperEntry]
    role: EntryRole

    @property
    def is_vote(self) -> bool:
        """Whether the sheet is a ballot."""
        return isinstance(self.subject, Vote)


@dataclass(frozen=True)
class Saved:
    """What saving an entry did: "waiting" (for a second entry), "arbitration" (the two
    entries differ) or "counted"; for a counted ballot, what it counts as."""

    code: str
    role: EntryRole
    outcome: str
    ballot: entry_marks.Counted | None = None


def subject_of(sheet: Sheet) -> Vote | Survey:
    """Return the vote or survey the sheet is for (an idea card is refused)."""
    if sheet.kind is SheetKind.IDEA:
        raise EntryRefused("idea", sheet)
    if sheet.kind is SheetKind.VOTE:
        return db.session.get(Vote, sheet.vote_id)
    return db.session.get(Survey, sheet.survey_id)


def entries_of(sheet: Sheet) -> dict[EntryRole, PaperEntry]:
    """Return the sheet's entries so far by role (read afresh, after the sheet is locked)."""
    query = select(PaperEntry).where(PaperEntry.sheet_id == sheet.id)
    entries = db.session.scalars(query.execution_options(populate_existing=True))
    return {entry.role: entry for entry in entries}


def next_role(entries: dict[EntryRole, PaperEntry], staff) -> EntryRole:
    """Return the role of `staff`'s entry; refuse a staff member who entered the sheet."""
    if any(entry.staff_id == staff.id for entry in entries.values()):
        raise EntryRefused("own_arbitration" if EntryRole.SECOND in entries else "own")
    if EntryRole.FIRST not in entries:
        return EntryRole.FIRST
    return EntryRole.ARBITRATION if EntryRole.SECOND in entries else EntryRole.SECOND


def open_sheet(typed: str | None, staff, scope: Scope) -> Task:
    """Return the sheet of a typed code, locked, ready for `staff` to enter; raise
    registry.SheetRefused (unknown, void, mistyped, counted, another subject) or EntryRefused."""
    sheet = registry.sheet_for_entry(typed, vote_id=scope.vote_id, survey_id=scope.survey_id)
    subject = subject_of(sheet)
    if subject.phase().value not in OPEN_PHASES:
        raise EntryRefused("not_open", sheet)
    entries = entries_of(sheet)
    try:
        role = next_role(entries, staff)
    except EntryRefused as refusal:
        refusal.sheet = sheet
        raise
    return Task(sheet, subject, entries, role)


def read_marks(task: Task, form) -> dict:
    """Return the marks posted for the task's sheet (raise entry_marks.MarksInvalid)."""
    if task.is_vote:
        return entry_marks.read_ballot(task.subject, form)
    return entry_survey.read_sheet(task.subject, form)


def save(typed: str | None, role: str | None, form, staff, scope: Scope) -> Saved:
    """Store `staff`'s entry of the sheet (the form was shown for `role`), and count the sheet
    when its entries say so. Raise SheetRefused, EntryRefused or MarksInvalid."""
    task = open_sheet(typed, staff, scope)
    if task.role.value != role:
        raise EntryRefused("changed", task.sheet)
    try:
        marks = read_marks(task, form)
    except entry_marks.MarksInvalid as problem:
        problem.task = task  # the view shows the form again
        raise
    return store(task, marks, staff)


def save_reading(code: str, form) -> Saved:
    """Store a scan's reading of a sheet (`form`: the entry form's values, scan_marks.py) as
    its first entry, by no staff member, and count the sheet unless double entry asks for a
    second entry by staff. A sheet with an entry already is left alone (EntryRefused "scanned"
    or "entered"); raise SheetRefused, or MarksInvalid for values that fit no box."""
    sheet = registry.sheet_for_entry(code)
    subject = subject_of(sheet)
    if subject.phase().value not in OPEN_PHASES:
        raise EntryRefused("not_open", sheet)
    entries = entries_of(sheet)
    if entries:
        machine = any(entry.source is EntrySource.SCAN for entry in entries.values())
        raise EntryRefused("scanned" if machine else "entered", sheet)
    task = Task(sheet, subject, entries, EntryRole.FIRST)
    return store(task, read_marks(task, form), None, EntrySource.SCAN)


def store(task: Task, marks: dict, staff, source: EntrySource = EntrySource.HAND) -> Saved:
    """Store the entry, move the sheet to entered, and count it when its entries say so."""
    add_entry(task, marks, staff, source)
    if task.sheet.status is not SheetStatus.ENTERED:
        registry.move(task.sheet, SheetStatus.ENTERED, staff)
    outcome = decide(task, marks)
    ballot = None
    if outcome == "counted":
        ballot = entry_counting.count_sheet(task.sheet, task.subject, marks, staff)
    record(task, staff, outcome)
    return Saved(task.sheet.code, task.role, outcome, ballot)


def add_entry(task: Task, marks: dict, staff, source: EntrySource) -> PaperEntry:
    """Store the entry (`staff` None: read from a scan); the unique constraints refuse a
    parallel entry of the same role."""
    staff_id = staff.id if staff is not None else None
    entry = PaperEntry(
        sheet_id=task.sheet.id, staff_id=staff_id, role=task.role, marks=marks, source=source
    )
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError as error:
        raise EntryRefused("changed", task.sheet) from error
    return entry


def decide(task: Task, marks: dict) -> str:
    """Return what the new entry means for the sheet: "counted", "waiting" or "arbitration"."""
    if task.role is EntryRole.FIRST:
        return "waiting" if task.subject.paper_double_entry else "counted"
    if task.role is EntryRole.SECOND and task.entries[EntryRole.FIRST].marks != marks:
        return "arbitration"
    return "counted"


def record(task: Task, staff, outcome: str) -> None:
    """Audit the entry: which sheet, who, as which entry, and what followed (no marks)."""
    action = "paper.sheet_arbitrated" if task.role is EntryRole.ARBITRATION else None
    audit.record(
        action or "paper.sheet_entered",
        task.sheet,
        actor=staff,
        after={"code": task.sheet.code, "role": task.role.value, "outcome": outcome},
    )
