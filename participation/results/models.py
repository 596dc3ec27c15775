"""Results the council publishes, and what happens after: the publication of a closed vote or
survey (frozen figures, the council's statement, the decision it relates to, documents and
dated corrections), and the implementation tracking of accepted proposals and winning budget
options (department, status, progress and dated updates).

A publication's figures are copied into `figures` when it is published (results/freeze.py), so
a ballot entered late cannot change what the council published; changing them afterwards
needs a correction with a note, which keeps the figures it replaced.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from participation.extensions import db


class PublicationState(enum.StrEnum):
    """Whether the public sees a publication."""

    DRAFT = "draft"  # staff or the council prepare it
    PUBLISHED = "published"  # the council published it: figures frozen


class Publication(TimestampMixin, db.Model):
    """The published result of one closed vote or survey."""

    __tablename__ = "publications"
    __table_args__ = (
        CheckConstraint("(vote_id IS NULL) <> (survey_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int | None] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), unique=True
    )
    survey_id: Mapped[int | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[PublicationState] = mapped_column(
        enum_column(PublicationState), default=PublicationState.DRAFT, nullable=False
    )
    statement: Mapped[str] = mapped_column(Text, default="", nullable=False)  # Markdown
    statement_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    decision_date: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    figures: Mapped[dict | None] = mapped_column(JSON)  # frozen when published
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    vote = relationship("Vote")
    survey = relationship("Survey")
    created_by = relationship("User", foreign_keys=[created_by_id])
    published_by = relationship("User", foreign_keys=[published_by_id])
    corrections = relationship(
        "Correction",
        order_by="Correction.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
        back_populates="publication",
    )
    documents = relationship(
        "Document",
        order_by="Document.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
        back_populates="publication",
    )

    @property
    def subject(self):
        """Return the vote or survey the publication is about."""
        return self.vote if self.vote_id is not None else self.survey

    @property
    def is_published(self) -> bool:
        """Whether the public sees it."""
        return self.state is PublicationState.PUBLISHED


class Correction(TimestampMixin, db.Model):
    """A dated note that changed a published publication (and the figures it replaced, if it
    refreshed them)."""

    __tablename__ = "publication_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True, nullable=False
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, nullable=False)
    figures_before: Mapped[dict | None] = mapped_column(JSON)

    publication = relationship("Publication", back_populates="corrections")
    author = relationship("User")


class Document(TimestampMixin, db.Model):
    """A PDF attached to a publication (minutes, the council's decision), kept in the results
    folder under its SHA-256."""

    __tablename__ = "publication_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True, nullable=False
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    file_name: Mapped[str] = mapped_column(String(120), nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    publication = relationship("Publication", back_populates="documents")


class ImplementationStatus(enum.StrEnum):
    """Where the implementation of an accepted proposal or a funded project is."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ON_HOLD = "on_hold"


class Implementation(TimestampMixin, db.Model):
    """The implementation of an accepted proposal or a funded budget option
    (Umsetzungsstand)."""

    __tablename__ = "implementations"
    __table_args__ = (
        CheckConstraint(
            "(proposal_id IS NULL) <> (vote_option_id IS NULL)",
            name="one_subject",
        ),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), unique=True
    )
    vote_option_id: Mapped[int | None] = mapped_column(
        ForeignKey("vote_options.id", ondelete="CASCADE"), unique=True
    )
    department: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    status: Mapped[ImplementationStatus] = mapped_column(
        enum_column(ImplementationStatus),
        default=ImplementationStatus.PLANNED,
        nullable=False,
        index=True,
    )
    progress: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    planned_completion: Mapped[date | None] = mapped_column(Date)
    actual_completion: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )

    proposal = relationship("Proposal")
    vote_option = relationship("VoteOption")
    updates = relationship(
        "ImplementationUpdate",
        order_by="ImplementationUpdate.id.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
        back_populates="implementation",
    )


class ImplementationUpdate(TimestampMixin, db.Model):
    """A dated note on an implementation, with the status and progress it reported and an
    optional photo (kept in the results folder)."""

    __tablename__ = "implementation_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    implementation_id: Mapped[int] = mapped_column(
        ForeignKey("implementations.id", ondelete="CASCADE"), index=True, nullable=False
    )
    happened_on: Mapped[date] = mapped_column(Date, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)  # Markdown
    text_html: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[ImplementationStatus] = mapped_column(
        enum_column(ImplementationStatus), nullable=False
    )
    progress: Mapped[int] = mapped_column(Integer, nullable=False)
    photo_name: Mapped[str | None] = mapped_column(String(120))
    photo_alt: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    implementation = relationship("Implementation", back_populates="updates")
    author = relationship("User")
