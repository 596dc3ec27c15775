"""Marking paper sheets as returned in bulk ("Rücklauf erfassen"). A service: it flushes, never
commits.

Staff type or scan the codes of the sheets that came back, one per line. Each code is read
through the registry (`find_sheet`, locked, and `check_open`), so an unknown, mistyped, void or
counted code is refused with the registry's own message. An issued sheet moves to RETURNED
(who and when in its history); a sheet already returned or entered is reported as such and left
alone, so sending the same list twice (a double click) changes nothing the second time.

The codes are locked in sorted order, not in the order typed, so two people sending lists that
share codes wait for each other instead of deadlocking, and a shared code moves once.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from participation.core import codes
from participation.core.town import current_town
from participation.paper import registry
from participation.paper.codes import read_code
from participation.paper.models import SheetStatus

MAX_CODES = 500  # per submission: one tray of sheets, and one transaction's worth of locks

REFUSALS = {
    "empty": _l("Bitte geben Sie mindestens einen Code ein."),
    "too_many": _l(
        "Das sind %(count)s Codes. Bitte geben Sie höchstens %(max)s Codes auf einmal ein."
    ),
}


class Kind(enum.StrEnum):
    """What became of one typed code."""

    RETURNED = "returned"  # moved from issued to returned now
    ALREADY_RETURNED = "already_returned"  # was returned before: left alone
    ALREADY_ENTERED = "already_entered"  # its marks are entered already: left alone
    REFUSED = "refused"  # not a usable code (registry.REFUSALS says why)


MESSAGES = {
    Kind.RETURNED: _l("Jetzt als zurückgegeben vermerkt."),
    Kind.ALREADY_RETURNED: _l("Dieser Bogen ist schon als zurückgegeben vermerkt."),
    Kind.ALREADY_ENTERED: _l("Dieser Bogen ist schon erfasst."),
}


class ReturnsRefused(Exception):
    """The whole submission cannot be used; `reason` is a REFUSALS key."""

    def __init__(self, reason: str, count: int = 0):
        super().__init__(reason)
        self.reason, self.count = reason, count

    @property
    def message(self) -> str:
        """Return the reason in words, in the visitor's language."""
        numbers = {"count": format_decimal(self.count), "max": format_decimal(MAX_CODES)}
        return str(REFUSALS[self.reason] % numbers)


@dataclass
class Outcome:
    """What became of one typed code (a code typed twice is reported once, `times` says)."""

    typed: str  # the line as typed, without the spaces around it
    code: str | None  # the code as stored, when the line reads as one
    kind: Kind
    reason: str | None = None  # the registry's refusal, for REFUSED
    sheet_id: int | None = None  # when the sheet is known (also for a void or counted one)
    times: int = 1

    @property
    def refused(self) -> bool:
        """Whether the code could not be used."""
        return self.kind is Kind.REFUSED

    @property
    def message(self) -> str:
        """Return the outcome in words, in the visitor's language."""
        if self.reason is not None:
            return registry.SheetRefused(self.reason).message
        return str(MESSAGES[self.kind])


@dataclass
class Report:
    """The outcome of every distinct code, in the order first typed, and the totals."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def totals(self) -> Counter[Kind]:
        """Return how many codes had each outcome."""
        return Counter(outcome.kind for outcome in self.outcomes)

    @property
    def returned(self) -> int:
        """Return how many sheets were marked as returned now."""
        return self.totals[Kind.RETURNED]

    @property
    def already(self) -> int:
        """Return how many sheets were returned or entered before (left alone)."""
        return self.totals[Kind.ALREADY_RETURNED] + self.totals[Kind.ALREADY_ENTERED]

    @property
    def refused(self) -> int:
        """Return how many codes were refused."""
        return self.totals[Kind.REFUSED]

    @property
    def usable(self) -> bool:
        """Whether any code named a sheet that is or now was marked as returned."""
        return self.refused < len(self.outcomes)

    @property
    def refused_lines(self) -> list[str]:
        """Return the refused lines as typed, to correct and send again."""
        return [outcome.typed for outcome in self.outcomes if outcome.refused]


def mark_returned(lines: list[str], actor) -> Report:
    """Mark the issued sheets of the typed codes (one per line) as returned by `actor`; report
    what became of each code. Raise ReturnsRefused when no code or too many are given."""
    outcomes = distinct_codes(lines)
    for key in sorted(outcomes):  # one lock order for everyone: no deadlocks between desks
        settle(outcomes[key], actor)
    return Report(list(outcomes.values()))


def distinct_codes(lines: list[str]) -> dict[str, Outcome]:
    """Return an outcome (not settled yet) per distinct code, in the order first typed, keyed
    by the code as stored (or, for a line that is no code, by what was typed, compacted)."""
    typed = [line.strip() for line in lines if line.strip()]
    if not typed:
        raise ReturnsRefused("empty")
    if len(typed) > MAX_CODES:
        raise ReturnsRefused("too_many", len(typed))
    prefix, outcomes = current_town().sheet_prefix, {}
    for line in typed:
        code = read_code(line, prefix).code
        key = code or codes.compact(line)
        if key in outcomes:
            outcomes[key].times += 1
        else:
            outcomes[key] = Outcome(line, code, Kind.REFUSED)
    return outcomes


def settle(outcome: Outcome, actor) -> None:
    """Read the code (locked), then move an issued sheet to returned or note why not."""
    try:
        sheet = registry.check_open(registry.find_sheet(outcome.typed, for_update=True))
    except registry.SheetRefused as refusal:
        outcome.reason = refusal.reason
        outcome.sheet_id = refusal.sheet.id if refusal.sheet is not None else None
        return
    outcome.sheet_id = sheet.id
    if sheet.status is SheetStatus.ISSUED:
        registry.move(sheet, SheetStatus.RETURNED, actor)
        outcome.kind = Kind.RETURNED
    elif sheet.status is SheetStatus.RETURNED:
        outcome.kind = Kind.ALREADY_RETURNED
    else:  # entered: its marks are in; moving it back would undo that
        outcome.kind = Kind.ALREADY_ENTERED
