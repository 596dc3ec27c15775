"""Surveys as owners of comment threads: the discussion sits on the survey's page.

Comments are taken while the survey is published, also after it has closed: people still
talk about a survey's subject (and later its results), and staff can close a thread through
the comments module when a discussion should end.
"""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from participation.comments.models import CommentThread
from participation.comments.subjects import SubjectKind, register
from participation.extensions import db
from participation.surveys import permissions
from participation.surveys.models import Phase, Survey


def survey_of(thread: CommentThread) -> Survey | None:
    """Return the survey that owns `thread`."""
    return db.session.scalar(select(Survey).where(Survey.thread_id == thread.id))


def survey_url(thread: CommentThread) -> str:
    """The survey page, at its discussion."""
    survey = survey_of(thread)
    return url_for("surveys.detail", survey_id=survey.id, _anchor="comments")


def accepts_comments(thread: CommentThread) -> bool:
    """Published surveys (upcoming, open or closed) take comments; drafts do not."""
    survey = survey_of(thread)
    return survey is not None and survey.phase() is not Phase.DRAFT


def is_visible(thread: CommentThread) -> bool:
    """The discussion is visible to whoever may see the survey."""
    survey = survey_of(thread)
    return survey is not None and permissions.may_see(current_user, survey)


def init_app(app) -> None:
    """Register surveys as a comment subject."""
    with app.app_context():
        register(
            "survey",
            SubjectKind(url=survey_url, accepts_comments=accepts_comments, is_visible=is_visible),
        )
