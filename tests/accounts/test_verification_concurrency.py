"""Verifying at the same moment on a real, committed database (SQLite file or PostgreSQL):
one person ends with exactly one verified account."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts import roles, services
from participation.accounts.models import User
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from tests import live
from tests.accounts.conftest import id_card
from tests.conftest import PASSWORD

DESKS = 6


@pytest.fixture()
def live_app():
    """An app on its own database where every request really commits."""
    with live.live_app("verification") as app:
        yield app


def accounts(app, prefix: str, count: int, role: Role | None = None) -> list[tuple[int, str]]:
    """Create `count` confirmed accounts; return (id, session token) of each."""
    with app.app_context():
        made = []
        for number in range(count):
            user = services.register(
                f"{prefix}{number}@example.org", f"{prefix} {number}", PASSWORD, "de"
            ).user
            user.confirm_email()
            if role:
                roles.grant(user, role)
            made.append(user)
        db.session.commit()
        return [(user.id, user.session_token) for user in made]


def verified_count(app, action: str = "accounts.verified") -> tuple[int, int]:
    """Return how many accounts are verified and how many verifications were audited."""
    with app.app_context():
        verified = db.session.scalar(
            select(func.count()).select_from(User).where(User.identity_key.is_not(None))
        )
        audited = db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        )
        return verified, audited


def test_one_person_on_several_accounts_at_once_gets_one(live_app):
    desks = accounts(live_app, "schalter", DESKS, Role.STAFF)
    residents = accounts(live_app, "person", DESKS)

    def verify(n):
        client = live.client_for(live_app, desks[n][1])
        response = client.post(f"/verification/{residents[n][0]}", data=id_card())
        return response.status_code, response.text

    results = live.at_once(DESKS, verify)
    statuses = sorted(status for status, _ in results)
    assert statuses == [302] + [409] * (DESKS - 1)
    refusals = [page for status, page in results if status == 409]
    assert all("schon ein anderes Konto bestätigt" in page for page in refusals)
    assert verified_count(live_app) == (1, 1)


def test_one_account_sent_several_times_at_once_is_verified_once(live_app):
    desks = accounts(live_app, "schalter", DESKS, Role.STAFF)
    [(resident, _)] = accounts(live_app, "person", 1)

    def verify(n):
        client = live.client_for(live_app, desks[n][1])
        return client.post(f"/verification/{resident}", data=id_card()).status_code

    assert sorted(live.at_once(DESKS, verify)) == [302] + [409] * (DESKS - 1)
    assert verified_count(live_app) == (1, 1)
    with live_app.app_context():
        user = db.session.get(User, resident)
        assert [grant.role for grant in user.roles] == [Role.VERIFIED]
