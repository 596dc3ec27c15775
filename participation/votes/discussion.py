"""Votes as owners of comment threads: the discussion sits on the vote's page.

Comments are taken while the vote is published (upcoming, open and after close): people talk
about the question before they vote and about the outcome afterwards; staff can close a thread
through the comments module when a discussion should end. Drafts take none.
"""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from participation.comments.models import CommentThread
from participation.comments.subjects import SubjectKind, register
from participation.extensions import db
from participation.votes import permissions
from participation.votes.models import Phase, Vote


def vote_of(thread: CommentThread) -> Vote | None:
    """Return the vote that owns `thread`."""
    return db.session.scalar(select(Vote).where(Vote.thread_id == thread.id))


def vote_url(thread: CommentThread) -> str:
    """The vote's page, at its discussion."""
    vote = vote_of(thread)
    return url_for("votes.detail", vote_id=vote.id, _anchor="comments")


def accepts_comments(thread: CommentThread) -> bool:
    """Published votes take comments; drafts do not."""
    vote = vote_of(thread)
    return vote is not None and vote.phase() is not Phase.DRAFT


def is_visible(thread: CommentThread) -> bool:
    """The discussion is visible to whoever may see the vote."""
    vote = vote_of(thread)
    return vote is not None and permissions.may_see(current_user, vote)


def init_app(app) -> None:
    """Register votes as a comment subject."""
    with app.app_context():
        register(
            "vote",
            SubjectKind(url=vote_url, accepts_comments=accepts_comments, is_visible=is_visible),
        )
