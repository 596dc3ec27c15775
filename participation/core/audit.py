"""The audit log: an append-only record of every privileged act."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import UTCDateTime, utcnow
from participation.core.permissions import role_label
from participation.extensions import db


class AuditEntry(db.Model):
    """One privileged act: who did what to which record, with the state before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    target_type: Mapped[str] = mapped_column(String(32), nullable=False)
    target_id: Mapped[int | None]
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    actor = relationship("User", foreign_keys=[actor_id])


def record(action: str, target, *, actor=None, before=None, after=None) -> AuditEntry:
    """Add an audit entry for `action` on `target` (a model instance); the caller commits."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=type(target).__tablename__,
        target_id=target.id,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def entries_query(target_type: str | None = None):
    """Return a select of audit entries, newest first, optionally for one kind of target."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if target_type:
        query = query.where(AuditEntry.target_type == target_type)
    return query


ACTION_LABELS = {"roles.changed": _l("Rollen geändert")}


def audit_label(entry: AuditEntry) -> str:
    """Return the translated name of an audited action."""
    return str(ACTION_LABELS.get(entry.action, entry.action))


def audit_value(data: dict | None) -> str:
    """Return a readable summary of a before/after snapshot."""
    if not data:
        return "–"
    parts = []
    for key, value in data.items():
        if key == "roles":
            labels = [str(role_label(role)) for role in value]
            parts.append(", ".join(labels) if labels else str(_l("keine Rollen")))
        else:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)
