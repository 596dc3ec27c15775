"""The daily digest: one mail per person and local day with everything they chose to get daily.

Days are calendar days in the town's time zone (BABEL_DEFAULT_TIMEZONE, Europe/Berlin). Only
finished days are sent, so the cron job can run at any hour after midnight. The unique
(person, day) row makes each digest go out at most once, however often the job runs: the run
that creates it (state "sending") mails it. A digest the SMTP server refused goes back to
"pending" and the next run takes it over (pending → sending in one UPDATE, so only one run does).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask_babel import LazyString, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications import kinds
from participation.notifications.delivery import mail_context
from participation.notifications.email import MailError, send_email
from participation.notifications.models import Delivery, Digest, Notification


def zone() -> ZoneInfo:
    """Return the town's time zone."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Return the UTC start and end of a local calendar day."""
    start = datetime.combine(day, time.min, tzinfo=zone())
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone())
    return start, end


def waiting_days(now: datetime | None = None) -> dict[int, set[date]]:
    """Return, per person, the finished local days with notifications waiting for a digest."""
    today = (now or utcnow()).astimezone(zone()).date()
    query = select(Notification.recipient_id, Notification.created_at).where(
        Notification.delivery == Delivery.DIGEST,
        Notification.digest_id.is_(None),
        Notification.created_at < day_bounds(today)[0],
    )
    days = defaultdict(set)
    for user_id, created_at in db.session.execute(query):
        days[user_id].add(created_at.astimezone(zone()).date())
    refused = select(Digest.user_id, Digest.day).where(Digest.delivery == Delivery.PENDING)
    for user_id, day in db.session.execute(refused):  # not sent on an earlier run: try again
        days[user_id].add(day)
    return days


def send_due(now: datetime | None = None) -> int:
    """Send every finished day's digest that has not gone out; return how many were sent."""
    sent = 0
    with mail_context():
        for user_id, days in waiting_days(now).items():
            for day in sorted(days):
                sent += send_digest(user_id, day)
    return sent


def send_digest(user_id: int, day: date) -> bool:
    """Collect one person's notifications of one day into a digest and mail it once."""
    digest = start_digest(user_id, day) or take_over(user_id, day)
    if digest is None:
        return False
    start, end = day_bounds(day)
    db.session.execute(
        update(Notification)
        .where(
            Notification.recipient_id == user_id,
            Notification.delivery == Delivery.DIGEST,
            Notification.digest_id.is_(None),
            Notification.created_at >= start,
            Notification.created_at < end,
        )
        .values(digest_id=digest.id),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return mail_digest(digest)


def start_digest(user_id: int, day: date) -> Digest | None:
    """Create the (person, day) digest, claimed by this run; None when it exists already."""
    digest = Digest(user_id=user_id, day=day, delivery=Delivery.SENDING)
    try:
        with db.session.begin_nested():
            db.session.add(digest)
    except IntegrityError:
        return None
    return digest


def take_over(user_id: int, day: date) -> Digest | None:
    """Claim a digest an earlier run could not send; None when it is sent or being sent."""
    claimed = db.session.execute(
        update(Digest)
        .where(Digest.user_id == user_id, Digest.day == day, Digest.delivery == Delivery.PENDING)
        .values(delivery=Delivery.SENDING),
        execution_options={"synchronize_session": False},
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    return db.session.scalar(select(Digest).where(Digest.user_id == user_id, Digest.day == day))


def mail_digest(digest: Digest) -> bool:
    """Render and send the digest; mark it and its notifications sent."""
    user = db.session.get(User, digest.user_id)
    query = select(Notification).where(Notification.digest_id == digest.id)
    rows = db.session.scalars(query.order_by(Notification.created_at))
    items = [entry for entry in map(entry_of, rows) if entry[0] is not None]
    if user is None or not items:
        digest.delivery = Delivery.NONE  # nothing left to tell (the kinds are gone)
        db.session.commit()
        return False
    try:
        send_email(
            user.email,
            _l("Ihre Neuigkeiten vom %(day)s", day=LazyString(format_date, digest.day, "medium")),
            "notifications/digest",
            locale=user.locale,
            user=user,
            day=digest.day,
            items=items,
            settings_link=url_for("notifications.settings", _external=True),
        )
    except MailError:
        current_app.logger.exception("digest %s could not be sent", digest.id)
        digest.delivery = Delivery.PENDING  # the next run tries again
        db.session.commit()
        return False
    mark_sent(digest)
    return True


def entry_of(notification: Notification):
    """Return (kind, payload) for one line of the digest (rendered in the person's language)."""
    return kinds.get(notification.kind), notification.payload


def mark_sent(digest: Digest) -> None:
    """Record that the digest went out."""
    now = utcnow()
    digest.delivery, digest.sent_at = Delivery.SENT, now
    db.session.execute(
        update(Notification)
        .where(Notification.digest_id == digest.id)
        .values(delivery=Delivery.SENT, sent_at=now),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
