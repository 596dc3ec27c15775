"""The outbox (one row per notification and recipient), preferences and daily digests."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import UTCDateTime, enum_column, utcnow
from participation.extensions import db


class Delivery(enum.StrEnum):
    """What happens to the mail of a notification."""

    PENDING = "pending"  # waiting for a worker (or for its next attempt)
    SENDING = "sending"  # claimed by a worker; back to pending if the worker dies
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt (admins can retry)
    DIGEST = "digest"  # goes out with the daily digest
    NONE = "none"  # in the notification centre only


class Choice(enum.StrEnum):
    """How a person wants to hear about one kind of notification."""

    IMMEDIATELY = "immediately"
    DAILY = "daily"
    OFF = "off"


class Notification(db.Model):
    """One message for one person: shown in the centre, mailed as chosen."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_recipient_unread", "recipient_id", "read_at"),
        Index("ix_notifications_delivery", "delivery", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(48), nullable=False)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivery: Mapped[Delivery] = mapped_column(
        enum_column(Delivery), default=Delivery.PENDING, nullable=False
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("notification_digests.id", ondelete="SET NULL"), index=True
    )

    recipient = relationship("User", foreign_keys=[recipient_id])


class Preference(db.Model):
    """One person's choice for one kind; without a row the kind's default applies."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(48), primary_key=True)
    choice: Mapped[Choice] = mapped_column(enum_column(Choice), nullable=False)


class Digest(db.Model):
    """The daily digest of one person for one local day (unique: sent at most once)."""

    __tablename__ = "notification_digests"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    delivery: Mapped[Delivery] = mapped_column(
        enum_column(Delivery), default=Delivery.PENDING, nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
