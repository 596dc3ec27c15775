"""Comment threads that any subject (proposal, survey, vote) can own, and their comments."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.channels import Channel
from participation.core.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from participation.extensions import db

MAX_DEPTH_SHOWN = 4  # deeper replies sit behind a "continue this thread" link


class CommentState(enum.StrEnum):
    """Whether a comment is shown."""

    VISIBLE = "visible"
    DELETED = "deleted"  # by its author: a placeholder keeps the replies in place
    HIDDEN = "hidden"  # by moderation: a placeholder with the reason; the author still reads it
    PENDING = "pending"  # held for review: only its author and the moderators see it


class CommentThread(TimestampMixin, db.Model):
    """The discussion of one subject; subjects point to their thread."""

    __tablename__ = "comment_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(32), nullable=False)
    comment_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_comment_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_reason: Mapped[str | None] = mapped_column(Text)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_closed(self) -> bool:
        """Whether new comments are refused."""
        return self.closed_at is not None


class Comment(TimestampMixin, db.Model):
    """One comment or reply."""

    __tablename__ = "comments"
    # A thread's top-level comments (parent_id IS NULL) are found from one index; with two
    # indexes of one column each, SQLite read every top-level comment of every thread.
    __table_args__ = (Index("ix_comments_thread_id_parent_id", "thread_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("comment_threads.id", ondelete="CASCADE"), nullable=False
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    depth: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str] = mapped_column(Text, nullable=False)
    state: Mapped[CommentState] = mapped_column(
        enum_column(CommentState), default=CommentState.VISIBLE, nullable=False
    )
    hidden_reason: Mapped[str | None] = mapped_column(String(24))
    is_official: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    vote_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Handed in on paper (a letter, a note at the Bürgerbüro) and typed in by staff: no author
    # account, the name the writer agreed to show (None: shown without a name), and the key
    # of the staff form, so a form sent twice makes one comment. The column `channel` keeps
    # its server default 'online' from migration 0009 (as proposals.channel from 0008).
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel), default=Channel.ONLINE, nullable=False
    )
    paper_author_name: Mapped[str | None] = mapped_column(String(80))
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    author = relationship("User", foreign_keys=[author_id])
    thread = relationship(CommentThread)

    @property
    def is_from_paper(self) -> bool:
        """Whether staff typed the comment in from paper."""
        return self.channel is Channel.PAPER


class CommentVote(db.Model):
    """One up-vote of one account for one comment."""

    __tablename__ = "comment_votes"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
