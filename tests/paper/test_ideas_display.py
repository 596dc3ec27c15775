"""Proposals typed in from paper idea cards, as everyone sees them: marked "auf Papier
eingereicht" with the agreed name (or without one) on the page, in the list and in the feed;
nobody edits them as their author; staff answers, supports and comments work as usual; a card
the moderation holds waits for a moderator like an online proposal."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from participation.core.permissions import Role
from participation.moderation.models import Cause, HoldRule, ModerationItem
from participation.notifications.models import Notification
from participation.paper import ideas
from participation.proposals.models import ModerationState, Proposal, ProposalStatus
from tests.paper import idea_fixtures

clerk, cards = idea_fixtures.clerk, idea_fixtures.cards
ATOM = "{http://www.w3.org/2005/Atom}"
NAMED = "Auf Papier eingereicht von Erika Muster"
NAMELESS = "Auf Papier eingereicht, ohne Namen"


@pytest.fixture()
def transcribe(db, clerk, app):
    """transcribe(code, name=None, **fields) → the proposal the clerk typed in from a card."""

    def make(code: str, name: str | None = None, **fields) -> Proposal:
        form = idea_fixtures.card_form(code, **fields)
        card = ideas.Card(code=code, fields=form, author_name=name)
        with app.test_request_context():
            proposal = ideas.transcribe(card, clerk)
        db.session.flush()
        return proposal

    return make


def page_of(client, proposal: Proposal) -> str:
    """Return the HTML of the proposal's page."""
    response = client.get(f"/proposals/{proposal.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_names_the_paper_origin_and_the_agreed_name(client, transcribe, cards):
    named = transcribe(cards[0], "Erika Muster")
    nameless = transcribe(cards[1], title="Bänke im Stadtpark")
    assert NAMED in page_of(client, named)
    page = page_of(client, nameless)
    assert NAMELESS in page
    assert "gelöschtem Konto" not in page and "Erika" not in page


def test_the_list_cards_name_the_paper_origin(client, transcribe, cards, make_user):
    transcribe(cards[0], "Erika Muster", title="Trinkbrunnen am Markt")
    transcribe(cards[1], title="Bänke im Stadtpark")
    page = client.get("/proposals/").get_data(as_text=True)
    assert NAMED in page and NAMELESS in page
    assert page.count("proposal-origin") == 2


def test_the_feed_names_the_paper_origin(client, transcribe, cards):
    transcribe(cards[0], "Erika & Co", body="Ein Trinkbrunnen.")
    transcribe(cards[1], body="Neue Bänke.")
    feed = ET.fromstring(client.get("/proposals/feed.atom").data)
    summaries = sorted(entry.findtext(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry"))
    assert summaries == [
        "Auf Papier eingereicht von Erika & Co. Ein Trinkbrunnen.",
        f"{NAMELESS}. Neue Bänke.",
    ]


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.STAFF, Role.MODERATOR, Role.ADMIN])
def test_nobody_edits_or_withdraws_a_paper_proposal(client, login_as, transcribe, cards, role):
    proposal = transcribe(cards[0])
    if role is not None:
        login_as(role)
    page = page_of(client, proposal)
    assert f"/proposals/{proposal.id}/edit" not in page and "Ihr Vorschlag" not in page
    edit = client.get(f"/proposals/{proposal.id}/edit")
    withdraw = client.post(f"/proposals/{proposal.id}/withdraw", data={"confirm": "y"})
    expected = 302 if role is None else 403
    assert (edit.status_code, withdraw.status_code) == (expected, expected)


def test_staff_answer_a_paper_proposal_as_usual(client, login_as, transcribe, cards, db):
    proposal = transcribe(cards[0])
    login_as(Role.STAFF)
    assert 'id="staff-answer"' in page_of(client, proposal)
    data = {"status": "in_review", "answer": "Wir prüfen das.", "department": "Bauamt"}
    response = client.post(f"/proposals/{proposal.id}/answer", data=data)
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert "Wir prüfen das." in page_of(client, proposal)


def test_residents_support_and_comment_and_nobody_is_told_as_author(
    client, login_as, transcribe, cards, db
):
    proposal = transcribe(cards[0])
    resident = login_as(Role.RESIDENT)
    assert 'value="add"' in page_of(client, proposal)
    assert client.post(f"/proposals/{proposal.id}/support").status_code == 302
    thread = f"/comments/thread/{proposal.thread_id}"
    assert client.post(thread, data={"body": "Gute Idee!"}).status_code == 302
    db.session.refresh(proposal)
    assert (proposal.support_count, proposal.comment_count) == (1, 1)
    recipients = set(db.session.scalars(select(Notification.recipient_id)))
    assert recipients <= {resident.id}


# --- moderation -------------------------------------------------------------------------------


@pytest.fixture()
def blocked_word(app, monkeypatch):
    """Hold posts with the word "Schimpfwort"."""
    monkeypatch.setitem(app.config, "MODERATION_BLOCKED_WORDS", ["Schimpfwort"])


def held_item(db, proposal: Proposal) -> ModerationItem | None:
    """Return the open moderation item of the proposal, if any."""
    query = select(ModerationItem).where(
        ModerationItem.subject_id == proposal.id, ModerationItem.is_open.is_(True)
    )
    return db.session.scalar(query)


def test_a_card_with_a_blocked_word_waits_for_the_moderation(
    client, login_as, transcribe, cards, db, blocked_word
):
    proposal = transcribe(cards[0], body="Ein Schimpfwort steht auf der Karte.")
    item = held_item(db, proposal)
    assert proposal.moderation_state is ModerationState.PENDING
    assert (item.cause, item.hold_rule, item.author_id) == (Cause.HELD, HoldRule.BLOCKED_WORD, None)
    assert client.get(f"/proposals/{proposal.id}").status_code == 404
    assert idea_fixtures.TITLE not in client.get("/proposals/").get_data(as_text=True)
    login_as(Role.MODERATOR)
    queue = client.get("/moderation/").get_data(as_text=True)
    assert NAMELESS in queue
    page = client.get(f"/moderation/items/{item.id}").get_data(as_text=True)
    assert NAMELESS in page and 'value="approve"' in page and 'value="suspend"' not in page
    response = client.post(
        f"/moderation/items/{item.id}", data={"version": item.version, "action": "approve"}
    )
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.moderation_state is ModerationState.SHOWN


def test_where_new_accounts_wait_every_card_waits(transcribe, cards, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_FIRST_POSTS", 1)
    proposal = transcribe(cards[0])
    assert proposal.moderation_state is ModerationState.PENDING
    assert held_item(db, proposal).hold_rule is HoldRule.NEW_ACCOUNT


def test_a_card_in_a_premoderated_category_waits(transcribe, cards, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_CATEGORIES", ["Sonstiges"])
    held, shown = transcribe(cards[0]), transcribe(cards[1], category="Kultur und Tourismus")
    assert held.moderation_state is ModerationState.PENDING
    assert shown.moderation_state is ModerationState.SHOWN


def test_the_clerk_is_told_when_a_card_waits(client, transcribe, cards, clerk, blocked_word):
    proposal = transcribe(cards[0], body="Schimpfwort")
    with client.session_transaction() as session:
        session["_user_id"] = clerk.session_token
    page = client.get(f"{idea_fixtures.BASE}/new?done={proposal.id}").get_data(as_text=True)
    assert "wartet auf die Freigabe durch die Moderation" in page
    assert f'href="/proposals/{proposal.id}"' not in page  # staff cannot open a held proposal
    assert "Wartet auf Freigabe" in page
