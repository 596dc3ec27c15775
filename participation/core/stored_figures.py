"""Stored figures: aggregated results kept per subject and variant with the results version
they were computed at (core/results_versions.py), used only while the subject still has that
version, otherwise computed again and stored.

The row is written in the reader's transaction, so it commits (or rolls back) together with
everything the figures were computed from; the pages that read figures commit. The version is
read before computing: a write that lands during the computation raises it, so the row is
stored already stale and the next reader computes again. Two readers storing the same key at
once both succeed (INSERT … ON CONFLICT DO UPDATE), and an older computation never replaces a
newer one. Payloads are plain JSON written and read by explicit functions of each feature.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import JSON, Integer, String, and_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.models import UTCDateTime, utcnow
from participation.extensions import db

T = TypeVar("T")


class StoredFiguresMixin:
    """The columns of a stored-figures table; the model adds its subject's key (a foreign
    key ON DELETE CASCADE, part of the primary key) and names it in `subject_key`."""

    subject_key: str
    variant: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    payload: Mapped[Any] = mapped_column(JSON, nullable=False)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


@dataclass(frozen=True)
class FigureStore:
    """Stored figures of one kind of subject: `model` keeps them for rows of `subject`."""

    model: type
    subject: type

    def lookup(self, subject_id: int, variant: str) -> tuple[int | None, Any]:
        """Return (the subject's version, the payload stored at it or None) in one query;
        (None, None) when the subject is not in the database."""
        stored, key = self.model, getattr(self.model, self.model.subject_key)
        query = (
            select(self.subject.results_version, stored.version, stored.payload)
            .select_from(self.subject)
            .outerjoin(stored, and_(key == self.subject.id, stored.variant == variant))
            .where(self.subject.id == subject_id)
        )
        row = db.session.execute(query).one_or_none()
        if row is None:
            return None, None
        current, version, payload = row
        return current, payload if version == current else None

    def store(self, subject_id: int, variant: str, version: int, payload: Any) -> None:
        """Insert or replace the figures of (subject, variant), unless a newer computation
        stored them already."""
        table = self.model.__table__
        dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
        values = {
            self.model.subject_key: subject_id,
            "variant": variant,
            "version": version,
            "payload": payload,
            "computed_at": utcnow(),
        }
        statement = dialect.insert(table).values(**values)
        new = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=[self.model.subject_key, "variant"],
            set_={"version": new.version, "payload": new.payload, "computed_at": new.computed_at},
            where=table.c.version <= new.version,
        )
        # IntegrityError: the subject was deleted meanwhile, so there is nothing to keep.
        with suppress(IntegrityError), db.session.begin_nested():
            db.session.execute(statement)

    def get(
        self,
        subject_id: int,
        variant: str,
        compute: Callable[[], T],
        encode: Callable[[T], Any],
        decode: Callable[[Any], T],
    ) -> T:
        """Return the stored figures if still current, else compute and store them."""
        version, payload = self.lookup(subject_id, variant)
        if payload is not None:
            return decode(payload)
        value = compute()
        if version is not None:
            self.store(subject_id, variant, version, encode(value))
        return value


def number_to_json(value):
    """Return a number from SQL as JSON that gives back the same value and type."""
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, float) and not math.isfinite(value):
        return {"float": repr(value)}
    return value


def number_from_json(value):
    """Return the number number_to_json wrote."""
    if isinstance(value, dict):
        return Decimal(value["decimal"]) if "decimal" in value else float(value["float"])
    return value
