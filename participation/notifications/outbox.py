"""Writing notifications: in the transaction of their cause, in bulk, one row per recipient.

Nothing is sent here. After the request commits, `jobs.after_request` hands the new
rows to RQ (or, without Redis, delivers them in-process); the sweeper picks up whatever is left.
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import insert, select

from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications import kinds
from participation.notifications.models import Choice, Delivery, Notification, Preference

BATCH = 1_000  # rows per INSERT statement

DELIVERY_FOR = {
    Choice.IMMEDIATELY: Delivery.PENDING,
    Choice.DAILY: Delivery.DIGEST,
    Choice.OFF: Delivery.NONE,
}


def notify(name: str, **event) -> int:
    """Write the notifications of kind `name` for `event`; return how many were written."""
    kind = kinds.get(name)
    if kind is None:
        raise KeyError(f"unknown notification kind {name!r}")
    recipients = [user_id for user_id in dict.fromkeys(kind.recipients(**event)) if user_id]
    if not recipients:
        return 0
    choices = chosen(name) if kind.optional else {}
    payload, now = kind.payload(**event), utcnow()
    rows = [
        {
            "recipient_id": user_id,
            "kind": name,
            "payload": payload,
            "created_at": now,
            "delivery": DELIVERY_FOR[choices.get(user_id, kind.default)],
            "next_attempt_at": now,
            "attempts": 0,
        }
        for user_id in recipients
    ]
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(Notification), rows[start : start + BATCH])
    request_dispatch()
    return len(rows)


def chosen(name: str) -> dict[int, Choice]:
    """Return the choices people made for one kind (one query; most people keep the default)."""
    query = select(Preference.user_id, Preference.choice).where(Preference.kind == name)
    return dict(db.session.execute(query).all())


def request_dispatch() -> None:
    """Note that new mail waits, so it is handed over once the transaction is committed."""
    if has_app_context():
        g.notifications_waiting = True


def dispatch_requested() -> bool:
    """Whether this request (or command) wrote notifications."""
    return has_app_context() and bool(g.pop("notifications_waiting", False))
