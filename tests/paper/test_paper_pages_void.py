"""Voiding a batch from its page: what will happen is said first, a reason is needed, counted
sheets stay counted, and a batch with nothing left to void says so."""

# ruff: noqa: F811  (the fixtures imported from batch_fixtures are test arguments here)
from __future__ import annotations

from sqlalchemy import select

from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.paper import batches
from participation.paper.models import Sheet, SheetStatus
from tests.paper.batch_fixtures import (  # noqa: F401
    fake_pdf,
    make_batch,
    move_to,
    paper_folder,
    staff,
)


def first_sheet_id(db, batch) -> int:
    """Return the id of the batch's first sheet."""
    query = select(Sheet.id).where(Sheet.batch_id == batch.id, Sheet.number == 1)
    return db.session.scalar(query)


def test_voiding_a_batch_asks_first_and_keeps_counted_sheets(
    client, login_as, db, make_batch, staff
):
    user = login_as(Role.STAFF)
    batch = make_batch(4)
    move_to(db.session.get(Sheet, first_sheet_id(db, batch)), SheetStatus.COUNTED, staff)
    db.session.commit()
    page = client.get(f"/paper/batches/{batch.id}/void").get_data(as_text=True)
    assert "3 Bögen werden ungültig." in page and "bleiben gezählt" in page
    response = client.post(
        f"/paper/batches/{batch.id}/void", data={"reason": "Karton verloren"}, follow_redirects=True
    )
    assert "3 Bögen sind jetzt ungültig." in response.get_data(as_text=True)
    statuses = db.session.scalars(select(Sheet.status).where(Sheet.batch_id == batch.id)).all()
    assert sorted(statuses) == sorted([SheetStatus.COUNTED] + [SheetStatus.VOID] * 3)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "paper.batch_voided"))
    assert entry.actor_id == user.id


def test_voiding_a_batch_needs_a_reason(client, login_as, db, make_batch):
    login_as(Role.STAFF)
    batch = make_batch(2)
    response = client.post(f"/paper/batches/{batch.id}/void", data={"reason": "  "})
    assert response.status_code == 400
    assert "Bitte geben Sie einen Grund an." in response.get_data(as_text=True)
    assert set(db.session.scalars(select(Sheet.status))) == {SheetStatus.ISSUED}


def test_a_batch_with_nothing_left_to_void(client, login_as, db, make_batch, staff):
    login_as(Role.STAFF)
    batch = make_batch(1)
    batches.void_batch(batch, staff, "verloren")
    db.session.commit()
    page = client.get(f"/paper/batches/{batch.id}").get_data(as_text=True)
    assert "Ganzen Stapel ungültig machen" not in page and "Ungültig: 1" in page
    response = client.post(
        f"/paper/batches/{batch.id}/void", data={"reason": "nochmal"}, follow_redirects=True
    )
    assert "schon ungültig oder gezählt" in response.get_data(as_text=True)
