"""Comment rules: post, reply, edit, delete, vote, close and reopen. They flush, never commit.

`load_thread_view()` and `load_subtree_view()` prepare a thread for display in a fixed number
of queries (the structure is documented on `display.ThreadView`).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from participation.comments import display, permissions, subjects
from participation.comments.models import Comment, CommentState, CommentThread, CommentVote
from participation.comments.rules import REASON_MAX, body_problem, normalize_text
from participation.core import audit, events, screening
from participation.core.markup import render_comment_markdown
from participation.core.models import utcnow
from participation.core.urls import MAX_ID
from participation.extensions import db

CLOSED = _l("Diese Diskussion ist geschlossen. Neue Beiträge sind nicht möglich.")
NOT_ACCEPTING = _l("Hier können Sie im Moment keine Kommentare schreiben.")
PARENT_GONE = _l("Den Kommentar, auf den Sie antworten wollten, gibt es nicht mehr.")
GONE = _l("Diesen Kommentar gibt es nicht mehr.")
NOT_AUTHOR = _l("Sie können nur Ihre eigenen Kommentare ändern oder löschen.")
TOO_LATE = _l("Sie können einen Kommentar nur in den ersten 15 Minuten bearbeiten.")
OWN_VOTE = _l("Ihren eigenen Kommentar können Sie nicht als hilfreich markieren.")
NOT_STAFF = _l("Nur die Stadtverwaltung kann so antworten.")
REASON_NEEDED = _l("Bitte geben Sie einen Grund an (höchstens 500 Zeichen).")


class CommentError(Exception):
    """A rule was broken; the message is shown to the user, `status` is the HTTP answer."""

    def __init__(self, message, status: int = 400):
        super().__init__(str(message))
        self.message = message
        self.status = status


def thread_refusal(thread: CommentThread):
    """Return why the thread takes no new comments or votes now, or None when it does."""
    if thread.is_closed:
        return CLOSED
    if not subjects.kind_of(thread).accepts_comments(thread):
        return NOT_ACCEPTING
    return None


def require_open(thread: CommentThread) -> None:
    """Refuse changes to a closed thread or one its subject does not open."""
    refusal = thread_refusal(thread)
    if refusal is not None:
        raise CommentError(refusal, 403)


def checked_body(body: str) -> str:
    """Return the normalised text, or refuse an empty or too long one."""
    text = normalize_text(body or "")
    problem = body_problem(text)
    if problem:
        raise CommentError(problem)
    return text


def stored_comment(comment_id: int | None) -> Comment | None:
    """Return the comment with this id, or None (also for a number beyond the id column,
    which a form may send: the database driver would refuse it)."""
    if comment_id is None or not 0 < comment_id <= MAX_ID:
        return None
    return db.session.get(Comment, comment_id)


def find_parent(thread: CommentThread, parent_id: int | None) -> Comment | None:
    """Return the comment being answered; it must be visible and in the same thread."""
    if parent_id is None:
        return None
    parent = stored_comment(parent_id)
    if parent is None or parent.thread_id != thread.id or parent.state is not CommentState.VISIBLE:
        raise CommentError(PARENT_GONE, 404)
    return parent


def post_comment(
    thread: CommentThread, author, body: str, parent_id: int | None = None, official=False
) -> Comment:
    """Post a comment (a reply when `parent_id` is given) and tell the subscribers."""
    if official and not permissions.is_staff(author):
        raise CommentError(NOT_STAFF, 403)
    require_open(thread)
    text = checked_body(body)
    parent = find_parent(thread, parent_id)
    comment = add_comment(thread, text, parent, author_id=author.id, is_official=bool(official))
    if official:
        audit.record("comment.official", comment, actor=author, after={"thread": thread.id})
    screen(comment, parent, author)
    return comment


def add_comment(thread: CommentThread, text: str, parent: Comment | None, **columns) -> Comment:
    """Add a comment held back until `screen` lets it through; `columns` say who wrote it."""
    comment = Comment(
        thread_id=thread.id,
        parent_id=parent.id if parent else None,
        depth=parent.depth + 1 if parent else 0,
        body=text,
        body_html=str(render_comment_markdown(text)),
        created_at=utcnow(),
        state=CommentState.PENDING,  # until the checks let it through
        **columns,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def screen(comment: Comment, parent: Comment | None, author) -> None:
    """Publish the comment unless a moderation check holds it for review."""
    if not screening.hold_reason(screening.Post("comment", comment.id, author, comment.body)):
        publish(comment, parent)


def publish(comment: Comment, parent: Comment | None) -> None:
    """Count the comment and tell the subscribers: it is visible from now on."""
    comment.state = CommentState.VISIBLE
    count_comments(comment.thread, +1, comment.created_at)
    db.session.flush()
    announce(comment, parent)


def release_comment(comment: Comment) -> None:
    """Show a comment that waited for review, as if it had just been posted."""
    if comment.state is CommentState.PENDING:
        parent = db.session.get(Comment, comment.parent_id) if comment.parent_id else None
        publish(comment, parent)


def hide_comment(comment: Comment, reason: str) -> None:
    """Hide a comment by moderation: a placeholder with `reason` stays in its place."""
    if comment.state is CommentState.VISIBLE:
        count_comments(comment.thread, -1)
    if comment.state in {CommentState.VISIBLE, CommentState.PENDING, CommentState.HIDDEN}:
        comment.state = CommentState.HIDDEN
        comment.hidden_reason = reason
        db.session.flush()
        events.emit(events.COMMENT_HIDDEN, thread_id=comment.thread_id, comment_id=comment.id)


def restore_comment(comment: Comment) -> None:
    """Show a hidden comment again."""
    if comment.state is CommentState.HIDDEN:
        comment.hidden_reason = None
        comment.state = CommentState.VISIBLE
        count_comments(comment.thread, +1)
        db.session.flush()
        events.emit(events.COMMENT_RESTORED, thread_id=comment.thread_id, comment_id=comment.id)


def count_comments(thread: CommentThread, change: int, when: datetime | None = None) -> None:
    """Change the thread's counter in SQL, so simultaneous posts cannot lose an update."""
    thread.comment_count = CommentThread.comment_count + change
    if when is not None:
        thread.last_comment_at = when


