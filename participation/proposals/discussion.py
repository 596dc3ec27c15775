"""Proposals as owners of comment threads: links, who may comment, and keeping counts."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from participation.comments.models import CommentThread
from participation.comments.subjects import SubjectKind, register
from participation.core import events
from participation.core.models import utcnow
from participation.extensions import db
from participation.proposals import follows, permissions
from participation.proposals.models import Proposal, ProposalStatus

OPEN_FOR_COMMENTS = {
    ProposalStatus.PUBLISHED,
    ProposalStatus.IN_REVIEW,
    ProposalStatus.ACCEPTED,
    ProposalStatus.REJECTED,
    ProposalStatus.IMPLEMENTED,
}


def proposal_of(thread: CommentThread) -> Proposal | None:
    """Return the proposal that owns `thread`."""
    return db.session.scalar(select(Proposal).where(Proposal.thread_id == thread.id))


def proposal_url(thread: CommentThread) -> str:
    """The proposal page, at its discussion."""
    proposal = proposal_of(thread)
    return url_for("proposals.detail", proposal_id=proposal.id, _anchor="comments")


def accepts_comments(thread: CommentThread) -> bool:
    """Public proposals take comments; drafts, withdrawn, held and hidden ones do not."""
    proposal = proposal_of(thread)
    return proposal is not None and proposal.is_shown and proposal.status in OPEN_FOR_COMMENTS


def is_visible(thread: CommentThread) -> bool:
    """The discussion is visible to whoever may see the proposal."""
    proposal = proposal_of(thread)
    return proposal is not None and permissions.can_view(current_user, proposal)


def sync_comment_count(thread_id: int) -> Proposal | None:
    """Copy the thread's comment count to its proposal (for lists and sorting)."""
    proposal = db.session.scalar(select(Proposal).where(Proposal.thread_id == thread_id))
    if proposal is not None:
        proposal.comment_count = db.session.get(CommentThread, thread_id).comment_count
    return proposal


def on_comment_posted(thread_id: int, comment_id: int, author_id: int, **_ignored) -> None:
    """Keep the proposal's counters and activity current; the commenter follows it."""
    proposal = sync_comment_count(thread_id)
    if proposal is None:
        return
    proposal.last_activity_at = utcnow()
    if author_id:
        follows.follow_automatically(proposal.id, author_id)


def on_comment_count_changed(thread_id: int, **_ignored) -> None:
    """A deleted or hidden comment no longer counts; a restored one counts again."""
    sync_comment_count(thread_id)


def init_app(app) -> None:
    """Register proposals as a comment subject and listen for new comments."""
    with app.app_context():
        register(
            "proposal",
            SubjectKind(url=proposal_url, accepts_comments=accepts_comments, is_visible=is_visible),
        )
        events.subscribe(events.COMMENT_POSTED, on_comment_posted)
        for name in (events.COMMENT_DELETED, events.COMMENT_HIDDEN, events.COMMENT_RESTORED):
            events.subscribe(name, on_comment_count_changed)
