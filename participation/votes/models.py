"""Formal votes: options (with costs for a participatory budget), who took part, and ballots.

Who took part (`vote_participations`) and what was chosen (`ballots`, `ballot_choices`) are kept
apart with nothing to join them by: a ballot has a random id and a random receipt code, no
account, no time and no sequence number. Its tables are stored WITHOUT ROWID on SQLite, so not
even the storage order follows the order of casting. Online and paper ballots end in the same
tables, told apart only by `channel`.
"""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core import codes
from participation.core.channels import Channel
from participation.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from participation.extensions import db

MAX_OPTIONS = 60  # a ballot's choices fit in one 64-bit mask when the tally groups ballots
RECEIPT_ALPHABET = codes.ALPHABET  # Crockford's base 32: no I, L, O, U


class VoteKind(enum.StrEnum):
    """How a ballot is filled in."""

    YES_NO = "yes_no"  # the options are "Ja" and "Nein"; abstaining is offered as well
    SINGLE = "single"  # one option
    MULTIPLE = "multiple"  # up to max_choices options
    BUDGET = "budget"  # options with costs; the chosen ones must fit in the budget


class Eligibility(enum.StrEnum):
    """Who may vote (and, with `districts`, from where)."""

    RESIDENTS = "residents"  # every signed-in account
    VERIFIED = "verified"  # accounts the Bürgerbüro has verified


class Phase(enum.StrEnum):
    """Where a vote is in time (derived from its fields, never stored)."""

    DRAFT = "draft"  # not published: only staff see it
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


class BallotStatus(enum.StrEnum):
    """What a ballot counts as."""

    VALID = "valid"  # at least one option chosen
    ABSTENTION = "abstention"  # deliberately none (an explicit "Enthaltung")
    INVALID = "invalid"  # paper only: over-voted or not readable; counted, never dropped


class Vote(TimestampMixin, db.Model):
    """A question the council puts to residents, open for a time.

    districts: empty for the whole town, else the districts whose verified residents may vote.
    eligible_count: how many people may vote, if staff know it (turns turnout into a share).
    budget: the amount to spend (whole euros), budget votes only; max_choices: multiple choice.
    ballot_count: how many took part, kept in the casting transaction (turnout while open).
    mixed_count: how many ballots the vote had when mixing last rewrote them (see mixing.py).
    """

    __tablename__ = "votes"
    __table_args__ = (CheckConstraint("closes_at > opens_at", name="closes_after_opening"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    explanation: Mapped[str] = mapped_column(Text, default="", nullable=False)
    explanation_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    kind: Mapped[VoteKind] = mapped_column(enum_column(VoteKind), nullable=False)
    max_choices: Mapped[int | None] = mapped_column(Integer)
    budget: Mapped[int | None] = mapped_column(Integer)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)
    eligibility: Mapped[Eligibility] = mapped_column(
        enum_column(Eligibility), default=Eligibility.VERIFIED, nullable=False
    )
    districts: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    eligible_count: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("comment_threads.id"), unique=True, nullable=False
    )
    ballot_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    mixed_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # mixing.py
    # Raised with every change to its ballots, options or counted settings (stored_tally.py).
    results_version: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", nullable=False
    )
    # Paper ballots count once two staff members entered them alike (paper/entry.py).
    paper_double_entry: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # double sends
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    options = relationship(
        "VoteOption",
        back_populates="vote",
        order_by="(VoteOption.position, VoteOption.id)",
        cascade="all, delete-orphan",
    )
    thread = relationship("CommentThread")
    created_by = relationship("User")

    def phase(self, now: datetime | None = None) -> Phase:
        """Return whether the vote is a draft, not yet open, open or closed."""
        now = now or utcnow()
        if self.published_at is None:
            return Phase.DRAFT
        if now < self.opens_at:
            return Phase.UPCOMING
        return Phase.OPEN if now < self.closes_at else Phase.CLOSED

    def choice_limit(self) -> int:
        """Return how many options one ballot may choose (the budget decides for budgets)."""
        if self.kind is VoteKind.MULTIPLE:
            return self.max_choices or len(self.options)
        if self.kind is VoteKind.BUDGET:
            return len(self.options)
        return 1


class VoteOption(db.Model):
    """One answer on the ballot: "Ja", a variant, or a project with its cost (whole euros)."""

    __tablename__ = "vote_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    cost: Mapped[int | None] = mapped_column(Integer)

    vote = relationship("Vote", back_populates="options")


class VoteParticipation(db.Model):
    """That a person took part in a vote: online by account (and identity key, if verified),
    on paper by the identity key recorded at hand-out. The unique constraints refuse a second
    ballot across channels; `day` is the town's date only."""

    __tablename__ = "vote_participations"
    __table_args__ = (
        UniqueConstraint("vote_id", "user_id"),
        UniqueConstraint("vote_id", "identity_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    identity_key: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel), default=Channel.ONLINE, nullable=False
    )
    day: Mapped[date] = mapped_column(Date, nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(  # staff who handed out a paper ballot
        ForeignKey("users.id", ondelete="SET NULL")
    )


def random_ballot_id() -> str:
    """Return a random id: ballots carry no sequence that would reveal their order."""
    return secrets.token_hex(16)


def random_receipt() -> str:
    """Return a receipt code such as `7K3M-9Q2X-4HPA` (60 random bits, easy to read aloud)."""
    return codes.grouped(codes.random_characters(12))


class Ballot(db.Model):
    """One cast ballot: its channel, what it counts as, and the voter's receipt code.

    No account, no participation, no time: see the module docstring.
    """

    __tablename__ = "ballots"
    __table_args__ = (
        Index("ix_ballots_vote_status_channel", "vote_id", "status", "channel"),
        Index("ix_ballots_vote_choice_key", "vote_id", "choice_key"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_ballot_id)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), nullable=False)
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel), default=Channel.ONLINE, nullable=False
    )
    status: Mapped[BallotStatus] = mapped_column(
        enum_column(BallotStatus), default=BallotStatus.VALID, nullable=False
    )
    receipt: Mapped[str | None] = mapped_column(String(16), unique=True, default=random_receipt)
    # What a valid ballot chose, as its option ids in ascending order joined by "." (None on
    # abstentions and invalid ballots): a copy of its choices written with them, so the budget
    # rules group 500,000 ballots by what they chose from one index (tally.choice_groups).
    choice_key: Mapped[str | None] = mapped_column(String(700))

    choices = relationship("BallotChoice", cascade="all, delete-orphan", passive_deletes=True)


class BallotChoice(db.Model):
    """One option chosen on a valid ballot. `vote_id` and `channel` are copied from the ballot
    so the tally counts per option from one index without reading the ballots."""

    __tablename__ = "ballot_choices"
    __table_args__ = (
        Index("ix_ballot_choices_vote_option_channel", "vote_id", "option_id", "channel"),
        {"sqlite_with_rowid": False},
    )

    ballot_id: Mapped[str] = mapped_column(
        ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        ForeignKey("vote_options.id", ondelete="CASCADE"), primary_key=True
    )
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), nullable=False)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), nullable=False)
