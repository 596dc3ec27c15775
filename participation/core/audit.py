"""The audit log: an append-only record of every privileged act.

Features name their audited acts and the kinds of record they touch in two registries, so the
log page can label and filter them without core knowing every feature:
`register_actions({"moderation.hide": _l("Beitrag ausgeblendet")})` and
`register_target_types({"reports": _l("Meldung")})`, called from the feature's `init_app`.

Append-only from the application: ORM events refuse to change or delete an entry (also by
UPDATE or DELETE statements run through a session). Only the database itself clears the actor
(ON DELETE SET NULL) when an account is deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Select, String, event, func, or_, select
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship

from participation.core.models import UTCDateTime, utcnow
from participation.core.permissions import role_label
from participation.extensions import db

ACTION_MAX, TARGET_TYPE_MAX = 64, 32  # column sizes


class AuditEntry(db.Model):
    """One privileged act: who did what to which record, with the state before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, nullable=False, index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(ACTION_MAX), nullable=False)
    target_type: Mapped[str] = mapped_column(String(TARGET_TYPE_MAX), nullable=False)
    target_id: Mapped[int | None]
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    actor = relationship("User", foreign_keys=[actor_id])


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete an audit entry through the application."""


@event.listens_for(AuditEntry, "before_update")
def refuse_update(mapper, connection, target) -> None:
    """Refuse to change an entry (the database's ON DELETE SET NULL of the actor still works:
    it is no ORM update)."""
    raise AppendOnlyError("audit entries cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def refuse_delete(mapper, connection, target) -> None:
    """Refuse to delete an entry."""
    raise AppendOnlyError("audit entries cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def refuse_bulk_change(state) -> None:
    """Refuse UPDATE and DELETE statements on the log run through a session."""
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and mapper.class_ is AuditEntry:
        raise AppendOnlyError("audit entries cannot be changed or deleted")


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


def whole_table(name: str):
    """Return the target of an act on many rows of table `name` (a purge, an export): the
    entry names the table and no single row."""
    return type("WholeTable", (), {"__tablename__": name, "id": None})()


# The registries: action or table name → lazy label. Plain module-level dicts (the labels never
# change while the process runs); features add to them when the app is built.
Label = LazyString | str  # lazy, so each page shows it in the visitor's language

ACTION_LABELS: dict[str, Label] = {"roles.changed": _l("Rollen geändert")}
TARGET_TYPE_LABELS: dict[str, Label] = {
    "users": _l("Konto"),
    "comments": _l("Kommentar"),
    "comment_threads": _l("Diskussion"),
    "proposals": _l("Vorschlag"),
}


def _register(registry: dict[str, Label], labels: Mapping[str, Label], max_length: int) -> None:
    """Add `labels` to `registry`, refusing keys the audit_log column cannot hold."""
    too_long = [key for key in labels if not key or len(key) > max_length]
    if too_long:
        raise ValueError(f"audit keys must be 1 to {max_length} characters: {too_long}")
    registry.update(labels)


def register_actions(labels: Mapping[str, Label]) -> None:
    """Name audited actions, e.g. {"moderation.hide": _l("Beitrag ausgeblendet")}."""
    _register(ACTION_LABELS, labels, ACTION_MAX)


def register_target_types(labels: Mapping[str, Label]) -> None:
    """Name the kinds of record audited acts touch, by table: {"reports": _l("Meldung")}."""
    _register(TARGET_TYPE_LABELS, labels, TARGET_TYPE_MAX)


def _choices(registry: dict[str, Label]) -> list[tuple[str, str]]:
    """Return (key, translated label) pairs, sorted by label in the current language."""
    return sorted(((key, str(label)) for key, label in registry.items()), key=lambda c: c[1])


def action_choices() -> list[tuple[str, str]]:
    """Return the registered actions as (key, label), sorted by label."""
    return _choices(ACTION_LABELS)


def target_type_choices() -> list[tuple[str, str]]:
    """Return the registered target types as (key, label), sorted by label."""
    return _choices(TARGET_TYPE_LABELS)


def target_type_label(target_type: str) -> str:
    """Return the translated name of a kind of record (the table name if unregistered)."""
    return str(TARGET_TYPE_LABELS.get(target_type, target_type))


@dataclass(frozen=True)
class AuditFilters:
    """Validated filters for the log; None or "" means "not filtered". Dates are whole days."""

    action: str | None = None
    target_type: str | None = None
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None
    target_id: int | None = None

    @property
    def active(self) -> bool:
        """Whether anything narrows the log."""
        return any(asdict(self).values())

    def args(self) -> dict[str, str]:
        """Return the filters as URL query arguments (empty ones left out)."""
        return {key: str(value) for key, value in asdict(self).items() if value}


def entries_query(
    target_type: str | None = None, filters: AuditFilters | None = None, zone: tzinfo | None = None
) -> Select:
    """Return a select of audit entries with their actors, newest first, optionally filtered.

    `zone` is the time zone the filter dates are read in (required when they are set).
    """
    query = (
        select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if target_type:
        query = query.where(AuditEntry.target_type == target_type)
    if filters:
        query = query.where(*conditions(filters, zone))
    return query


def conditions(filters: AuditFilters, zone: tzinfo | None) -> list:
    """Return the WHERE terms for `filters`."""
    terms = []
    for column, value in (
        (AuditEntry.action, filters.action),
        (AuditEntry.target_type, filters.target_type),
        (AuditEntry.target_id, filters.target_id),
    ):
        if value not in (None, ""):
            terms.append(column == value)
    if filters.actor:
        terms.append(actor_matches(filters.actor))
    if filters.date_from:
        terms.append(AuditEntry.created_at >= day_start(filters.date_from, zone))
    if filters.date_to:
        terms.append(AuditEntry.created_at < day_start(filters.date_to + timedelta(days=1), zone))
    return terms


def actor_matches(text: str):
    """Return a term for entries whose actor's name or address contains `text`, any case."""
    from participation.accounts.models import User  # core must not import features at load

    needle = text.strip().lower()
    return AuditEntry.actor.has(
        or_(
            func.lower(User.email).contains(needle, autoescape=True),
            func.lower(User.display_name).contains(needle, autoescape=True),
        )
    )


def day_start(day: date, zone: tzinfo | None) -> datetime:
    """Return midnight at the start of `day` in `zone`, as an aware datetime."""
    if zone is None:
        raise ValueError("filtering by date needs a time zone")
    return datetime.combine(day, time.min, tzinfo=zone)


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
