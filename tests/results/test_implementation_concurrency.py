"""Implementation forms sent at the same moment, on a committed database (a SQLite file or
PostgreSQL): one update form sent many times at once (a nervous double click) adds one update,
audited and told once; the start form sent many times at once starts tracking once; different
updates from several desks all count."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.notifications.models import Notification
from participation.proposals.models import Proposal
from participation.results import implementation as service
from participation.results.models import Implementation, ImplementationUpdate
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app
from tests.results import implementation_fixtures as fx
from tests.results.test_implementation_pages import settings_form, update_form

DESKS = 6


def account(number: int, *roles: Role):
    """Register a confirmed account with `roles`."""
    user = accounts.register(f"umsetzung{number}@example.org", f"Amt {number}", PASSWORD, "de")
    user.user.confirm_email()
    if roles:
        role_service.set_roles(user.user, set(roles), actor=None)
    return user.user


@pytest.fixture()
def desks():
    """An app on its own committed database with DESKS staff members and an accepted proposal
    (its author follows it); returns the app, the staff's session tokens and the proposal."""
    with live_app("implementation") as app:
        with app.app_context():  # left before the test: an open session would hold SQLite's lock
            staff = [account(number, Role.STAFF) for number in range(DESKS)]
            proposal = fx.accepted_proposal(account(DESKS), staff[0])
            db.session.commit()
            tokens, proposal_id = [person.session_token for person in staff], proposal.id
            db.session.rollback()
        yield app, tokens, proposal_id


def counted(app, model) -> int:
    """Return how many rows of `model` the committed database holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def tracked(app, proposal_id: int) -> int:
    """Start tracking the proposal (committed); return the implementation's id."""
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        staff = accounts.find_by_email("umsetzung0@example.org")
        implementation, _created = service.start(proposal, staff, fx.SETTINGS)
        db.session.commit()
        return implementation.id


def test_one_update_form_sent_many_times_at_once_adds_one_update(desks):
    app, tokens, proposal_id = desks
    implementation_id = tracked(app, proposal_id)
    url = f"/implementation/{implementation_id}/updates/new"
    picture = fx.picture("JPEG")

    def send(_n):
        data = update_form(photo=(io.BytesIO(picture), "foto.jpg"), photo_alt="Zwei Bänke")
        client = client_for(app, tokens[0])
        return client.post(url, data=data, content_type="multipart/form-data").status_code

    assert at_once(DESKS, send) == [302] * DESKS
    assert counted(app, ImplementationUpdate) == 1
    with app.app_context():
        told = select(func.count()).where(Notification.kind == "proposal.implementation")
        assert db.session.scalar(told) == 1  # the author, once
        audited = select(func.count()).where(AuditEntry.action == service.UPDATE_ADDED)
        assert db.session.scalar(audited) == 1


def test_different_updates_from_every_desk_all_count(desks):
    app, tokens, proposal_id = desks
    implementation_id = tracked(app, proposal_id)
    url = f"/implementation/{implementation_id}/updates/new"

    def send(n):
        data = update_form(text=f"Neuigkeit vom Schreibtisch {n}.")
        return client_for(app, tokens[n]).post(url, data=data).status_code

    assert at_once(DESKS, send) == [302] * DESKS
    assert counted(app, ImplementationUpdate) == DESKS


def test_the_start_form_sent_many_times_at_once_starts_once(desks):
    app, tokens, proposal_id = desks
    data = settings_form(subject=f"proposal-{proposal_id}")

    def send(n):
        return client_for(app, tokens[n]).post("/implementation/new", data=data).status_code

    assert at_once(DESKS, send) == [302] * DESKS
    assert counted(app, Implementation) == 1
    with app.app_context():
        audited = select(func.count()).where(AuditEntry.action == service.STARTED)
        assert db.session.scalar(audited) == 1
