"""Deleting one account twice at the same moment (a double click, two browsers, the person and
an admin): it is deleted once, counted once, audited once, and neither request fails."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from participation.accounts import reauth, services
from participation.accounts.models import User
from participation.comments.threads import create_thread
from participation.core.audit import AuditEntry
from participation.extensions import db
from participation.proposals import supports
from participation.proposals.models import Proposal, ProposalStatus
from tests import live
from tests.conftest import PASSWORD

DATA = {"delete-contributions": "remove", "delete-confirm": "y"}


@pytest.fixture()
def live_app():
    """An app on its own database where every request really commits."""
    with live.live_app("deletion") as app:
        yield app


def person_with_a_support(app) -> tuple[int, str, int]:
    """Write an account that supports someone else's proposal; return their ids and token."""
    with app.app_context():
        author = services.register("autorin@example.org", "Autorin", PASSWORD, "de").user
        person = services.register("doppelt@example.org", "Doppelt", PASSWORD, "de").user
        author.confirm_email()
        person.confirm_email()
        db.session.flush()
        proposal = Proposal(
            author_id=author.id,
            thread_id=create_thread("proposal").id,
            title="Ein Vorschlag",
            body="Text",
            body_html="<p>Text</p>",
            category="Sonstiges",
            status=ProposalStatus.PUBLISHED,
        )
        db.session.add(proposal)
        db.session.flush()
        supports.add_support(proposal, person)
        db.session.commit()
        return person.id, person.session_token, proposal.id


def confirmed_client(app, user_id: int, token: str):
    """A browser signed in as the account (it has been here before, so it has its row of
    signed-in browsers), with a fresh password confirmation."""
    client = live.client_for(app, token)
    with client.session_transaction() as session:
        session[reauth.SESSION_KEY] = {"user": user_id, "at": int(time.time())}
    assert client.get("/account/data/").status_code == 200
    return client


def test_two_deletions_at_once_delete_count_and_audit_once(live_app):
    person_id, token, proposal_id = person_with_a_support(live_app)
    clients = [confirmed_client(live_app, person_id, token) for _ in range(2)]
    statuses = live.at_once(2, lambda n: clients[n].post("/account/data/delete", data=DATA))
    assert [response.status_code for response in statuses] == [302, 302]
    with live_app.app_context():
        assert db.session.get(User, person_id) is None
        audited = select(func.count()).where(AuditEntry.action == "account.deleted")
        assert db.session.scalar(audited) == 1
        assert db.session.get(Proposal, proposal_id).support_count == 0
