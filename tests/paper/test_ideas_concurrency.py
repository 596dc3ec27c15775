"""Idea cards typed in at the same moment, on a committed database (a SQLite file or
PostgreSQL): the same card at several desks becomes one proposal, a form sent many times at
once (a nervous double click) too, and different cards at many desks all become proposals.
Past the lock, the card's unique code refuses a second proposal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.comments.models import CommentThread
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import ideas, registry
from participation.paper.models import Sheet, SheetEvent, SheetStatus
from participation.proposals.models import Proposal
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app
from tests.paper.idea_fixtures import BASE, TITLE, card_form, print_cards

DESKS = 6


def staff_account(number: int):
    """Register the account of the staff member at desk `number`."""
    user = accounts.register(f"karten{number}@example.org", f"Karten {number}", PASSWORD, "de")
    user.user.confirm_email()
    role_service.set_roles(user.user, {Role.STAFF}, actor=None)
    return user.user


@pytest.fixture()
def desks():
    """An app on its own committed database with DESKS staff members and DESKS idea cards."""
    with live_app("paper_ideas") as app:
        with app.app_context():
            tokens = [staff_account(number).session_token for number in range(DESKS)]
            codes = print_cards(DESKS)
            db.session.commit()
        yield app, tokens, codes


def send(app, token: str, code: str, key: str) -> int:
    """Send the card's form as the staff member of `token`; return the status code."""
    data = card_form(code, submission_key=key)
    return client_for(app, token).post(f"{BASE}/new", data=data).status_code


def outcome(app) -> tuple[int, int, int, list[SheetStatus]]:
    """Return (proposals, transcriptions audited, sheet moves, sheet states by code order)."""
    with app.app_context():
        count = func.count()
        audited = select(count).where(AuditEntry.action == "paper.idea_transcribed")
        states = db.session.scalars(select(Sheet.status).order_by(Sheet.code))
        return (
            db.session.scalar(select(count).select_from(Proposal)),
            db.session.scalar(audited),
            db.session.scalar(select(count).select_from(SheetEvent)),
            list(states),
        )


def test_the_same_card_at_every_desk_at_once_becomes_one_proposal(desks):
    app, tokens, codes = desks
    statuses = at_once(DESKS, lambda n: send(app, tokens[n], codes[0], f"desk-{n}"))
    assert sorted(statuses) == [302] + [409] * (DESKS - 1)
    proposals, audited, moves, _states = outcome(app)
    assert (proposals, audited, moves) == (1, 1, 2)


def test_one_form_sent_many_times_at_once_makes_one_proposal(desks):
    app, tokens, codes = desks
    statuses = at_once(DESKS, lambda n: send(app, tokens[0], codes[0], "one-form"))
    assert statuses == [302] * DESKS
    proposals, audited, moves, _states = outcome(app)
    assert (proposals, audited, moves) == (1, 1, 2)


def test_different_cards_at_every_desk_at_once_all_become_proposals(desks):
    app, tokens, codes = desks
    statuses = at_once(DESKS, lambda n: send(app, tokens[n], codes[n], f"desk-{n}"))
    assert statuses == [302] * DESKS
    proposals, audited, moves, states = outcome(app)
    assert (proposals, audited, moves) == (DESKS, DESKS, 2 * DESKS)
    assert states == [SheetStatus.COUNTED] * DESKS


def test_past_the_lock_the_database_refuses_a_second_proposal_from_a_card(db, make_user):
    staff, [code] = make_user(roles=(Role.STAFF,)), print_cards(1)
    fields = {"title": TITLE, "body": "Text.", "category": "Sonstiges"}
    ideas.transcribe(ideas.Card(code, {**fields, "submission_key": "a"}, None), staff)
    threads = db.session.scalar(select(func.count()).select_from(CommentThread))
    sheet = db.session.scalar(select(Sheet).where(Sheet.code == code))
    card = ideas.Card(code, {**fields, "submission_key": "b"}, None)
    with pytest.raises(registry.SheetRefused) as refused:
        ideas.create(card, sheet, staff)  # as if two requests had both passed the lock
    assert refused.value.reason == "counted"
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 1
    assert db.session.scalar(select(func.count()).select_from(CommentThread)) == threads
