"""The audit log as CSV for admins, with the same filters as the log page, streamed in chunks
(keyset pagination in the page's order, so a long log never sits in memory).

Made for spreadsheets in German offices: UTF-8 with a byte order mark and semicolons. Texts
that start like a formula get an apostrophe, so a spreadsheet shows them instead of running
them. The states before and after are written as JSON, exactly as stored.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import tzinfo

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_

from participation.core import audit
from participation.core.audit import AuditEntry
from participation.extensions import db

CHUNK = 1000  # entries per chunk
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORTED = "audit.exported"
audit.register_actions({EXPORTED: _l("Protokoll als CSV heruntergeladen")})
audit.register_target_types({"audit_log": _l("Protokoll")})


def safe(text: str) -> str:
    """Return a cell text a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def snapshot(data: dict | None) -> str:
    """Return a before/after state as JSON ("" when there is none)."""
    if not data:
        return ""
    return safe(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str))


@dataclass(frozen=True)
class Words:
    """The texts of the CSV in the visitor's language, taken while the request runs (the
    stream runs after it, in an app context of its own)."""

    header: tuple[str, ...]
    system: str
    actions: dict[str, str]
    targets: dict[str, str]


def words() -> Words:
    """Return the column names and labels in the visitor's language."""
    return Words(
        header=(
            _("Zeitpunkt"),
            _("Nr. des Kontos"),
            _("Wer"),
            _("Was"),
            _("Schlüssel der Handlung"),
            _("Betrifft"),
            _("Nummer"),
            _("Vorher"),
            _("Nachher"),
        ),
        system=_("System"),
        actions={key: str(label) for key, label in audit.ACTION_LABELS.items()},
        targets={key: str(label) for key, label in audit.TARGET_TYPE_LABELS.items()},
    )


def row(entry: AuditEntry, zone: tzinfo, text: Words) -> list:
    """Return one entry as cells."""
    actor = entry.actor
    return [
        entry.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
        entry.actor_id if entry.actor_id is not None else "",
        safe(actor.display_name) if actor is not None else text.system,
        safe(text.actions.get(entry.action, entry.action)),
        entry.action,
        text.targets.get(entry.target_type, entry.target_type),
        entry.target_id if entry.target_id is not None else "",
        snapshot(entry.before),
        snapshot(entry.after),
    ]


def chunk(filters: audit.AuditFilters, zone: tzinfo, after: tuple | None) -> list[AuditEntry]:
    """Return the next CHUNK entries after (created_at, id) `after`, newest first."""
    query = audit.entries_query(filters=filters, zone=zone)
    if after is not None:
        at, last_id = after
        query = query.where(
            or_(
                AuditEntry.created_at < at,
                and_(AuditEntry.created_at == at, AuditEntry.id < last_id),
            )
        )
    return list(db.session.scalars(query.limit(CHUNK)))


def csv_chunks(app: Flask, filters: audit.AuditFilters, zone: tzinfo) -> Iterator[str]:
    """Return the CSV as an iterator of pieces: the header, then CHUNK entries at a time. Each
    piece is read in an app context (and database session) of its own, opened and closed
    between two pieces, so the stream runs after the request ended and holds no context while
    the client reads."""
    text = words()  # in the request: the visitor's language

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(text.header)
        yield "\ufeff" + take(buffer)
        after = None
        while True:
            with app.app_context():
                entries = chunk(filters, zone, after)
                writer.writerows(row(entry, zone, text) for entry in entries)
                after = (entries[-1].created_at, entries[-1].id) if entries else None
            if after is None:
                return
            yield take(buffer)

    return generate()


def take(buffer: io.StringIO) -> str:
    """Return what the buffer holds and empty it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
