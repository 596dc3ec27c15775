"""The audit log as CSV: the page's filters, spreadsheet-ready, streamed in chunks, itself
audited; and the log is append-only from the application."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from participation.core import audit, audit_csv
from participation.core.audit import AppendOnlyError, AuditEntry
from participation.extensions import db as _db

WHEN = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture()
def admin(login_as):
    return login_as("admin", display_name="Ada Admin")


@pytest.fixture()
def make_entry(db):
    """Factory: make_entry(mark, action=..., actor=..., at=..., after=...)."""

    def factory(mark, action="thread.closed", actor=None, at=WHEN, after=None):
        entry = AuditEntry(
            action=action,
            target_type="comment_threads",
            target_id=7,
            actor_id=actor.id if actor else None,
            created_at=at,
            after=after or {"mark": mark},
        )
        db.session.add(entry)
        db.session.flush()
        return entry

    return factory


def rows(response) -> list[list[str]]:
    """Return the CSV's rows (header first), checking the byte order mark and semicolons."""
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def marks(table: list[list[str]]) -> list[str]:
    """Return the marks of the listed entries (their "after" states), top to bottom."""
    return [json.loads(row[8])["mark"] for row in table[1:] if '"mark"' in row[8]]


def test_the_export_lists_every_entry_newest_first_for_spreadsheets(client, admin, make_entry):
    make_entry("old", at=WHEN - timedelta(days=1))
    make_entry("new", actor=admin)
    response = client.get("/admin/audit.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert 'attachment; filename="protokoll-' in response.headers["Content-Disposition"]
    table = rows(response)
    assert table[0] == [
        "Zeitpunkt",
        "Nr. des Kontos",
        "Wer",
        "Was",
        "Schlüssel der Handlung",
        "Betrifft",
        "Nummer",
        "Vorher",
        "Nachher",
    ]
    assert marks(table) == ["new", "old"]
    new = next(row for row in table if '"new"' in row[8])
    assert new[:7] == [
        "2026-03-10 13:00:00",  # in the town's time zone
        str(admin.id),
        "Ada Admin",
        "Diskussion geschlossen",
        "thread.closed",
        "Diskussion",
        "7",
    ]


def test_the_export_takes_the_filters_of_the_page(client, admin, make_entry):
    make_entry("closed", action="thread.closed")
    make_entry("reopened", action="thread.reopened")
    make_entry("earlier", action="thread.reopened", at=WHEN - timedelta(days=5))
    page = client.get("/admin/audit?action=thread.reopened&date_from=2026-03-09")
    assert "/admin/audit.csv?action=thread.reopened&amp;date_from=2026-03-09" in page.text
    response = client.get("/admin/audit.csv?action=thread.reopened&date_from=2026-03-09")
    assert marks(rows(response)) == ["reopened"]


def test_wrong_filters_go_back_to_the_page_that_explains_them(client, admin):
    response = client.get("/admin/audit.csv?date_from=gestern", follow_redirects=True)
    assert response.status_code == 400
    assert response.request.path == "/admin/audit"
    assert "Bitte geben Sie ein Datum ein" in response.text
    assert 'value="gestern"' in response.text


def test_formulas_are_defused(client, admin, make_entry):
    make_entry("formel", actor=None, after={"mark": "formel", "title": "=HYPERLINK(1)"})
    admin.display_name = "=SUMME(A1)"
    _db.session.flush()
    make_entry("by-admin", actor=admin)
    table = rows(client.get("/admin/audit.csv"))
    assert "'=SUMME(A1)" in [row[2] for row in table]


def test_the_export_streams_in_chunks(client, admin, make_entry, monkeypatch):
    monkeypatch.setattr(audit_csv, "CHUNK", 3)
    for number in range(8):  # same time: the id decides the order
        make_entry(f"m{number}")
    response = client.get("/admin/audit.csv?action=thread.closed")
    assert response.is_streamed
    assert marks(rows(response)) == [f"m{number}" for number in reversed(range(8))]


def test_the_download_is_audited(client, admin, db):
    client.get("/admin/audit.csv?action=thread.closed&actor=ada").get_data()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "audit.exported"))
    assert entry.actor_id == admin.id and entry.target_type == "audit_log"
    assert entry.after == {"action": "thread.closed", "actor": "ada"}
    page = client.get("/admin/audit?action=audit.exported")
    assert "Protokoll als CSV heruntergeladen" in page.text


@pytest.mark.parametrize("role", [None, "resident", "staff", "moderator", "council"])
def test_only_admins_may_download(client, login_as, role):
    if role:
        login_as(role)
    response = client.get("/admin/audit.csv")
    assert response.status_code == (302 if role is None else 403)


# --- append-only ------------------------------------------------------------------------------


def test_entries_cannot_be_changed_through_the_orm(db, make_entry):
    entry = make_entry("fest")
    entry.action = "roles.changed"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_entries_cannot_be_deleted_through_the_orm(db, make_entry):
    entry = make_entry("fest")
    db.session.delete(entry)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("statement", [update(AuditEntry).values(action="x"), delete(AuditEntry)])
def test_bulk_statements_on_the_log_are_refused(db, make_entry, statement):
    make_entry("fest")
    with pytest.raises(AppendOnlyError):
        db.session.execute(statement)


def test_deleting_the_actor_keeps_the_entry_without_them(db, make_user):
    actor = make_user()
    entry = audit.record("roles.changed", actor, actor=actor, after={"roles": []})
    db.session.flush()
    entry_id = entry.id
    db.session.delete(actor)
    db.session.flush()
    db.session.expire_all()
    kept = db.session.get(AuditEntry, entry_id)
    assert kept is not None and kept.actor_id is None and kept.after == {"roles": []}
