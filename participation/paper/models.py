"""Paper: batches of printed sheets and the registry of every sheet's code and state.

A batch is printed for one subject (a vote, a survey, or blank idea cards): one PDF, one sheet
per code, every code registered as issued in the same transaction that creates the batch. Its
layout (where the markers, the QR code and every box are, in millimetres) is stored with it, so
the manual entry screen and the scan reader place the marks exactly where they were printed,
even if the subject's wording is corrected later.

A sheet moves issued → returned → entered → counted, or to void from any state before counted.
Being issued is the batch's creation (who and when are on the batch); every later move is a row
in `paper_sheet_events` with who and when. Nothing here records who was
handed which sheet: a returned sheet stays anonymous (the hand-out of a vote ballot is recorded
in `vote_participations`, without a code).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

# The models named below by their class name (User, Vote, Survey) are imported here, so the
# mappers resolve whichever module is imported first.
from participation.accounts import models as _accounts  # noqa: F401
from participation.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from participation.extensions import db
from participation.surveys import models as _surveys  # noqa: F401
from participation.votes import models as _votes  # noqa: F401


class SheetKind(enum.StrEnum):
    """What a sheet is for."""

    VOTE = "vote"  # a ballot
    SURVEY = "survey"  # a response sheet
    IDEA = "idea"  # a blank "Ideenkarte" for a proposal


class SheetStatus(enum.StrEnum):
    """Where a sheet is in its life."""

    ISSUED = "issued"
    RETURNED = "returned"
    ENTERED = "entered"
    COUNTED = "counted"
    VOID = "void"


class Variant(enum.StrEnum):
    """How a sheet is printed."""

    STANDARD = "standard"
    LARGE = "large"  # large print: at least 16 pt, larger boxes
    EASY = "easy"  # large print with the instructions in easy language (Leichte Sprache)


class BatchState(enum.StrEnum):
    """Whether a batch's PDF is there yet."""

    PRINTING = "printing"
    READY = "ready"
    FAILED = "failed"


SUBJECT_OF_KIND = "(kind = 'vote' AND vote_id IS NOT NULL AND survey_id IS NULL) OR " + (
    "(kind = 'survey' AND survey_id IS NOT NULL AND vote_id IS NULL) OR "
    "(kind = 'idea' AND vote_id IS NULL AND survey_id IS NULL)"
)


class PaperBatch(TimestampMixin, db.Model):
    """Sheets printed together for one subject, in one PDF."""

    __tablename__ = "paper_batches"
    __table_args__ = (
        CheckConstraint(SUBJECT_OF_KIND, name="subject_of_kind"),
        CheckConstraint("size > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SheetKind] = mapped_column(enum_column(SheetKind), nullable=False)
    vote_id: Mapped[int | None] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), index=True
    )
    survey_id: Mapped[int | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), index=True
    )
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    variant: Mapped[Variant] = mapped_column(
        enum_column(Variant), default=Variant.STANDARD, nullable=False
    )
    locale: Mapped[str] = mapped_column(String(8), default="de", nullable=False)
    layout: Mapped[dict | None] = mapped_column(JSON)  # layout.Layout.to_dict(), once printed
    state: Mapped[BatchState] = mapped_column(
        enum_column(BatchState), default=BatchState.PRINTING, nullable=False
    )
    printed: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # sheets so far
    file_name: Mapped[str | None] = mapped_column(String(120))  # in the paper storage folder
    error: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(200), default="", nullable=False)  # e.g. "Markt"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    sheets = relationship("Sheet", back_populates="batch", passive_deletes=True)
    vote = relationship("Vote")
    survey = relationship("Survey")
    created_by = relationship("User")


class Sheet(db.Model):
    """One printed sheet: its code, what it is for, and where it is in its life."""

    __tablename__ = "paper_sheets"
    __table_args__ = (
        CheckConstraint(SUBJECT_OF_KIND, name="subject_of_kind"),
        Index("ix_paper_sheets_batch_status", "batch_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True, nullable=False)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("paper_batches.id", ondelete="CASCADE"), nullable=False
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)  # page in the batch's PDF
    kind: Mapped[SheetKind] = mapped_column(enum_column(SheetKind), nullable=False)
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"))
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    status: Mapped[SheetStatus] = mapped_column(
        enum_column(SheetStatus), default=SheetStatus.ISSUED, nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    batch = relationship("PaperBatch", back_populates="sheets")
    events = relationship(
        "SheetEvent", order_by="SheetEvent.id", cascade="all, delete-orphan", passive_deletes=True
    )


class SheetEvent(db.Model):
    """One move of a sheet from one state to another: who, when, and why (voiding)."""

    __tablename__ = "paper_sheet_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(
        ForeignKey("paper_sheets.id", ondelete="CASCADE"), index=True, nullable=False
    )
    from_status: Mapped[SheetStatus | None] = mapped_column(enum_column(SheetStatus))
    to_status: Mapped[SheetStatus] = mapped_column(enum_column(SheetStatus), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    note: Mapped[str] = mapped_column(String(200), default="", nullable=False)

    actor = relationship("User")


class EntryRole(enum.StrEnum):
    """Which entry of a sheet this is."""

    FIRST = "first"
    SECOND = "second"  # by another staff member, where double entry is on
    ARBITRATION = "arbitration"  # by a third, when the first two disagree


class EntrySource(enum.StrEnum):
    """Where an entry's marks come from."""

    HAND = "hand"  # typed in from the paper sheet by a staff member
    SCAN = "scan"  # read from a scan by the machine (no staff member)
    REVIEW = "review"  # decided by a staff member looking at the scan (review queue)


class PaperEntry(TimestampMixin, db.Model):
    """The marks one staff member read off one sheet. A staff member enters a sheet once; where
    double entry is on, the sheet counts when two entries by different people agree, or when a
    third decides between them."""

    __tablename__ = "paper_entries"
    __table_args__ = (
        UniqueConstraint("sheet_id", "staff_id"),
        UniqueConstraint("sheet_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(
        ForeignKey("paper_sheets.id", ondelete="CASCADE"), nullable=False
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[EntryRole] = mapped_column(enum_column(EntryRole), nullable=False)
    marks: Mapped[dict] = mapped_column(JSON, nullable=False)  # as paper/entry.py reads a sheet
    source: Mapped[EntrySource] = mapped_column(
        enum_column(EntrySource), default=EntrySource.HAND, server_default="hand", nullable=False
    )

    sheet = relationship("Sheet")
    staff = relationship("User")
