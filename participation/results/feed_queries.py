"""What the Atom feeds list: only what the public sees on the pages, the newest first, at most
FEED_SIZE entries.

- Official answers: answers of the town's staff (a status change with text) to proposals that
  are public and shown (not drafts, not held or hidden by the moderation).
- Published results: publications the council published (never drafts); a correction makes
  the result new again.
- Implementation updates: updates of implementations the public sees: of a public, shown
  proposal, or of a project of a budget vote that is published and closed.

A category the town does not have gives an empty feed: a subscriber to a category that was
renamed should get nothing rather than everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from participation.core.models import utcnow
from participation.core.town import current_town
from participation.extensions import db
from participation.proposals.models import (
    PUBLIC_STATES,
    EventKind,
    ModerationState,
    Proposal,
    ProposalEvent,
)
from participation.results.models import (
    Correction,
    Implementation,
    ImplementationUpdate,
    Publication,
    PublicationState,
)
from participation.votes.models import Vote, VoteOption

FEED_SIZE = 50
VOTE_TOPIC = re.compile(r"vote-(\d{1,9})")
MAX_TOPIC = 200  # characters of ?category= that are read (no category is longer)


@dataclass(frozen=True)
class Topic:
    """The feed's validated category: a proposal category or (implementations) a budget vote.

    `unknown` is set when a category was asked for that does not exist: the feed is empty."""

    asked: str = ""
    category: str | None = None
    vote_id: int | None = None
    unknown: bool = False

    def args(self) -> dict[str, str]:
        """Return the category asked for as URL query arguments (for the feed's own URL)."""
        return {"category": self.asked} if self.asked else {}

    def filter_args(self) -> dict[str, str]:
        """Return the arguments of the matching HTML list (none for an unknown category)."""
        return {} if self.unknown else self.args()


def read_topic(value: str | None, votes: bool = False) -> Topic:
    """Read `?category=`: a town category, with `votes` also "vote-<id>"; anything else is an
    unknown topic, never an error."""
    value = (value or "").strip()[:MAX_TOPIC]
    if not value:
        return Topic()
    if value in current_town().categories:
        return Topic(asked=value, category=value)
    match = VOTE_TOPIC.fullmatch(value) if votes else None
    if match:
        return Topic(asked=value, vote_id=int(match.group(1)))
    return Topic(asked=value, unknown=True)


def public_vote_title(vote_id: int) -> str | None:
    """Return the title of a vote the public sees closed (None for any other vote)."""
    query = select(Vote.title).where(
        Vote.id == vote_id, Vote.published_at.is_not(None), Vote.closes_at <= utcnow()
    )
    return db.session.scalar(query)


def shown_proposal() -> list:
    """Return the WHERE terms for a proposal everyone may read."""
    return [
        Proposal.status.in_(sorted(PUBLIC_STATES)),
        Proposal.moderation_state == ModerationState.SHOWN,
    ]


def answers_query(topic: Topic) -> Select:
    """Return (answer, proposal title, proposal category) rows, the newest answer first."""
    query = (
        select(ProposalEvent, Proposal.title, Proposal.category)
        .join(Proposal, ProposalEvent.proposal_id == Proposal.id)
        .where(
            ProposalEvent.kind == EventKind.STATUS_CHANGED,
            ProposalEvent.body.is_not(None),
            ProposalEvent.body != "",
            *shown_proposal(),
        )
    )
    if topic.category:
        query = query.where(Proposal.category == topic.category)
    order = (ProposalEvent.created_at.desc(), ProposalEvent.id.desc())
    return query.order_by(*order).limit(FEED_SIZE)


def results_query() -> Select:
    """Return the published publications, the latest published or corrected first, with their
    subject and corrections loaded."""
    last_correction = (
        select(func.max(Correction.created_at))
        .where(Correction.publication_id == Publication.id)
        .correlate(Publication)
        .scalar_subquery()
    )
    changed = func.coalesce(last_correction, Publication.published_at)
    return (
        select(Publication)
        .where(Publication.state == PublicationState.PUBLISHED)
        .options(
            selectinload(Publication.vote),
            selectinload(Publication.survey),
            selectinload(Publication.corrections),
        )
        .order_by(changed.desc(), Publication.id.desc())
        .limit(FEED_SIZE)
    )


def public_implementation() -> list:
    """Return the WHERE term for implementations the public sees (the query joins the
    proposal, the project and its vote)."""
    of_proposal = and_(Implementation.proposal_id.is_not(None), *shown_proposal())
    of_project = and_(
        Implementation.vote_option_id.is_not(None),
        Vote.published_at.is_not(None),
        Vote.closes_at <= utcnow(),
    )
    return [or_(of_proposal, of_project)]


def updates_query(topic: Topic) -> Select:
    """Return rows of an update with what its entry names (subject title, category, vote),
    the update added last first."""
    query = (
        select(
            ImplementationUpdate,
            Proposal.title.label("proposal_title"),
            Proposal.category.label("category"),
            VoteOption.title.label("project_title"),
            Vote.id.label("vote_id"),
            Vote.title.label("vote_title"),
        )
        .join(Implementation, ImplementationUpdate.implementation_id == Implementation.id)
        .outerjoin(Proposal, Implementation.proposal_id == Proposal.id)
        .outerjoin(VoteOption, Implementation.vote_option_id == VoteOption.id)
        .outerjoin(Vote, VoteOption.vote_id == Vote.id)
        .where(*public_implementation())
    )
    if topic.category:
        query = query.where(Proposal.category == topic.category)
    if topic.vote_id:
        query = query.where(Vote.id == topic.vote_id)
    order = (ImplementationUpdate.created_at.desc(), ImplementationUpdate.id.desc())
    return query.order_by(*order).limit(FEED_SIZE)


def rows_of(query: Select | None) -> list:
    """Run `query` and return its rows (none for an unknown topic's missing query)."""
    return [] if query is None else list(db.session.execute(query))


def answers(topic: Topic) -> list:
    """Return the answer rows the feed lists."""
    return rows_of(None if topic.unknown else answers_query(topic))


def updates(topic: Topic) -> list:
    """Return the update rows the feed lists."""
    return rows_of(None if topic.unknown else updates_query(topic))


def results() -> list[Publication]:
    """Return the publications the feed lists."""
    return list(db.session.scalars(results_query()))
