"""The two entries of a sheet side by side, for the arbitration: every box of a ballot or every
question of a survey sheet, as each entry read it, in words, with the differences marked."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from participation.extensions import db
from participation.paper import entry, entry_marks, entry_survey
from participation.paper.models import EntryRole, PaperEntry, Sheet, SheetStatus
from participation.surveys.models import Question, QuestionType
from participation.votes.models import Vote

T = QuestionType


@dataclass(frozen=True)
class Item:
    """A box or a question, as the first and the second entry read it (in words)."""

    key: str
    label: str
    first: list[str]
    second: list[str]
    differs: bool


@dataclass
class Comparison:
    """A sheet waiting for a decision: its entries compared, where they start a decision
    (what both read alike), and whether the viewer may decide (else why not)."""

    sheet: Sheet
    subject: object
    first: PaperEntry
    second: PaperEntry
    items: list[Item]
    agreed: dict
    refusal: str | None = None
    differing: list[Item] = field(default_factory=list)

    @property
    def is_vote(self) -> bool:
        """Whether the sheet is a ballot."""
        return isinstance(self.subject, Vote)


def load(sheet_id: int, staff) -> Comparison | None:
    """Return the comparison of a sheet whose entries differ, or None when it does not wait
    for a decision (unknown, counted, void, or not entered twice)."""
    sheet = db.session.get(Sheet, sheet_id)
    if sheet is None or sheet.status is not SheetStatus.ENTERED:
        return None
    entries = entry.entries_of(sheet)
    if EntryRole.SECOND not in entries or EntryRole.ARBITRATION in entries:
        return None
    subject = entry.subject_of(sheet)
    first, second = entries[EntryRole.FIRST], entries[EntryRole.SECOND]
    items = compare(subject, first.marks, second.marks)
    comparison = Comparison(sheet, subject, first, second, items, agreed(subject, first, second))
    comparison.differing = [item for item in items if item.differs]
    try:
        entry.next_role(entries, staff)
    except entry.EntryRefused as refusal:
        comparison.refusal = refusal.message
    return comparison


def agreed(subject, first: PaperEntry, second: PaperEntry) -> dict:
    """Return what both entries read alike, in the stored shape."""
    if isinstance(subject, Vote):
        return entry_marks.agreed_ballot(first.marks, second.marks)
    return entry_survey.agreed_sheet(first.marks, second.marks)


def agreed_values(comparison: Comparison) -> dict[str, list[str]]:
    """Return the form values that start the decision: what both entries read alike."""
    if comparison.is_vote:
        return entry_marks.ballot_values(comparison.agreed)
    return entry_survey.form_values(comparison.subject, comparison.agreed)


def compare(subject, first: dict, second: dict) -> list[Item]:
    """Return the items of a ballot (its boxes) or a survey sheet (its questions)."""
    if isinstance(subject, Vote):
        return [
            Item(box.key, box.label, [ticked(box.first)], [ticked(box.second)], box.differs)
            for box in entry_marks.ballot_boxes(subject, first, second)
        ]
    one, two = first.get("answers", {}), second.get("answers", {})
    return [
        Item(
            f"q{question.id}",
            f"{number}. {question.text}",
            describe(question, one.get(str(question.id), {})),
            describe(question, two.get(str(question.id), {})),
            one.get(str(question.id)) != two.get(str(question.id)),
        )
        for number, question in enumerate(subject.questions(), start=1)
    ]


def ticked(marked: bool) -> str:
    """Return whether a box is ticked, in words."""
    return _("angekreuzt") if marked else _("kein Kreuz")


def describe(question: Question, marks: dict) -> list[str]:
    """Return one question's marks in words, one line per box or text."""
    if not marks:
        return [_("nichts markiert")]
    labels = {option.id: option.label for option in question.options}
    if question.kind in (T.SINGLE, T.MULTIPLE):
        lines = [labels.get(option_id, "?") for option_id in marks.get("options", [])]
        if marks.get("other"):
            lines.append(_("Sonstiges"))
        if marks.get("text"):
            lines.append(_("Auf der Zeile „Sonstiges“: %(text)s", text=marks["text"]))
        return lines
    if question.kind is T.YES_NO:
        return [_("Ja") if value == "yes" else _("Nein") for value in marks.get("marked", [])]
    if question.kind is T.SCALE:
        return [_("Kreuz bei %(point)s", point=point) for point in marks.get("points", [])]
    if question.kind in (T.MATRIX, T.RANKING):
        return row_lines(question, marks, labels)
    return [marks.get("text", "")]


def row_lines(question: Question, marks: dict, labels: dict[int, str]) -> list[str]:
    """Return a matrix's points or a ranking's places, one line per row that has marks."""
    matrix = question.kind is T.MATRIX
    rows = marks.get("rows" if matrix else "places", {})
    lines = []
    for option in question.options:
        given = rows.get(str(option.id))
        if not given:
            continue
        values = ", ".join(str(value) for value in given)
        words = (
            _("Kreuz bei %(point)s", point=values)
            if matrix
            else _("Platz %(number)s", number=values)
        )
        lines.append(f"{labels[option.id]}: {words}")
    return lines
