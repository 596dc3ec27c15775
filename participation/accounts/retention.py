"""Retention: personal data that has served its purpose is deleted by `flask privacy purge`
(daily from cron), each kind after the period its setting names (0 keeps it):

- accounts whose address was never confirmed, UNCONFIRMED_ACCOUNT_DAYS after sign-up. Never an
  account that was verified or that any other record names: a role, a contribution, a report,
  an audit entry — every foreign key to `users` counts, except the rows that belong to the
  account alone and go with it (OWNED), so a table added later keeps accounts safe by default;
- signed-in browsers (`account_sessions`) not seen for SESSION_IDLE_DAYS;
- requests about personal data, DATA_REQUEST_RETENTION_DAYS after they were closed;
- the scans of paper sheets (paper/scan_retention.py, SCAN_RETENTION_DAYS).

Each kind is deleted by rows locked with SKIP LOCKED and a DELETE that states the whole rule
again, so two runs at once delete nothing twice and never wait for each other (PostgreSQL);
SQLite runs them one after the other. The services flush; the command commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, delete, exists, select

from participation.accounts.models import User
from participation.accounts.request_models import DataRequest, RequestState
from participation.accounts.security_models import AccountSession
from participation.core import audit
from participation.extensions import db

CHUNK = 500  # rows per DELETE (keeps the IN lists and the locks short)
# Rows that belong to the account alone and are deleted with it (ON DELETE CASCADE): its
# signed-in browsers, recovery codes, notification settings and the mails sent to it.
OWNED = frozenset(
    {
        ("account_sessions", "user_id"),
        ("recovery_codes", "user_id"),
        ("notification_preferences", "user_id"),
        ("notification_digests", "user_id"),
        ("notifications", "recipient_id"),
    }
)
PURGED = "privacy.purged"
audit.register_actions({PURGED: _l("Daten nach Ablauf der Aufbewahrungsfrist gelöscht")})


def days(setting: str) -> int:
    """Return a retention period in days from the settings (0, or less: kept forever)."""
    return max(0, int(current_app.config.get(setting) or 0))


def delete_rows(table: Table, *rule) -> int:
    """Delete the rows of `table` that match `rule`, CHUNK at a time in id order; rows another
    run holds are skipped (that run deletes them). Return how many this run deleted."""
    deleted, last = 0, 0
    while True:
        ids = list(
            db.session.scalars(
                select(table.c.id)
                .where(table.c.id > last, *rule)
                .order_by(table.c.id)
                .limit(CHUNK)
                .with_for_update(skip_locked=True)
            )
        )
        if not ids:
            return deleted
        result = db.session.execute(delete(table).where(table.c.id.in_(ids), *rule))
        deleted += result.rowcount
        last = ids[-1]


def referencing_columns(table: Table) -> list:
    """Return every column (of an alias of its table) that holds an id of `table`."""
    found = []
    for other in db.metadata.sorted_tables:
        for key in other.foreign_keys:
            if key.column.table is table and (other.name, key.parent.name) not in OWNED:
                found.append(other.alias().c[key.parent.name])
    return found


def unconfirmed_rule(cutoff: datetime) -> list:
    """Return the WHERE terms: never confirmed, signed up before `cutoff`, not verified, and
    named by no other record (a role, a contribution, an act)."""
    users = User.__table__
    terms = [
        users.c.email_confirmed_at.is_(None),
        users.c.created_at < cutoff,
        users.c.identity_key.is_(None),
    ]
    terms += [~exists().where(column == users.c.id) for column in referencing_columns(users)]
    return terms


def purge_unconfirmed(now: datetime) -> int:
    """Delete the unconfirmed accounts past UNCONFIRMED_ACCOUNT_DAYS; return how many."""
    period = days("UNCONFIRMED_ACCOUNT_DAYS")
    if not period:
        return 0
    count = delete_rows(User.__table__, *unconfirmed_rule(now - timedelta(days=period)))
    record(count, "users", period)
    return count


def purge_sessions(now: datetime) -> int:
    """Delete the signed-in browsers not seen for SESSION_IDLE_DAYS; return how many.
    Not audited: it is daily housekeeping, and the browser was signed out by then anyway."""
    period = days("SESSION_IDLE_DAYS")
    if not period:
        return 0
    table = AccountSession.__table__
    return delete_rows(table, table.c.last_seen_at < now - timedelta(days=period))


def purge_data_requests(now: datetime) -> int:
    """Delete the data requests closed longer than DATA_REQUEST_RETENTION_DAYS ago."""
    period = days("DATA_REQUEST_RETENTION_DAYS")
    if not period:
        return 0
    table = DataRequest.__table__
    count = delete_rows(
        table,
        table.c.state != RequestState.OPEN,
        table.c.closed_at.is_not(None),
        table.c.closed_at < now - timedelta(days=period),
    )
    record(count, "data_requests", period)
    return count


def record(count: int, table: str, period: int) -> None:
    """Write a purge that deleted something to the audit log (counts only, no names)."""
    if count:
        audit.record(PURGED, audit.whole_table(table), after={"deleted": count, "days": period})
        db.session.flush()
