"""The notification centre's queries: a person's list, the unread count, marking read."""

from __future__ import annotations

from sqlalchemy import func, select, update

from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications import kinds
from participation.notifications.models import Notification


def in_centre():
    """The condition that leaves out mail-only kinds (account mails)."""
    return Notification.kind.notin_(kinds.mail_only())


def list_query(user_id: int):
    """Return a person's notifications, newest first."""
    return (
        select(Notification)
        .where(Notification.recipient_id == user_id, in_centre())
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def unread_count(user_id: int) -> int:
    """Return how many of a person's notifications are unread (one indexed count)."""
    query = select(func.count()).where(
        Notification.recipient_id == user_id, Notification.read_at.is_(None), in_centre()
    )
    return db.session.scalar(query)


def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one notification (or, without an id, all) of a person read; return how many."""
    query = update(Notification).where(
        Notification.recipient_id == user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    result = db.session.execute(
        query.values(read_at=utcnow()), execution_options={"synchronize_session": False}
    )
    return result.rowcount


def shown(notification: Notification) -> dict:
    """Return what the centre shows for one notification: its line, link and state."""
    kind = kinds.get(notification.kind)
    return {
        "id": notification.id,
        "summary": kind.summary(notification.payload) if kind else notification.kind,
        "link": kind.link(notification.payload) if kind else None,
        "created_at": notification.created_at,
        "unread": notification.read_at is None,
    }
