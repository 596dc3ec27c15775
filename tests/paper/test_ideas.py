"""Typing in paper idea cards: a card becomes a published proposal on paper, the name only with
the author's consent, refusals that keep what was typed, a form sent twice, access per role."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from participation.core.audit import AuditEntry
from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.paper import codes, registry
from participation.paper.models import Sheet, SheetStatus
from participation.proposals import services as proposal_services
from participation.proposals.models import (
    EventKind,
    ModerationState,
    Proposal,
    ProposalEvent,
    ProposalStatus,
)
from tests.access import ROLES, role_id
from tests.paper import idea_fixtures

clerk, cards, ballot_code = idea_fixtures.clerk, idea_fixtures.cards, idea_fixtures.ballot_code
BASE, TITLE, BODY, card_form = (
    idea_fixtures.BASE,
    idea_fixtures.TITLE,
    idea_fixtures.BODY,
    idea_fixtures.card_form,
)


@pytest.fixture()
def signed_in_clerk(client, clerk):
    """The clerk, signed in on `client`."""
    with client.session_transaction() as session:
        session["_user_id"] = clerk.session_token
    return clerk


def send(client, card: str, **changes):
    """Send the form of the card `card` (its code), with `changes`."""
    return client.post(f"{BASE}/new", data=card_form(card, **changes))


def paper_proposals(db) -> list[Proposal]:
    """Return every proposal that came in on paper."""
    query = select(Proposal).where(Proposal.channel == Channel.PAPER).order_by(Proposal.id)
    return list(db.session.scalars(query))


def sheet_of(db, code: str) -> Sheet:
    """Return the registry's sheet of `code`, as it is now."""
    db.session.expire_all()
    return db.session.scalar(select(Sheet).where(Sheet.code == code))


def text_of(response) -> str:
    """Return the page's HTML."""
    return response.get_data(as_text=True)


