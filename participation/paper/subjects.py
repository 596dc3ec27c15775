"""Paper for one vote or survey: how many of its sheets are in each state, and whether its
sheets are entered twice (double entry). Services: they flush, never commit.

Double entry can be switched on or off until the first sheet of the vote or survey has been
entered; after that it stays as it is, so that every sheet of one vote or survey is counted by
the same rule. Votes start with double entry on, surveys with it off (migration 0008).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from participation.core import audit
from participation.extensions import db
from participation.paper.models import PaperEntry, Sheet, SheetKind, SheetStatus
from participation.surveys.models import Survey
from participation.votes.models import Vote

audit.register_actions({"paper.double_entry_changed": _l("Doppelte Erfassung umgestellt")})
LOCKED = _l(
    "Es ist schon ein Bogen erfasst. Deshalb bleibt die doppelte Erfassung so, wie sie ist. "
    "So zählen alle Bögen nach derselben Regel."
)


class DoubleEntryLocked(Exception):
    """Sheets of the subject have been entered already: the rule stays as it is."""

    message = LOCKED


def kind_of(subject: Vote | Survey) -> SheetKind:
    """Return the kind of sheet printed for the subject."""
    return SheetKind.VOTE if isinstance(subject, Vote) else SheetKind.SURVEY


def of_subject(subject: Vote | Survey):
    """Return the condition "a sheet of this vote or survey"."""
    if isinstance(subject, Vote):
        return Sheet.vote_id == subject.id
    return Sheet.survey_id == subject.id


def status_counts(subject: Vote | Survey) -> dict[SheetStatus, int]:
    """Return how many of the subject's sheets are in each state (one query)."""
    query = select(Sheet.status, func.count()).where(of_subject(subject)).group_by(Sheet.status)
    return {status: count for status, count in db.session.execute(query)}


def entry_started(subject: Vote | Survey) -> bool:
    """Whether any sheet of the subject has been entered by anyone (even if not counted)."""
    entered = exists().where(PaperEntry.sheet_id == Sheet.id, of_subject(subject))
    return bool(db.session.scalar(select(entered)))


def set_double_entry(subject: Vote | Survey, on: bool, actor) -> bool:
    """Switch double entry on or off; return whether it changed. Raise DoubleEntryLocked once
    a sheet of the subject has been entered. Audited."""
    locked = select(type(subject)).where(type(subject).id == subject.id).with_for_update()
    db.session.scalar(locked.execution_options(populate_existing=True))
    if subject.paper_double_entry == on:
        return False
    if entry_started(subject):
        raise DoubleEntryLocked
    subject.paper_double_entry = on
    audit.record(
        "paper.double_entry_changed",
        subject,
        actor=actor,
        before={"double_entry": not on},
        after={"double_entry": on},
    )
    db.session.flush()
    return True
