"""Proposals, their supports, images, followers and public timeline."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.channels import Channel
from participation.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from participation.extensions import db


class ProposalStatus(enum.StrEnum):
    """Where a proposal is in its life."""

    DRAFT = "draft"
    PUBLISHED = "published"
    IN_REVIEW = "in_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"
    WITHDRAWN = "withdrawn"


class ModerationState(enum.StrEnum):
    """Whether moderation lets everyone see a published proposal."""

    SHOWN = "shown"
    PENDING = "pending"  # held for review: only its author and the moderators see it
    HIDDEN = "hidden"  # a placeholder with the reason; the author still reads it


S = ProposalStatus
# Which status staff may set from which (withdraw and hide have their own paths).
STAFF_TRANSITIONS = {
    S.PUBLISHED: {S.IN_REVIEW, S.ACCEPTED, S.REJECTED},
    S.IN_REVIEW: {S.PUBLISHED, S.ACCEPTED, S.REJECTED},
    S.ACCEPTED: {S.IMPLEMENTED, S.IN_REVIEW, S.REJECTED},
    S.REJECTED: {S.IN_REVIEW},
    S.IMPLEMENTED: set(),
}
PUBLIC_STATES = {S.PUBLISHED, S.IN_REVIEW, S.ACCEPTED, S.REJECTED, S.IMPLEMENTED, S.WITHDRAWN}


class Proposal(TimestampMixin, db.Model):
    """An idea a resident submits for the town."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("comment_threads.id"), unique=True, nullable=False
    )
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(150), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str] = mapped_column(Text, nullable=False)
    category: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    district: Mapped[str | None] = mapped_column(String(80), index=True)
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column(ProposalStatus), default=ProposalStatus.DRAFT, nullable=False, index=True
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    last_activity_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    support_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    comment_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    moderation_state: Mapped[ModerationState] = mapped_column(
        enum_column(ModerationState), default=ModerationState.SHOWN, nullable=False, index=True
    )
    hidden_reason: Mapped[str | None] = mapped_column(String(24))
    # Handed in on paper (an "Ideenkarte" that staff typed in): the card's code, and the name
    # the author agreed on the card to have shown (None: shown without a name). The column
    # `channel` keeps its server default 'online' from migration 0008 (SQLite cannot drop it
    # without copying the table).
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel), default=Channel.ONLINE, nullable=False
    )
    sheet_code: Mapped[str | None] = mapped_column(String(24), unique=True, index=True)
    paper_author_name: Mapped[str | None] = mapped_column(String(80))

    author = relationship("User", foreign_keys=[author_id])
    thread = relationship("CommentThread")
    images: Mapped[list[ProposalImage]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        order_by="ProposalImage.position",
        lazy="selectin",
    )

    @property
    def is_public(self) -> bool:
        """Whether everyone may see its page (hidden ones show a placeholder there)."""
        return self.status in PUBLIC_STATES and self.moderation_state is not ModerationState.PENDING

    @property
    def is_shown(self) -> bool:
        """Whether moderation lets everyone read it (not held, not hidden)."""
        return self.moderation_state is ModerationState.SHOWN

    @property
    def accepts_supports(self) -> bool:
        """Supports are collected only while the proposal is published and shown."""
        return self.status is ProposalStatus.PUBLISHED and self.is_shown

    def staff_may_set(self, status: ProposalStatus) -> bool:
        """Whether staff may move the proposal to `status` now."""
        return status in STAFF_TRANSITIONS.get(self.status, set())

    def may_be_withdrawn(self) -> bool:
        """Authors may withdraw until a decision is made."""
        return self.status in {S.DRAFT, S.PUBLISHED, S.IN_REVIEW}

    def is_editable(self) -> bool:
        """Authors may edit until the first support or comment; afterwards only add updates."""
        return self.status in {S.DRAFT, S.PUBLISHED} and not (
            self.support_count or self.comment_count
        )


class ProposalImage(db.Model):
    """A picture attached to a proposal, re-encoded without metadata."""

    __tablename__ = "proposal_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    filename: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    content_type: Mapped[str] = mapped_column(String(32), nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    alt_text: Mapped[str] = mapped_column(String(300), nullable=False)

    proposal: Mapped[Proposal] = relationship(back_populates="images")


class ProposalSupport(db.Model):
    """One account supports one proposal (the primary key makes it unique)."""

    __tablename__ = "proposal_supports"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


class ProposalFollow(db.Model):
    """Whether an account follows a proposal; `active=False` remembers an explicit opt-out."""

    __tablename__ = "proposal_follows"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


class EventKind(enum.StrEnum):
    """What happened on the public timeline."""

    PUBLISHED = "published"
    STATUS_CHANGED = "status_changed"
    UPDATE = "update"  # the author adds news after supports or comments came in
    EDITED = "edited"
    WITHDRAWN = "withdrawn"
    THRESHOLD_REACHED = "threshold_reached"


class ProposalEvent(db.Model):
    """One entry on a proposal's public timeline; official answers carry text and department."""

    __tablename__ = "proposal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, 24), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[ProposalStatus | None] = mapped_column(enum_column(ProposalStatus))
    to_status: Mapped[ProposalStatus | None] = mapped_column(enum_column(ProposalStatus))
    body: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(String(120))

    actor = relationship("User", foreign_keys=[actor_id])

    @property
    def is_official_answer(self) -> bool:
        """Whether staff wrote an answer with this change."""
        return self.kind is EventKind.STATUS_CHANGED and bool(self.body)