def field_value(page: str, name: str) -> str | None:
    """Return the value attribute of the input called `name` (None when it has none)."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else None


# --- a card becomes a proposal ----------------------------------------------------------------


def test_a_card_becomes_a_published_proposal_on_paper(client, db, signed_in_clerk, cards):
    response = send(client, cards[0])
    [proposal] = paper_proposals(db)
    assert response.status_code == 302
    assert response.location.endswith(f"{BASE}/new?done={proposal.id}")
    assert (proposal.title, proposal.body, proposal.category) == (TITLE, BODY, "Sonstiges")
    assert proposal.sheet_code == cards[0] and proposal.author_id is None
    assert proposal.paper_author_name is None
    assert proposal.status is ProposalStatus.PUBLISHED and proposal.published_at is not None
    assert proposal.moderation_state is ModerationState.SHOWN
    [event] = db.session.scalars(
        select(ProposalEvent).where(ProposalEvent.proposal_id == proposal.id)
    )
    assert event.kind is EventKind.PUBLISHED and event.actor_id == signed_in_clerk.id


def test_the_card_is_counted_and_the_transcription_audited(client, db, signed_in_clerk, cards):
    send(client, cards[0])
    sheet = sheet_of(db, cards[0])
    assert sheet.status is SheetStatus.COUNTED
    moves = [(event.to_status, event.actor_id) for event in sheet.events]
    assert moves == [
        (SheetStatus.ENTERED, signed_in_clerk.id),
        (SheetStatus.COUNTED, signed_in_clerk.id),
    ]
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "paper.idea_transcribed")
    )
    [proposal] = paper_proposals(db)
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        signed_in_clerk.id,
        "proposals",
        proposal.id,
    )
    assert entry.after == {"code": cards[0], "name_published": False}
    assert sheet_of(db, cards[1]).status is SheetStatus.ISSUED


def test_the_form_comes_back_empty_with_a_note_on_the_saved_card(
    client, db, signed_in_clerk, cards
):
    response = send(client, cards[0], title="Bänke im Stadtpark")
    page = text_of(client.get(response.location))
    assert f"Karte {cards[0]} ist erfasst." in page
    assert "Der Vorschlag „Bänke im Stadtpark“ ist veröffentlicht." in page
    assert "Auf Papier eingereicht, ohne Namen." in page
    assert f'href="/proposals/{paper_proposals(db)[0].id}"' in page
    assert field_value(page, "code") == field_value(page, "title") == ""
    assert "Bänke im Stadtpark" in page.split('id="idea-recent"')[1]


def test_the_name_is_published_only_with_the_authors_consent(client, db, signed_in_clerk, cards):
    send(client, cards[0], name_published="y", author_name="  Erika Muster ")
    send(client, cards[1], author_name=None)
    named, nameless = paper_proposals(db)
    assert (named.paper_author_name, nameless.paper_author_name) == ("Erika Muster", None)
    audited = db.session.scalars(
        select(AuditEntry.after).where(AuditEntry.action == "paper.idea_transcribed")
    )
    assert sorted(after["name_published"] for after in audited) == [False, True]


def test_a_district_and_markdown_are_kept_like_online(
    client, db, signed_in_clerk, cards, app, monkeypatch
):
    town = replace(app.extensions["town"], districts=("Innenstadt", "Schlettwein"))
    monkeypatch.setitem(app.extensions, "town", town)
    send(client, cards[0], district="Schlettwein", body="Eine **Bank** <script>x</script>")
    [proposal] = paper_proposals(db)
    assert proposal.district == "Schlettwein"
    assert "<strong>Bank</strong>" in proposal.body_html and "<script" not in proposal.body_html


@pytest.mark.parametrize("done", ["99999999999999", "-1", "abc", "0"])
def test_a_wrong_note_address_shows_the_form_without_a_note(client, signed_in_clerk, done):
    response = client.get(f"{BASE}/new?done={done}")
    assert response.status_code == 200
    assert 'id="idea-done"' not in text_of(response)


def test_the_note_is_only_for_proposals_from_paper(client, db, signed_in_clerk, make_user):
    author = make_user()
    fields = {"title": "Online eingereicht", "body": "Text.", "category": "Sonstiges"}
    online = proposal_services.create_draft(author, fields, [])
    db.session.flush()
    response = client.get(f"{BASE}/new?done={online.id}")
    assert 'id="idea-done"' not in text_of(response)


# --- a form sent twice ------------------------------------------------------------------------


def test_a_form_sent_twice_makes_one_proposal(client, db, signed_in_clerk, cards):
    first, second = send(client, cards[0]), send(client, cards[0])
    [proposal] = paper_proposals(db)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert proposal.sheet_code == cards[0]
    audited = select(func.count()).where(AuditEntry.action == "paper.idea_transcribed")
    assert db.session.scalar(audited) == 1


def test_a_counted_card_sent_again_from_another_form_is_refused(client, db, signed_in_clerk, cards):
    send(client, cards[0])
    response = send(client, cards[0], title="Noch einmal", submission_key="another-form")
    page = text_of(response)
    assert response.status_code == 409
    assert "Dieser Bogen ist schon gezählt. Er zählt nur einmal." in page
    assert "Aus dieser Karte ist schon ein Vorschlag entstanden:" in page and TITLE in page
    assert 'value="Noch einmal"' in page
    assert len(paper_proposals(db)) == 1


# --- refusals ---------------------------------------------------------------------------------


def void(db, code: str, clerk) -> str:
    """Void the card `code`; return it."""
    registry.void_sheet(sheet_of(db, code), clerk, "verloren")
    return code


def mistyped(code: str) -> str:
    """Return the code with a wrong check character."""
    return code[:-1] + ("0" if code[-1] != "0" else "1")


CODE_CASES = {
    "not-a-code": (lambda db, cards, clerk, ballot: "hallo", "Das ist kein Bogen-Code."),
    "mistyped": (
        lambda db, cards, clerk, ballot: mistyped(cards[0]),
        "Der Code ist falsch abgetippt.",
    ),
    "unknown": (
        lambda db, cards, clerk, ballot: codes.make_code("PN"),
        "Diesen Code haben wir nie gedruckt.",
    ),
    "void": (
        lambda db, cards, clerk, ballot: void(db, cards[0], clerk),
        "Dieser Bogen ist ungültig gemacht worden.",
    ),
    "ballot": (
        lambda db, cards, clerk, ballot: ballot,
        "Das ist ein Stimmzettel, keine Ideenkarte.",
    ),
}


@pytest.mark.parametrize("case", CODE_CASES)
def test_wrong_codes_are_refused_and_what_was_typed_kept(
    client, db, signed_in_clerk, cards, ballot_code, case
):
    make_code, message = CODE_CASES[case]
    typed = make_code(db, cards, signed_in_clerk, ballot_code)
    response = send(client, typed, title="Mein Titel bleibt", name_published="y", author_name="Ina")
    page = text_of(response)
    assert response.status_code == 400
    assert message in page
    assert f'value="{typed}"' in page and 'value="Mein Titel bleibt"' in page
    assert BODY in page and 'value="Ina"' in page
    assert paper_proposals(db) == []
    if case == "ballot":
        assert sheet_of(db, ballot_code).status is SheetStatus.ISSUED


FORM_CASES = {
    "no-verbatim-box": (
        {"verbatim": None},
        "Bitte bestätigen Sie, dass Sie den Text unverändert übernommen haben.",
    ),
    "name-without-consent": ({"author_name": "Erika Muster"}, "Ohne Kreuz bei"),
    "consent-without-name": (
        {"name_published": "y"},
        "Bitte geben Sie den Namen von der Karte ein.",
    ),
    "no-title": ({"title": "  "}, "Bitte geben Sie den Titel ein."),
    "no-text": ({"body": ""}, "Bitte geben Sie den Text der Idee ein."),
    "no-category": ({"category": ""}, "Bitte wählen Sie einen Themenbereich."),
    "unknown-category": ({"category": "Raumfahrt"}, "Bitte wählen Sie einen Themenbereich."),
    "unknown-district": (
        {"district": "Atlantis"},
        "Bitte wählen Sie einen Ortsteil aus der Liste.",
    ),
    "long-title": ({"title": "T" * 151}, "Der Titel darf höchstens 150 Zeichen lang sein."),
    "long-text": ({"body": "x" * 10_001}, "Der Text darf höchstens 10.000 Zeichen lang sein."),
    "long-name": (
        {"name_published": "y", "author_name": "N" * 81},
        "Der Name darf höchstens 80 Zeichen lang sein.",
    ),
    "no-code": ({"code": ""}, "Bitte geben Sie den Code der Karte ein."),
    "long-code": ({"code": "PN-" + "X" * 40}, "Das ist kein Bogen-Code."),
}


@pytest.mark.parametrize("case", FORM_CASES)
def test_incomplete_forms_are_refused_and_the_card_stays_open(
    client, db, signed_in_clerk, cards, case
):
    changes, message = FORM_CASES[case]
    response = send(client, cards[0], **changes)
    assert response.status_code == 400
    assert message in text_of(response)
    assert paper_proposals(db) == []
    assert sheet_of(db, cards[0]).status is SheetStatus.ISSUED


def test_errors_are_linked_to_their_fields(client, db, signed_in_clerk, cards):
    page = text_of(send(client, cards[0], author_name="Erika Muster", verbatim=None))
    assert 'href="#author_name"' in page and 'href="#verbatim"' in page
    for name in ("author_name", "verbatim"):
        assert re.search(
            rf'<input[^>]*id="{name}"[^>]*aria-invalid="true"|<input[^>]*aria-invalid="true"[^>]*id="{name}"',
            page,
        )


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_only_staff_may_type_in_cards(client, db, login_as, cards, role):
    if role is not None:
        login_as(role)
    responses = [client.get(f"{BASE}/new"), client.post(f"{BASE}/new", data=card_form(cards[0]))]
    statuses = [response.status_code for response in responses]
    if role is Role.STAFF:
        assert statuses == [200, 302]
        assert len(paper_proposals(db)) == 1
        return
    assert statuses == ([302, 302] if role is None else [403, 403])
    assert paper_proposals(db) == []
    assert sheet_of(db, cards[0]).status is SheetStatus.ISSUED
