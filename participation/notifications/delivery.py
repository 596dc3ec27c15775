"""Delivering notification mails: claim a batch, send each, record the outcome. Commits itself.

A worker claims rows by setting `delivery` from pending to sending with its own token, in one
UPDATE (two workers never get the same row). Each mail is marked sent in its own commit right
after the SMTP server took it, so a job that runs twice finds nothing left to send. A worker
that dies leaves rows in "sending"; the sweeper puts rows claimed longer than LEASE ago back to
pending. Failed sends are retried with growing pauses, then marked failed for an admin.
"""

from __future__ import annotations

import secrets
from contextlib import nullcontext
from datetime import timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from sqlalchemy import or_, select, update

from participation.accounts.models import User
from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications import kinds, unsubscribe
from participation.notifications.email import MailError, send_email, sender_domain
from participation.notifications.models import Delivery, Notification

LEASE = timedelta(minutes=10)
BATCH = 100
PAUSES = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(PAUSES) + 1


def claim(limit: int = BATCH, ids: list[int] | None = None) -> tuple[str, list[int]]:
    """Claim up to `limit` due mails (or just `ids`); return the claim token and their ids."""
    token, now = secrets.token_hex(8), utcnow()
    due = select(Notification.id).where(
        Notification.delivery == Delivery.PENDING,
        or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now),
    )
    if ids is not None:
        due = due.where(Notification.id.in_(ids))
    due = due.order_by(Notification.id).limit(limit)
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(due), Notification.delivery == Delivery.PENDING)
        .values(delivery=Delivery.SENDING, claimed_by=token, claimed_at=now),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    claimed = select(Notification.id).where(Notification.claimed_by == token)
    return token, list(db.session.scalars(claimed.order_by(Notification.id)))


def deliver(ids: list[int], token: str) -> int:
    """Send the claimed mails one by one; return how many were sent."""
    sent = 0
    for notification_id in ids:
        notification = db.session.get(Notification, notification_id)
        if notification is None or notification.claimed_by != token:
            continue
        sent += deliver_one(notification)
        db.session.commit()
    return sent


def deliver_one(notification: Notification) -> bool:
    """Send one mail and record the outcome on the row (the caller commits)."""
    try:
        send(notification)
    except MailError as error:
        record_failure(notification, str(error))
        return False
    except Exception as error:  # a mail that cannot be made must not hold up the whole batch
        current_app.logger.exception("notification mail %s could not be made", notification.id)
        db.session.rollback()  # drop whatever the failed rendering left; earlier rows are saved
        record_failure(notification, f"{type(error).__name__}: {error}")
        return False
    notification.delivery = Delivery.SENT
    notification.sent_at = utcnow()
    notification.claimed_by = None
    return True


def record_failure(notification: Notification, error: str) -> None:
    """Count the attempt; try again after a pause, or give up after the last one."""
    notification.attempts += 1
    notification.last_error = error[:500]
    notification.claimed_by = None
    current_app.logger.warning("notification mail %s failed: %s", notification.id, error)
    if notification.attempts >= MAX_ATTEMPTS:
        notification.delivery = Delivery.FAILED
        return
    notification.delivery = Delivery.PENDING
    notification.next_attempt_at = utcnow() + PAUSES[notification.attempts - 1]


def send(notification: Notification) -> None:
    """Render the notification's mail in the recipient's language and hand it over."""
    user = db.session.get(User, notification.recipient_id)
    kind = kinds.get(notification.kind)
    if user is None or kind is None:
        return  # the account or the kind is gone: nothing to send
    with force_locale(user.locale):  # subject and summary in the recipient's language
        message = kind.message(notification.payload, user)
    headers = {}
    if kind.optional:
        link = unsubscribe.link(user.id, kind.name)
        headers = {
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        message.context.setdefault("unsubscribe_link", link)
    send_email(
        message.address or user.email,
        message.subject,
        message.template,
        locale=user.locale,
        headers=headers,
        message_id=f"<notification-{notification.id}@{sender_domain()}>",
        user=user,
        settings_link=url_for("notifications.settings", _external=True),
        **message.context,
    )


def dispatch(limit: int = BATCH, ids: list[int] | None = None) -> int:
    """Claim and send due mails in batches until none are left; return how many were sent."""
    with mail_context():
        return dispatch_batches(limit, ids)


def mail_context():
    """Outside a request (a worker, a command) pretend one at SERVER_NAME, so links in mails
    are absolute and the language machinery works; inside a request change nothing."""
    if has_request_context():
        return nullcontext()
    config = current_app.config
    server = config.get("SERVER_NAME") or "127.0.0.1:5000"  # the development server's address
    return current_app.test_request_context(
        "/", base_url=f"{config['PREFERRED_URL_SCHEME']}://{server}"
    )


def dispatch_batches(limit: int, ids: list[int] | None) -> int:
    """Claim and send due mails in batches until none are left."""
    total = 0
    while True:
        token, claimed = claim(limit, ids)
        if not claimed:
            return total
        total += deliver(claimed, token)
        if ids is not None:
            return total


def release_stale_claims() -> int:
    """Put mails claimed by a worker that stopped (older than LEASE) back in the queue."""
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.delivery == Delivery.SENDING,
            Notification.claimed_at < utcnow() - LEASE,
        )
        .values(delivery=Delivery.PENDING, claimed_by=None),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return result.rowcount


def retry_failed(notification_ids: list[int] | None = None) -> int:
    """Give failed mails (all, or the given ones) a fresh set of attempts."""
    query = update(Notification).where(Notification.delivery == Delivery.FAILED)
    if notification_ids is not None:
        query = query.where(Notification.id.in_(notification_ids))
    result = db.session.execute(
        query.values(delivery=Delivery.PENDING, attempts=0, next_attempt_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return result.rowcount
