"""Moderation: items under review, reports, decisions with their reasons, and appeals."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import UTCDateTime, enum_column, utcnow
from participation.extensions import db


class SubjectType(enum.StrEnum):
    """What can be reported and decided on."""

    PROPOSAL = "proposal"
    COMMENT = "comment"
    USER = "user"


class Reason(enum.StrEnum):
    """Why something was reported, and why a decision was taken."""

    SPAM = "spam"
    INSULT = "insult"  # insult or hate
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"  # personal data of others
    OTHER = "other"


class Cause(enum.StrEnum):
    """Why an item is in the queue now."""

    REPORTS = "reports"
    HELD = "held"  # held before anyone saw it (new account, links, blocked words, category)
    APPEAL = "appeal"


class HoldRule(enum.StrEnum):
    """Which automatic safeguard held a post."""

    NEW_ACCOUNT = "new_account"
    CATEGORY = "category"
    LINKS = "links"
    BLOCKED_WORD = "blocked_word"


class Action(enum.StrEnum):
    """What a moderator decided."""

    DISMISS = "dismiss"  # the reports are unfounded
    APPROVE = "approve"  # a held post is released
    HIDE = "hide"
    RESTORE = "restore"
    LOCK = "lock"  # the thread takes no new comments
    WARN = "warn"
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    UPHOLD = "uphold"  # an appeal is rejected: the decision stands
    OVERTURN = "overturn"  # an appeal succeeds: the decision is undone


# Decisions the affected person is told about and can appeal against.
APPEALABLE = {Action.HIDE, Action.WARN, Action.SUSPEND, Action.LOCK}
# Decisions that tell the affected person (appealable ones and the outcome of an appeal).
NOTIFIED = APPEALABLE | {Action.UPHOLD, Action.OVERTURN, Action.RESTORE, Action.UNSUSPEND}


class ModerationItem(db.Model):
    """One proposal, comment or account under moderation, with its open reports counted."""

    __tablename__ = "moderation_items"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id"),
        Index("ix_moderation_items_queue", "is_open", "report_count", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[SubjectType] = mapped_column(enum_column(SubjectType), nullable=False)
    subject_id: Mapped[int] = mapped_column(Integer, nullable=False)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    is_open: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    cause: Mapped[Cause] = mapped_column(enum_column(Cause), nullable=False)
    hold_rule: Mapped[HoldRule | None] = mapped_column(enum_column(HoldRule))
    report_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    auto_hidden: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    author = relationship("User", foreign_keys=[author_id])


class Report(db.Model):
    """One account's report of one item (the unique constraint allows one per account)."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("item_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[Reason] = mapped_column(enum_column(Reason), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_decisions.id", ondelete="SET NULL"), index=True
    )


class Decision(db.Model):
    """One moderator's decision on an item, with the reason given to the person affected."""

    __tablename__ = "moderation_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    affected_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[Action] = mapped_column(enum_column(Action), nullable=False)
    reason: Mapped[Reason | None] = mapped_column(enum_column(Reason))
    statement: Mapped[str | None] = mapped_column(Text)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    item_opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )

    item: Mapped[ModerationItem] = relationship(foreign_keys=[item_id])
    moderator = relationship("User", foreign_keys=[moderator_id])

    @property
    def is_appealable(self) -> bool:
        """Whether the person affected may object to it."""
        return self.action in APPEALABLE


class AppealStatus(enum.StrEnum):
    """Where an appeal stands."""

    OPEN = "open"
    UPHELD = "upheld"  # the decision stands
    OVERTURNED = "overturned"


class Appeal(db.Model):
    """The affected person's objection to a decision; one per decision."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_decisions.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    appellant_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[AppealStatus] = mapped_column(
        enum_column(AppealStatus), default=AppealStatus.OPEN, nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_decisions.id", ondelete="SET NULL")
    )

    decision: Mapped[Decision] = relationship(foreign_keys=[decision_id])
