"""Simultaneous supports on a real, committed database (SQLite file or PostgreSQL)."""

import pytest
from sqlalchemy import func, select

from participation.accounts import services as accounts
from participation.extensions import db
from participation.proposals import services
from participation.proposals.models import Proposal, ProposalSupport
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app


@pytest.fixture()
def app_with_proposal():
    with live_app("supports", PROPOSAL_SUPPORT_THRESHOLD=3) as app:
        with app.app_context():
            author = accounts.register("autorin@example.org", "Autorin", PASSWORD, "de").user
            people = [
                accounts.register(f"p{n}@example.org", f"P {n}", PASSWORD, "de").user
                for n in range(4)
            ]
            proposal = services.create_draft(
                author,
                {
                    "title": "Gleichzeitig",
                    "body": "Text",
                    "category": "Sonstiges",
                    "district": None,
                    "submission_key": None,
                },
                [],
            )
            services.publish(proposal, author)
            ids = proposal.id, [person.session_token for person in people]
            db.session.commit()
        yield app, *ids


def test_one_account_clicking_at_once_leaves_one_support(app_with_proposal):
    app, proposal_id, tokens = app_with_proposal
    url = f"/proposals/{proposal_id}/support"
    statuses = at_once(
        6, lambda n: client_for(app, tokens[0]).post(url, data={"action": "add"}).status_code
    )
    assert statuses == [302] * 6
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(ProposalSupport))
        assert count == 1
        assert db.session.get(Proposal, proposal_id).support_count == 1


def test_many_accounts_at_once_are_counted_exactly_and_reach_the_threshold_once(app_with_proposal):
    app, proposal_id, tokens = app_with_proposal
    url = f"/proposals/{proposal_id}/support"
    statuses = at_once(
        4, lambda n: client_for(app, tokens[n]).post(url, data={"action": "add"}).status_code
    )
    assert statuses == [302] * 4
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        rows = db.session.scalar(select(func.count()).select_from(ProposalSupport))
        # Requests that arrive after the threshold closed the proposal for supports are refused;
        # every support that was stored is counted, none twice.
        assert proposal.support_count == rows >= 3
        assert proposal.status.value == "in_review"
        from participation.proposals.models import EventKind, ProposalEvent

        reached = db.session.scalars(
            select(ProposalEvent).where(ProposalEvent.kind == EventKind.THRESHOLD_REACHED)
        )
        assert len(list(reached)) == 1
