"""Requests about personal data that reach the town outside the platform (a letter, a visit to
the Bürgerbüro, a phone call), kept as a register so each one is answered in time (Art. 12
DSGVO: within a month)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.models import TimestampMixin, UTCDateTime, enum_column
from participation.extensions import db


class RequestKind(enum.StrEnum):
    """Which right the person uses (Art. 15–21 DSGVO)."""

    ACCESS = "access"  # a copy of the data (export)
    ERASURE = "erasure"  # deletion of the account
    RECTIFICATION = "rectification"
    RESTRICTION = "restriction"
    OBJECTION = "objection"
    OTHER = "other"


class RequestChannel(enum.StrEnum):
    """How the request arrived."""

    LETTER = "letter"
    IN_PERSON = "in_person"
    EMAIL = "email"
    PHONE = "phone"


class RequestState(enum.StrEnum):
    """Open until it is answered; done or refused (with a reason) then."""

    OPEN = "open"
    DONE = "done"
    REFUSED = "refused"


class DataRequest(TimestampMixin, db.Model):
    """One request about personal data, who took it in, when it is due and how it ended."""

    __tablename__ = "data_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind), nullable=False)
    channel: Mapped[RequestChannel] = mapped_column(enum_column(RequestChannel), nullable=False)
    state: Mapped[RequestState] = mapped_column(
        enum_column(RequestState), default=RequestState.OPEN, nullable=False, index=True
    )
    requester: Mapped[str] = mapped_column(String(200), nullable=False)  # name as written
    contact: Mapped[str] = mapped_column(String(500), default="", nullable=False)  # for the reply
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    identity_checked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    outcome: Mapped[str] = mapped_column(Text, default="", nullable=False)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    received_by: Mapped[User | None] = relationship(foreign_keys=[received_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
