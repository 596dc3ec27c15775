"""The marks staff read off one paper sheet, as stored in `paper_entries.marks`, and what a
ballot's marks count as. Pure functions: no database.

Shapes (JSON). Lists are sorted and empty parts left out, so two entries of the same sheet are
equal exactly when they read the same marks:

- a ballot: `{"options": [ticked option ids], "abstain": bool, "unclear": bool}`. Every
  printed ballot has a box per option in ballot order and, as online, "Ich enthalte mich";
  `unclear` is the flag for a sheet whose marks cannot be read with certainty (crossed-out
  crosses, added words or drawings, torn).
- a survey sheet: `{"answers": {"<question id>": marks}}`, per question in printed order:
  choices `{"options": [ids], "other": true, "text": "…"}` (the box "Sonstiges" and what is
  written on its line), yes/no `{"marked": ["no", "yes"]}`, scale `{"points": [4]}`, matrix
  `{"rows": {"<option id>": [points]}}`, ranking `{"places": {"<option id>": place}}`, number
  and text `{"text": "…"}` (as written on the lines). Unanswered questions are left out.

What a ballot counts as (the same rule for every kind of vote):
- no box ticked: INVALID (a blank ballot);
- "Ich enthalte mich" alone: ABSTENTION; together with an option: INVALID;
- more options ticked than the ballot allows (yes/no and single choice: more than one;
  multiple choice: more than its maximum): INVALID (an over-vote);
- a budget ballot whose ticked projects cost more than the budget: INVALID;
- a sheet flagged `unclear`: INVALID;
- otherwise VALID with the ticked options.
An invalid ballot is stored and counted as invalid, never dropped.

What a survey sheet counts as is in entry_survey.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.votes import casting
from participation.votes.models import MAX_OPTIONS, BallotStatus, Vote, VoteKind

MARK_FIELD = "mark"  # the ballot's boxes: option ids, and ABSTAIN
ABSTAIN = "abstain"
UNCLEAR_FIELD = "unclear"
FORM_ERROR = "form"  # the key of an error that concerns the whole form
# Why a ballot is invalid, in words (shown to staff after saving).
INVALID_REASONS = {
    "blank": _l("kein Kreuz"),
    "mixed": _l("Enthaltung und eine Antwort angekreuzt"),
    "over": _l("mehr Kreuze als erlaubt"),
    "budget": _l("teurer als das Budget"),
    "unclear": _l("nicht eindeutig"),
}


class MarksInvalid(Exception):
    """The posted marks cannot be stored; `errors` maps field names (or FORM_ERROR) to
    messages, in the visitor's language. `task` is the sheet being entered (set by the
    service, for the view to show the form again)."""

    task = None

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())))
        self.errors = errors


class Counted(NamedTuple):
    """What a ballot's marks count as: the option ids stored, the status and (for an invalid
    ballot) the reason, a key of INVALID_REASONS."""

    option_ids: list[int]
    status: BallotStatus
    reason: str | None = None


def form_mismatch() -> MarksInvalid:
    """Return the refusal of a form that does not fit the sheet (old or altered)."""
    return MarksInvalid(
        {
            FORM_ERROR: _(
                "Das Formular passt nicht zu diesem Bogen. "
                "Bitte geben Sie den Code noch einmal ein."
            )
        }
    )


def read_ballot(vote: Vote, form) -> dict:
    """Return the marks of a ballot from the posted form (a MultiDict); raise MarksInvalid
    for a value that is not a box of this ballot."""
    values = [value.strip() for value in form.getlist(MARK_FIELD)[: MAX_OPTIONS + 2]]
    known = {str(option.id): option.id for option in vote.options}
    if any(value not in known and value != ABSTAIN for value in values):
        raise form_mismatch()
    if len(set(values)) != len(values):
        raise form_mismatch()
    return ballot_marks(
        [known[value] for value in values if value in known],
        abstain=ABSTAIN in values,
        unclear=form.get(UNCLEAR_FIELD) == "1",
    )


def ballot_marks(option_ids: Sequence[int], abstain: bool = False, unclear: bool = False) -> dict:
    """Return a ballot's marks in the stored shape."""
    return {"options": sorted(set(option_ids)), "abstain": abstain, "unclear": unclear}


def ballot_values(marks: dict) -> dict[str, list[str]]:
    """Return the form values that show a ballot's marks (ticked boxes) again."""
    values = [str(option_id) for option_id in marks.get("options", [])]
    if marks.get("abstain"):
        values.append(ABSTAIN)
    return {MARK_FIELD: values, UNCLEAR_FIELD: ["1"] if marks.get("unclear") else []}


def count_ballot(vote: Vote, marks: dict) -> Counted:
    """Return what a ballot's marks count as (see the module docstring)."""
    ticked, abstain = list(marks.get("options", [])), bool(marks.get("abstain"))
    if marks.get("unclear"):
        return Counted([], BallotStatus.INVALID, "unclear")
    if not ticked:
        if abstain:
            return Counted([], BallotStatus.ABSTENTION)
        return Counted([], BallotStatus.INVALID, "blank")
    if abstain:
        return Counted([], BallotStatus.INVALID, "mixed")
    if len(ticked) > vote.choice_limit():
        return Counted([], BallotStatus.INVALID, "over")
    if over_budget(vote, ticked):
        return Counted([], BallotStatus.INVALID, "budget")
    return Counted(sorted(ticked), BallotStatus.VALID)


def over_budget(vote: Vote, ticked: Sequence[int]) -> bool:
    """Whether the ticked projects of a budget vote cost more than its budget."""
    if vote.kind is not VoteKind.BUDGET or vote.budget is None:
        return False
    wanted = set(ticked)
    chosen = [option for option in vote.options if option.id in wanted]
    return casting.total_cost(chosen) > vote.budget  # the online rule's sum


def agreed_ballot(first: dict, second: dict) -> dict:
    """Return the marks both entries of a ballot read alike (the start of a decision)."""
    return ballot_marks(
        set(first.get("options", [])) & set(second.get("options", [])),
        abstain=bool(first.get("abstain")) and bool(second.get("abstain")),
        unclear=bool(first.get("unclear")) and bool(second.get("unclear")),
    )


class Box(NamedTuple):
    """One box (or flag) of a ballot as two entries read it, for the comparison."""

    key: str
    label: str
    first: bool
    second: bool

    @property
    def differs(self) -> bool:
        """Whether the two entries read this box differently."""
        return self.first != self.second


def ballot_boxes(vote: Vote, first: dict, second: dict) -> list[Box]:
    """Return every box of the ballot in printed order, then the flag, as both entries read
    them."""
    one, two = set(first.get("options", [])), set(second.get("options", []))
    boxes = [
        Box(f"option-{option.id}", option.title, option.id in one, option.id in two)
        for option in vote.options
    ]
    boxes.append(
        Box(
            ABSTAIN, _("Ich enthalte mich"), bool(first.get("abstain")), bool(second.get("abstain"))
        )
    )
    boxes.append(
        Box(
            UNCLEAR_FIELD,
            _("Bogen nicht eindeutig lesbar"),
            bool(first.get("unclear")),
            bool(second.get("unclear")),
        )
    )
    return boxes
