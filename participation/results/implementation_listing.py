"""What the public sees of implementation tracking: the overview (filtered by category and
status, newest change first) and one implementation with its timeline of updates.

The public sees the implementation of a proposal while the proposal is public and shown (not
held or hidden by moderation), and of a budget project once its vote is published and closed.
Budget projects have no category: in the category filter they count as their vote
(`?category=vote-<id>`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import contains_eager

from participation.core.models import utcnow
from participation.core.town import current_town
from participation.extensions import db
from participation.proposals.models import PUBLIC_STATES, ModerationState, Proposal
from participation.results.models import (
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
)
from participation.votes.models import Vote, VoteOption

VOTE_TOPIC = re.compile(r"vote-(\d{1,9})")


@dataclass(frozen=True)
class Filters:
    """The overview's validated filters; None means "not filtered"."""

    category: str | None = None
    vote_id: int | None = None
    status: ImplementationStatus | None = None

    @property
    def active(self) -> bool:
        """Whether anything narrows the list."""
        return bool(self.category or self.vote_id or self.status)

    @property
    def topic(self) -> str:
        """Return the value of the category choice ("" when not filtered)."""
        return f"vote-{self.vote_id}" if self.vote_id else self.category or ""

    def args(self) -> dict[str, str]:
        """Return the filters as URL query arguments (empty ones left out)."""
        values = {"category": self.topic, "status": self.status.value if self.status else ""}
        return {key: value for key, value in values.items() if value}


def read_filters(args: Mapping[str, str]) -> Filters:
    """Return the filters of the query string; anything unknown is left out, never an error."""
    topic, status = args.get("category", ""), args.get("status", "")
    match = VOTE_TOPIC.fullmatch(topic)
    return Filters(
        category=topic if topic in current_town().categories else None,
        vote_id=int(match.group(1)) if match else None,
        status=ImplementationStatus(status) if status in set(ImplementationStatus) else None,
    )


def public_terms() -> list:
    """Return the WHERE term for implementations the public may see (the query joins the
    proposal, the option and its vote)."""
    proposal_shown = and_(
        Implementation.proposal_id.is_not(None),
        Proposal.status.in_(PUBLIC_STATES),
        Proposal.moderation_state == ModerationState.SHOWN,
    )
    vote_closed = and_(
        Implementation.vote_option_id.is_not(None),
        Vote.published_at.is_not(None),
        Vote.closes_at <= utcnow(),
    )
    return [or_(proposal_shown, vote_closed)]


def with_subjects() -> Select:
    """Return a select of implementations with their proposal or project and its vote loaded."""
    return (
        select(Implementation)
        .outerjoin(Proposal, Implementation.proposal_id == Proposal.id)
        .outerjoin(VoteOption, Implementation.vote_option_id == VoteOption.id)
        .outerjoin(Vote, VoteOption.vote_id == Vote.id)
        .options(
            contains_eager(Implementation.proposal).lazyload(Proposal.images),  # not shown
            contains_eager(Implementation.vote_option).contains_eager(VoteOption.vote),
        )
    )


def overview_query(filters: Filters) -> Select:
    """Return the public implementations matching `filters`, the newest change first."""
    query = with_subjects().where(*public_terms())
    if filters.category:
        query = query.where(Proposal.category == filters.category)
    if filters.vote_id:
        query = query.where(VoteOption.vote_id == filters.vote_id)
    if filters.status:
        query = query.where(Implementation.status == filters.status)
    return query.order_by(Implementation.updated_at.desc(), Implementation.id.desc())


def tracked_votes() -> list[tuple[int, str]]:
    """Return (id, title) of the closed budget votes with a public implementation, for the
    category filter."""
    query = (
        select(Vote.id, Vote.title)
        .join(VoteOption, VoteOption.vote_id == Vote.id)
        .join(Implementation, Implementation.vote_option_id == VoteOption.id)
        .where(Vote.published_at.is_not(None), Vote.closes_at <= utcnow())
        .distinct()
        .order_by(Vote.title)
    )
    return [(row.id, row.title) for row in db.session.execute(query)]


def find(implementation_id: int, everything: bool = False) -> Implementation | None:
    """Return the implementation with its subject if the public may see it (or, with
    `everything`, whatever its subject's state: staff)."""
    query = with_subjects().where(Implementation.id == implementation_id)
    if not everything:
        query = query.where(*public_terms())
    return db.session.scalar(query)


def timeline(implementation: Implementation) -> list[ImplementationUpdate]:
    """Return the updates, the latest event first (by date, then by when they were added)."""
    query = select(ImplementationUpdate).where(
        ImplementationUpdate.implementation_id == implementation.id
    )
    order = (ImplementationUpdate.happened_on.desc(), ImplementationUpdate.id.desc())
    return list(db.session.scalars(query.order_by(*order)))


def of_proposal(proposal: Proposal) -> Implementation | None:
    """Return the implementation of a proposal (for its page), if it is tracked."""
    query = select(Implementation).where(Implementation.proposal_id == proposal.id)
    return db.session.scalar(query)


def visible_update(update_id: int, everything: bool = False) -> ImplementationUpdate | None:
    """Return an update whose implementation the viewer may see (for its photo)."""
    update = db.session.get(ImplementationUpdate, update_id)
    if update is None or find(update.implementation_id, everything) is None:
        return None
    return update


def subject_title(implementation: Implementation) -> str:
    """Return the title of what is implemented: the proposal's, or the project's."""
    if implementation.proposal is not None:
        return implementation.proposal.title
    return implementation.vote_option.title
