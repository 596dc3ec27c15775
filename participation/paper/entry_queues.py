"""What waits on the entry screens: the sheets whose two entries differ (for arbitration),
and the votes and surveys that have sheets, with how many are counted and entered so far."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from participation.extensions import db
from participation.paper.entry import Scope
from participation.paper.models import EntryRole, PaperEntry, Sheet, SheetKind, SheetStatus
from participation.surveys.models import Survey
from participation.votes.models import Vote


def arbitration_query():
    """Return the query of the sheets whose two entries differ, oldest first."""
    second = select(PaperEntry.sheet_id).where(PaperEntry.role == EntryRole.SECOND)
    return (
        select(Sheet)
        .where(Sheet.status == SheetStatus.ENTERED, Sheet.id.in_(second))
        .order_by(Sheet.updated_at, Sheet.id)
    )


def arbitration_count() -> int:
    """Return how many sheets wait for a decision."""
    query = arbitration_query().order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query))


@dataclass(frozen=True)
class SubjectSheets:
    """A vote or survey with paper sheets, and how many are counted and entered so far."""

    subject: Vote | Survey
    counts: Counter

    @property
    def is_vote(self) -> bool:
        """Whether the subject is a vote."""
        return isinstance(self.subject, Vote)


def subjects_with_sheets(scope: Scope | None = None) -> list[SubjectSheets]:
    """Return the votes and surveys that have sheets (only the one of `scope`, if it names
    one), with their counts by status: one GROUP BY and a query per kind."""
    query = select(Sheet.vote_id, Sheet.survey_id, Sheet.status, func.count()).where(
        Sheet.kind != SheetKind.IDEA
    )
    if scope is not None and scope.vote_id is not None:
        query = query.where(Sheet.vote_id == scope.vote_id)
    if scope is not None and scope.survey_id is not None:
        query = query.where(Sheet.survey_id == scope.survey_id)
    counts: dict[tuple, Counter] = {}
    for vote_id, survey_id, status, number in db.session.execute(
        query.group_by(Sheet.vote_id, Sheet.survey_id, Sheet.status)
    ):
        counts.setdefault((vote_id, survey_id), Counter())[SheetStatus(status)] = number
    votes = load(Vote, {vote_id for vote_id, _survey in counts if vote_id})
    surveys = load(Survey, {survey_id for _vote, survey_id in counts if survey_id})
    found = [
        SubjectSheets(votes[vote_id] if vote_id else surveys[survey_id], counted)
        for (vote_id, survey_id), counted in counts.items()
    ]
    return sorted(found, key=lambda item: (not item.is_vote, item.subject.title.casefold()))


def load(model, ids: set[int]) -> dict:
    """Return the rows of `model` with these ids, by id."""
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}
