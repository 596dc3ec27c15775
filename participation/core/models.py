"""Declarative base with a naming convention, and small mixins shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored in UTC on every database.

    Naive values are refused on write (their zone is unknown); values read back are aware UTC,
    also from SQLite, which keeps no zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Convert to UTC before writing."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give it a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        """Mark values read back as UTC."""
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Base class of every model; constraint names follow NAMING_CONVENTION."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_column(enum_class, length: int = 16) -> Enum:
    """Store an Enum by its value in a VARCHAR (no database enum type to migrate later)."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class TimestampMixin:
    """Adds `created_at` (set once, UTC)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


def render_migration_item(type_, obj, autogen_context):
    """Write UTCDateTime as a plain timezone-aware DateTime in generated migrations."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# Search objects that migration 0003 creates by hand for one database each: the FTS5 table
# with its shadow tables (SQLite) and the GIN expression index (PostgreSQL). The models do
# not describe them, so comparing models and database must not report them.
SEARCH_TABLE_PREFIX = "proposals_fts"
SEARCH_INDEXES = {"ix_proposals_search"}
# The partial indexes of the proposal list, one per sort order (migration 0015): the column
# order NULLS LAST is spelled per database, which the models cannot say for both.
LISTING_INDEXES = {
    "ix_proposals_listed_newest",
    "ix_proposals_listed_supported",
    "ix_proposals_listed_discussed",
    "ix_proposals_listed_active",
    "ix_proposals_listed_status",
}
HAND_MADE_INDEXES = SEARCH_INDEXES | LISTING_INDEXES


def include_migration_name(name, type_, parent_names) -> bool:
    """Leave the hand-made search and listing objects out of autogenerate and comparison."""
    if type_ == "table" and name and name.startswith(SEARCH_TABLE_PREFIX):
        return False
    return not (type_ == "index" and name in HAND_MADE_INDEXES)
