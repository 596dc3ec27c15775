"""Creating threads for new subjects."""

from __future__ import annotations

from participation.comments.models import CommentThread
from participation.extensions import db


def create_thread(subject_type: str) -> CommentThread:
    """Create the (empty) thread a new subject will own."""
    thread = CommentThread(subject_type=subject_type, comment_count=0)
    db.session.add(thread)
    db.session.flush()
    return thread
