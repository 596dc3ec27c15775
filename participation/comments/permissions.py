"""Who may do what with a comment: named predicates shared by services and pages."""

from __future__ import annotations

from datetime import datetime

from participation.comments.models import Comment, CommentState
from participation.comments.rules import EDIT_WINDOW
from participation.core.models import utcnow
from participation.core.permissions import Role, is_moderator, may_take_part


def signed_in(user) -> bool:
    """Whether `user` is a signed-in account (not a guest, not nobody)."""
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_staff(user) -> bool:
    """Staff (and admins) answer officially and close or reopen threads."""
    return signed_in(user) and user.has_any_role(Role.STAFF, Role.ADMIN)


def may_close(user) -> bool:
    """Staff, admins and moderators close and reopen threads."""
    return is_staff(user) or is_moderator(user)


def is_author(user, comment: Comment) -> bool:
    """Whether `user` wrote `comment`."""
    return signed_in(user) and comment.author_id is not None and comment.author_id == user.id


def in_edit_window(comment: Comment, now: datetime | None = None) -> bool:
    """Whether the comment is young enough to be edited."""
    return (now or utcnow()) < comment.created_at + EDIT_WINDOW


def can_edit(user, comment: Comment, thread_open: bool) -> bool:
    """Authors edit their visible comments for 15 minutes while the thread is open."""
    return (
        is_author(user, comment)
        and comment.state is CommentState.VISIBLE
        and thread_open
        and in_edit_window(comment)
    )


def can_delete(user, comment: Comment) -> bool:
    """Authors delete their own comments at any time."""
    return is_author(user, comment) and comment.state is not CommentState.DELETED


def can_reply(user, comment: Comment, thread_open: bool) -> bool:
    """Accounts that may take part answer visible comments while the thread is open."""
    return may_take_part(user) and thread_open and comment.state is CommentState.VISIBLE


def can_vote(user, comment: Comment, thread_open: bool) -> bool:
    """Signed-in accounts up-vote visible comments of others while the thread is open."""
    return can_reply(user, comment, thread_open) and not is_author(user, comment)


def can_read(user, comment: Comment) -> bool:
    """Visible text for everyone; hidden or held text only for its author and moderators."""
    if comment.state is CommentState.VISIBLE:
        return True
    if comment.state is CommentState.DELETED:
        return False
    return is_author(user, comment) or is_moderator(user)


def can_report(user, comment: Comment) -> bool:
    """Accounts that may take part report visible comments of others."""
    return (
        may_take_part(user)
        and comment.state is CommentState.VISIBLE
        and not is_author(user, comment)
    )
