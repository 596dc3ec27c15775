"""What the open data API reads: only what the public pages show, in a fixed number of queries
per page however many rows there are (the page, its count, and one query per related list).

Public means: proposals that are public and not held or hidden by moderation (the list leaves
out withdrawn ones unless asked for them, as the site does); official answers of those; surveys
and votes that staff published (not drafts); the results of a survey or vote only once the
council published them, and then only the frozen figures; implementations whose proposal is
public and shown, or whose budget vote is published and closed. Accounts, e-mail addresses,
comments, ballots and single responses are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from math import ceil

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import contains_eager, lazyload, load_only, selectinload

from participation.accounts.models import User
from participation.core.models import utcnow
from participation.extensions import db
from participation.proposals import listing
from participation.proposals.models import (
    PUBLIC_STATES,
    EventKind,
    ModerationState,
    Proposal,
    ProposalEvent,
    ProposalStatus,
)
from participation.results import publication as publications
from participation.results.api_params import ApiError, ImplementationFilters, ProposalFilters
from participation.results.models import Implementation, Publication, PublicationState
from participation.surveys.models import Answer, Question, Section, Survey
from participation.votes.models import Vote, VoteOption

CHUNK = 500  # rows per query of a CSV download


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, how many rows the whole list has, where it is."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Return how many pages the list has (an empty list has one, empty, page)."""
        return max(1, ceil(self.total / self.per_page))


def paged(query: Select, page: int, per_page: int, rows: bool = False) -> Page:
    """Return page `page` of `query` (whole rows with `rows`, else the first entity); a page
    after the last is a 404."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if page > 1 and (page - 1) * per_page >= total:
        last = max(1, ceil(total / per_page))
        message = _l("Diese Seite gibt es nicht. Die letzte Seite ist %(last)s.", last=last)
        raise ApiError(404, message, "page")
    result = db.session.execute(query.limit(per_page).offset((page - 1) * per_page))
    items = list(result.all() if rows else result.scalars().all())
    return Page(items, total or 0, page, per_page)


def chunks(query: Select, rows: bool = False):
    """Yield `query` in lists of CHUNK rows (for streamed CSV downloads)."""
    offset = 0
    while True:
        result = db.session.execute(query.limit(CHUNK).offset(offset))
        found = list(result.all() if rows else result.scalars().all())
        if not found:
            return
        yield found
        offset += CHUNK


# Proposals and official answers ------------------------------------------------------------


def with_author(query: Select) -> Select:
    """Load each proposal's author name in one more query (nothing else of the account)."""
    return query.options(
        selectinload(Proposal.author).options(load_only(User.display_name), lazyload(User.roles)),
        lazyload(Proposal.images),
    )


def proposals_query(filters: ProposalFilters) -> Select:
    """Return the listed proposals, newest first, as the site lists them."""
    status = ProposalStatus(filters.status) if filters.status else None
    wanted = listing.Filters(category=filters.category, status=status, district=filters.district)
    return with_author(listing.list_query(wanted))


def visible_proposal(proposal_id: int) -> Proposal | None:
    """Return a proposal everyone may read (public and shown), else None."""
    query = with_author(select(Proposal).where(Proposal.id == proposal_id, *shown_terms()))
    return db.session.scalar(query)


def shown_terms() -> tuple:
    """Return the WHERE terms of proposals everyone may read."""
    return (
        Proposal.status.in_(sorted(PUBLIC_STATES)),
        Proposal.moderation_state == ModerationState.SHOWN,
    )


def answers_query(proposal_id: int | None = None) -> Select:
    """Return (answer, proposal title) rows of the official answers, newest first."""
    query = (
        select(ProposalEvent, Proposal.title)
        .join(Proposal, Proposal.id == ProposalEvent.proposal_id)
        .where(
            ProposalEvent.kind == EventKind.STATUS_CHANGED,
            ProposalEvent.body.is_not(None),
            ProposalEvent.body != "",
            *shown_terms(),
        )
        .order_by(ProposalEvent.created_at.desc(), ProposalEvent.id.desc())
    )
    if proposal_id is not None:
        query = query.where(ProposalEvent.proposal_id == proposal_id)
    return query


def category_counts() -> dict[str, int]:
    """Return category → how many proposals the list shows of it."""
    query = listing.list_query(listing.Filters()).order_by(None).subquery()
    grouped = select(query.c.category, func.count()).group_by(query.c.category)
    return dict(db.session.execute(grouped).all())


# Surveys and votes ----------------------------------------------------------------------------


