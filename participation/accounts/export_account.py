"""What the export says about the account itself: its fields, roles, verification, sign-in
security, requests about its data, audit entries about it, and every table that names it.

Collectors take the account and return a dict (one value) or yield dicts (rows). Lists are
read in batches of plain columns (`stream`), so no long list is ever held in memory."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from participation.accounts.models import User, UserRole
from participation.accounts.request_models import DataRequest
from participation.accounts.security_models import AccountSession, RecoveryCode
from participation.core import audit
from participation.extensions import db

BATCH = 500


def stream(query: Select) -> Iterator[dict]:
    """Yield the rows of a select of columns as dicts, fetched `BATCH` at a time."""
    result = db.session.execute(query.execution_options(yield_per=BATCH))
    for row in result.mappings():
        yield dict(row)


def account(user: User) -> dict:
    """Return the account's own fields (secrets are named in `not_included`, not shown)."""
    return {
        "id": user.id,
        "email": user.email,
        "pending_email": user.pending_email,
        "display_name": user.display_name,
        "locale": user.locale,
        "created_at": user.created_at,
        "email_confirmed_at": user.email_confirmed_at,
        "suspended_at": user.suspended_at,
        "suspended_until": user.suspended_until,
    }


def roles(user: User) -> Iterator[dict]:
    """Yield the roles granted to the account, when and by whom."""
    granter = aliased(User)
    query = (
        select(UserRole.role, UserRole.granted_at, granter.display_name.label("granted_by"))
        .outerjoin(granter, granter.id == UserRole.granted_by_id)
        .where(UserRole.user_id == user.id)
        .order_by(UserRole.granted_at, UserRole.role)
    )
    return stream(query)


def verification(user: User) -> dict:
    """Return whether and when the Bürgerbüro checked the person's ID, by whom, the district."""
    verifier = db.session.get(User, user.verified_by_id) if user.verified_by_id else None
    return {
        "verified": user.is_verified,
        "verified_at": user.verified_at,
        "verified_by": verifier.display_name if verifier else None,
        "district": user.district,
        "identity_key": user.identity_key,
    }


def sign_in_sessions(user: User) -> Iterator[dict]:
    """Yield the browsers signed in to the account (never a token)."""
    query = (
        select(AccountSession.created_at, AccountSession.last_seen_at, AccountSession.browser)
        .where(AccountSession.user_id == user.id)
        .order_by(AccountSession.created_at, AccountSession.id)
    )
    return stream(query)


def two_factor(user: User) -> dict:
    """Return since when two-factor sign-in is on and when recovery codes were made and used."""
    query = (
        select(RecoveryCode.created_at, RecoveryCode.used_at)
        .where(RecoveryCode.user_id == user.id)
        .order_by(RecoveryCode.id)
    )
    return {
        "enabled_at": user.totp_enabled_at,
        "recovery_codes": [dict(row) for row in db.session.execute(query).mappings()],
    }


def data_requests(user: User) -> Iterator[dict]:
    """Yield the requests about this account's data that reached the town outside the site."""
    query = (
        select(
            DataRequest.id,
            DataRequest.kind,
            DataRequest.channel,
            DataRequest.state,
            DataRequest.requester,
            DataRequest.contact,
            DataRequest.identity_checked,
            DataRequest.received_on,
            DataRequest.due_on,
            DataRequest.notes,
            DataRequest.outcome,
            DataRequest.closed_at,
        )
        .where(DataRequest.user_id == user.id)
        .order_by(DataRequest.received_on, DataRequest.id)
    )
    return stream(query)


def audit_entries(user: User) -> Iterator[dict]:
    """Yield the audit log's entries about the account (roles, verification, suspension…)."""
    actor = aliased(User)
    entry = audit.AuditEntry
    query = (
        select(
            entry.created_at,
            entry.action,
            actor.display_name.label("by"),
            entry.before,
            entry.after,
        )
        .outerjoin(actor, actor.id == entry.actor_id)
        .where(
            entry.target_type == User.__tablename__,
            entry.target_id == user.id,
            # SQLite may give a deleted account's number to a new one: older entries are
            # about the earlier account, not this one.
            entry.created_at >= user.created_at,
        )
        .order_by(entry.created_at, entry.id)
    )
    for row in stream(query):
        yield {**row, "action_label": str(audit.ACTION_LABELS.get(row["action"], row["action"]))}


def account_columns() -> list[tuple[str, str]]:
    """Return (table, column) for every column of every table that refers to an account."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(key.column.table.name == User.__tablename__ for key in column.foreign_keys):
                found.append((table.name, column.name))
    return sorted(found)


def mentions(user: User) -> Iterator[dict]:
    """Yield, for every table and column that can name an account, how many rows name this one
    (also work done in a role, such as answers written for the town)."""
    for table_name, column_name in account_columns():
        column = db.metadata.tables[table_name].c[column_name]
        count = db.session.scalar(select(func.count()).where(column == user.id))
        yield {"table": table_name, "column": column_name, "rows": count}
