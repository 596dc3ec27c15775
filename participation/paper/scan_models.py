"""Scan import: an uploaded file of scanned sheets, and what became of each of its pages.

An upload is read page by page by a job (scan_jobs.py). Every page read is a `ScanPage` row,
committed on its own and unique per (upload, index), so a job that stopped half-way starts
again after the last stored page and never reads a page twice. The page's image is kept in
the paper folder (PAPER_FOLDER/scans/) as the evidence of what was counted.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from participation.extensions import db
from participation.paper import models as _paper  # noqa: F401  (Sheet, User by name)


class ScanState(enum.StrEnum):
    """How far the reading of an upload is."""

    QUEUED = "queued"
    READING = "reading"
    DONE = "done"
    FAILED = "failed"


class ScanPageStatus(enum.StrEnum):
    """What became of one scanned page."""

    COUNTED = "counted"  # a ballot read with certainty and counted
    WAITING = "waiting"  # read as the first entry; waits for the second (double entry)
    INCOMPLETE = "incomplete"  # a page of a sheet whose other pages are not read yet
    REVIEW = "review"  # a person must look at it (unclear marks, unreadable code or page)
    MANUAL = "manual"  # read, but entered by hand (idea cards, sheets entered by hand already)
    REFUSED = "refused"  # void, already counted, unknown or of another subject: not counted
    NOT_A_SHEET = "not_a_sheet"  # blank page, another form


class ScanUpload(TimestampMixin, db.Model):
    """One uploaded file of scanned sheets and how far its reading is."""

    __tablename__ = "paper_scan_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    original_name: Mapped[str] = mapped_column(String(255), default="", nullable=False)
    file_name: Mapped[str | None] = mapped_column(String(120))  # in PAPER_FOLDER/scans/
    size_bytes: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), index=True, nullable=False)
    file_type: Mapped[str] = mapped_column(String(8), nullable=False)  # pdf, png, jpeg, tiff
    pages_total: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    pages_done: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    counted: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    waiting: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # + incomplete
    review: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # review + manual
    refused: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    state: Mapped[ScanState] = mapped_column(
        enum_column(ScanState), default=ScanState.QUEUED, nullable=False
    )
    error: Mapped[str | None] = mapped_column(Text)
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # double clicks
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    created_by = relationship("User")
    pages = relationship(
        "ScanPage", order_by="ScanPage.index", cascade="all, delete-orphan", passive_deletes=True
    )


class ScanPage(TimestampMixin, db.Model):
    """One page of an upload: what was read on it, what became of it, and its stored image."""

    __tablename__ = "paper_scan_pages"
    __table_args__ = (UniqueConstraint("upload_id", "index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(
        ForeignKey("paper_scan_uploads.id", ondelete="CASCADE"), nullable=False
    )
    index: Mapped[int] = mapped_column(Integer, nullable=False)  # 0-based page of the file
    sheet_id: Mapped[int | None] = mapped_column(
        ForeignKey("paper_sheets.id", ondelete="SET NULL"), index=True
    )
    code: Mapped[str | None] = mapped_column(String(24))
    page: Mapped[int | None] = mapped_column(Integer)  # the sheet's page number
    status: Mapped[ScanPageStatus] = mapped_column(enum_column(ScanPageStatus), nullable=False)
    problem: Mapped[str | None] = mapped_column(String(32))  # a key of scans.PROBLEMS
    reading: Mapped[dict | None] = mapped_column(JSON)  # omr.PageReading.as_dict()
    image_name: Mapped[str | None] = mapped_column(String(120))  # in PAPER_FOLDER/scans/

    upload = relationship("ScanUpload", back_populates="pages")
    sheet = relationship("Sheet")