def announce(comment: Comment, parent: Comment | None) -> None:
    """Emit the events for a new comment (and for a reply)."""
    ids = {"thread_id": comment.thread_id, "comment_id": comment.id, "author_id": comment.author_id}
    events.emit(events.COMMENT_POSTED, **ids)
    if parent is not None:
        events.emit(
            events.COMMENT_REPLY,
            **ids,
            parent_id=parent.id,
            parent_author_id=parent.author_id,
        )


def edit_refusal(comment: Comment, user) -> CommentError | None:
    """Return why `user` cannot edit `comment` now, or None when they can."""
    if not permissions.is_author(user, comment):
        return CommentError(NOT_AUTHOR, 403)
    if comment.state is not CommentState.VISIBLE:
        return CommentError(GONE, 404)
    refusal = thread_refusal(comment.thread)
    if refusal is not None:
        return CommentError(refusal, 403)
    if not permissions.in_edit_window(comment):
        return CommentError(TOO_LATE, 403)
    return None


def edit_comment(comment: Comment, user, body: str) -> Comment:
    """Change the text of one's own comment within 15 minutes; it is marked as edited."""
    refusal = edit_refusal(comment, user)
    if refusal is not None:
        raise refusal
    text = checked_body(body)
    problem = screening.edit_problem(screening.Post("comment", comment.id, user, text))
    if problem:
        raise CommentError(problem)
    if text != comment.body:
        comment.body = text
        comment.body_html = str(render_comment_markdown(text))
        comment.edited_at = utcnow()
    db.session.flush()
    return comment


def delete_comment(comment: Comment, user) -> None:
    """Delete one's own comment: the text is erased, a placeholder keeps the replies in place."""
    if not permissions.is_author(user, comment):
        raise CommentError(NOT_AUTHOR, 403)
    if comment.state is CommentState.DELETED:
        return
    if comment.state is CommentState.VISIBLE:
        count_comments(comment.thread, -1)
    comment.state = CommentState.DELETED
    comment.body, comment.body_html = "", ""
    db.session.flush()
    events.emit(events.COMMENT_DELETED, thread_id=comment.thread_id, comment_id=comment.id)


def set_vote(comment: Comment, user, wanted: bool) -> None:
    """Add or take back the user's up-vote (asking twice changes nothing)."""
    if permissions.is_author(user, comment):
        raise CommentError(OWN_VOTE, 403)
    if comment.state is not CommentState.VISIBLE:
        raise CommentError(GONE, 404)
    require_open(comment.thread)
    changed = add_vote(comment, user) if wanted else remove_vote(comment, user)
    if changed:
        comment.vote_count = Comment.vote_count + (1 if wanted else -1)
        db.session.flush()


def add_vote(comment: Comment, user) -> bool:
    """Store the vote; False when it exists (also when a simultaneous request stored it)."""
    if db.session.get(CommentVote, (comment.id, user.id)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(CommentVote(comment_id=comment.id, user_id=user.id))
    except IntegrityError:  # the primary key keeps it to one vote per account
        return False
    return True


def remove_vote(comment: Comment, user) -> bool:
    """Delete the vote; False when there was none."""
    result = db.session.execute(
        delete(CommentVote).where(
            CommentVote.comment_id == comment.id, CommentVote.user_id == user.id
        )
    )
    return result.rowcount > 0


def close_thread(thread: CommentThread, staff, reason: str) -> None:
    """Close the thread for new comments; the reason is shown to everyone."""
    if not permissions.may_close(staff):
        raise CommentError(NOT_STAFF, 403)
    text = normalize_text(reason or "")
    if not text or len(text) > REASON_MAX:
        raise CommentError(REASON_NEEDED)
    before = {"closed": thread.is_closed, "reason": thread.closed_reason}
    thread.closed_at = thread.closed_at or utcnow()
    thread.closed_reason = text
    thread.closed_by_id = staff.id
    db.session.flush()
    audit.record("thread.closed", thread, actor=staff, before=before, after={"reason": text})


def reopen_thread(thread: CommentThread, staff) -> None:
    """Open a closed thread again."""
    if not permissions.may_close(staff):
        raise CommentError(NOT_STAFF, 403)
    if not thread.is_closed:
        return
    before = {"closed": True, "reason": thread.closed_reason}
    thread.closed_at = thread.closed_reason = thread.closed_by_id = None
    db.session.flush()
    audit.record("thread.reopened", thread, actor=staff, before=before, after={"closed": False})


def load_thread_view(
    thread: CommentThread, viewer=None, sort: str | None = None, root: Comment | None = None
) -> display.ThreadView:
    """Prepare a whole thread (or, with `root`, one comment's subtree) for display.

    Three queries whatever the size: the subject's openness, all comments with their authors,
    the viewer's votes. `display.ThreadView` documents what the templates get.
    """
    viewer = current_user if viewer is None else viewer
    return display.build_view(thread, viewer, sort, root, thread_refusal(thread))


def load_subtree_view(comment: Comment, viewer=None, sort: str | None = None):
    """Prepare one comment and its replies (re-based to the top) for its own page."""
    return load_thread_view(comment.thread, viewer, sort, root=comment)
