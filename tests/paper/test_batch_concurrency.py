"""Voiding at the same moment, on a committed database (a SQLite file or PostgreSQL): two staff
members voiding one batch void each sheet once, and a counted sheet stays counted."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import batches, registry
from participation.paper.models import Sheet, SheetEvent, SheetKind, SheetStatus
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app


def staff_account(number: int):
    """Register a confirmed staff account."""
    user = accounts.register(f"papier{number}@example.org", f"P {number}", PASSWORD, "de").user
    user.confirm_email()
    role_service.set_roles(user, {Role.STAFF}, actor=None)
    return user


@pytest.fixture()
def live_batch():
    """An app on its own committed database with a batch of 40 idea cards (one counted) and
    two staff members."""
    with live_app("paper_void") as app:
        with app.app_context():
            staff = [staff_account(number) for number in range(2)]
            batch = batches.create_batch(SheetKind.IDEA, None, 40, staff=staff[0])
            batches.requested_prints()
            counted = db.session.scalar(select(Sheet).where(Sheet.batch_id == batch.id).limit(1))
            for status in (SheetStatus.RETURNED, SheetStatus.ENTERED, SheetStatus.COUNTED):
                registry.move(counted, status, staff[0])
            tokens, ids = [user.session_token for user in staff], (batch.id, counted.id)
            db.session.commit()
        yield app, ids, tokens


def test_two_voids_of_one_batch_at_once_void_each_sheet_once(live_batch):
    app, (batch_id, counted_id), tokens = live_batch
    url = f"/paper/batches/{batch_id}/void"
    statuses = at_once(
        2, lambda n: client_for(app, tokens[n]).post(url, data={"reason": f"Nr. {n}"}).status_code
    )
    assert statuses == [302, 302]
    with app.app_context():
        voids = Counter(
            db.session.scalars(
                select(SheetEvent.sheet_id).where(SheetEvent.to_status == SheetStatus.VOID)
            )
        )
        statuses = dict(db.session.execute(select(Sheet.id, Sheet.status)).all())
        audits = db.session.scalars(
            select(AuditEntry.after).where(AuditEntry.action == "paper.batch_voided")
        ).all()
    assert len(voids) == 39 and set(voids.values()) == {1}
    assert statuses.pop(counted_id) is SheetStatus.COUNTED
    assert set(statuses.values()) == {SheetStatus.VOID}
    assert [entry["voided"] for entry in audits] == [39]  # the second found nothing left


def test_two_voids_of_one_sheet_at_once_void_it_once(live_batch):
    app, (batch_id, counted_id), tokens = live_batch
    with app.app_context():
        sheet_id = db.session.scalar(
            select(Sheet.id).where(Sheet.batch_id == batch_id, Sheet.id != counted_id).limit(1)
        )
    url = f"/paper/sheets/{sheet_id}/void"
    statuses = at_once(
        2, lambda n: client_for(app, tokens[n]).post(url, data={"reason": f"Nr. {n}"}).status_code
    )
    assert statuses == [302, 302]
    with app.app_context():
        events = db.session.scalars(select(SheetEvent).where(SheetEvent.sheet_id == sheet_id)).all()
        audits = db.session.scalars(
            select(AuditEntry.id).where(AuditEntry.action == "paper.sheet_voided")
        ).all()
    assert [event.to_status for event in events] == [SheetStatus.VOID]
    assert len(audits) == 1