def phase_terms(model, phase: str | None, now: datetime) -> list:
    """Return the WHERE terms of a vote or survey phase (None: any published one)."""
    terms = [model.published_at.is_not(None)]
    if phase == "upcoming":
        terms.append(model.opens_at > now)
    elif phase == "open":
        terms += [model.opens_at <= now, model.closes_at > now]
    elif phase == "closed":
        terms.append(model.closes_at <= now)
    return terms


def surveys_query(phase: str | None = None) -> Select:
    """Return (survey, id of its published result or None) rows, the latest opened first."""
    joined = and_(
        Publication.survey_id == Survey.id, Publication.state == PublicationState.PUBLISHED
    )
    return (
        select(Survey, Publication.id)
        .outerjoin(Publication, joined)
        .where(*phase_terms(Survey, phase, utcnow()))
        .order_by(Survey.opens_at.desc(), Survey.id.desc())
    )


def visible_survey(survey_id: int):
    """Return the (survey with its questions, published result id) row, else None."""
    query = surveys_query().where(Survey.id == survey_id)
    query = query.options(
        selectinload(Survey.sections).selectinload(Section.questions).selectinload(Question.options)
    )
    return db.session.execute(query).first()


def votes_query(phase: str | None = None) -> Select:
    """Return (vote with its options, id of its published result or None) rows."""
    joined = and_(Publication.vote_id == Vote.id, Publication.state == PublicationState.PUBLISHED)
    return (
        select(Vote, Publication.id)
        .outerjoin(Publication, joined)
        .where(*phase_terms(Vote, phase, utcnow()))
        .options(selectinload(Vote.options))
        .order_by(Vote.opens_at.desc(), Vote.id.desc())
    )


def visible_vote(vote_id: int):
    """Return the (vote, published result id) row of a published vote, else None."""
    return db.session.execute(votes_query().where(Vote.id == vote_id)).first()


def publication_of(vote_id: int | None = None, survey_id: int | None = None):
    """Return the published publication of a published vote or survey (None if there is none:
    a draft publication, a vote still open, a draft vote)."""
    query = select(Publication).where(Publication.state == PublicationState.PUBLISHED)
    if vote_id is not None:
        query = query.join(Vote, Vote.id == Publication.vote_id).where(
            Vote.id == vote_id, Vote.published_at.is_not(None)
        )
    else:
        query = query.join(Survey, Survey.id == Publication.survey_id).where(
            Survey.id == survey_id, Survey.published_at.is_not(None)
        )
    loading = [selectinload(Publication.documents), *publications.with_figure_rows()]
    return db.session.scalar(query.options(*loading))


def hidden_texts(survey: Survey) -> set[tuple[int, str]]:
    """Return (question id, text) of the texts staff hid in a survey (also after publication:
    a text hidden later is left out of the published figures too)."""
    ids = [question.id for question in survey.questions()]
    if not ids:
        return set()
    query = select(Answer.question_id, Answer.value_text).where(
        Answer.question_id.in_(ids), Answer.hidden.is_(True), Answer.value_text.is_not(None)
    )
    return {(qid, text) for qid, text in db.session.execute(query)}


# Implementations ------------------------------------------------------------------------------


def implementations_query(filters: ImplementationFilters | None = None) -> Select:
    """Return the public implementations with their subject and updates, newest change first."""
    filters = filters or ImplementationFilters()
    vote_closed = and_(
        Implementation.vote_option_id.is_not(None),
        Vote.published_at.is_not(None),
        Vote.closes_at <= utcnow(),
    )
    proposal_shown = and_(Implementation.proposal_id.is_not(None), *shown_terms())
    query = (
        select(Implementation)
        .outerjoin(Proposal, Implementation.proposal_id == Proposal.id)
        .outerjoin(VoteOption, Implementation.vote_option_id == VoteOption.id)
        .outerjoin(Vote, VoteOption.vote_id == Vote.id)
        .where(or_(proposal_shown, vote_closed))
        .options(
            contains_eager(Implementation.proposal).lazyload(Proposal.images),
            contains_eager(Implementation.vote_option),
            selectinload(Implementation.updates),
        )
    )
    if filters.status:
        query = query.where(Implementation.status == filters.status)
    if filters.category:
        query = query.where(Proposal.category == filters.category)
    if filters.vote_id is not None:
        query = query.where(VoteOption.vote_id == filters.vote_id)
    return query.order_by(Implementation.updated_at.desc(), Implementation.id.desc())


def visible_implementation(implementation_id: int) -> Implementation | None:
    """Return a public implementation, else None."""
    query = implementations_query().where(Implementation.id == implementation_id)
    return db.session.scalar(query)
