"""'My proposals' and 'followed proposals': signed in only, the right rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.proposals.models import ProposalFollow
from tests.proposals.conftest import START
from tests.proposals.test_listing import listed_titles


@pytest.mark.parametrize("path", ["/proposals/mine", "/proposals/followed"])
def test_guests_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/account/signin" in response.headers["Location"]


def test_my_proposals_in_every_state_with_their_status(client, login_as, make_proposal, make_user):
    me = login_as("resident")
    make_proposal(me, title="Mein Entwurf", status="draft")
    make_proposal(me, title="Mein veröffentlichter Vorschlag")
    make_proposal(me, title="Mein zurückgezogener Vorschlag", status="withdrawn")
    make_proposal(me, title="Mein angenommener Vorschlag", status="accepted")
    make_proposal(make_user(), title="Fremder Vorschlag")
    page = client.get("/proposals/mine").text
    assert "4 Vorschläge" in page
    assert "Fremder Vorschlag" not in page
    assert listed_titles(client, "mine") == [
        "Mein angenommener Vorschlag",
        "Mein zurückgezogener Vorschlag",
        "Mein veröffentlichter Vorschlag",
        "Mein Entwurf",
    ]
    for label in ("Entwurf", "Veröffentlicht", "Zurückgezogen", "Angenommen"):
        assert f"Status: {label}</span>" in page
    assert "Noch nicht veröffentlicht" in page


def test_my_hidden_proposal_is_listed_and_marked(client, login_as, make_proposal):
    me = login_as("resident")
    make_proposal(me, title="Mein ausgeblendeter Vorschlag", status="hidden")
    page = client.get("/proposals/mine").text
    assert "Von der Moderation ausgeblendet" in page
    assert listed_titles(client, "mine") == ["Mein ausgeblendeter Vorschlag"]


def test_no_proposals_of_my_own_yet(client, login_as):
    login_as("resident")
    assert "Sie haben noch keinen Vorschlag gemacht." in client.get("/proposals/mine").text


def follow(db, user, proposal, active=True):
    db.session.add(ProposalFollow(proposal_id=proposal.id, user_id=user.id, active=active))
    db.session.flush()


def test_followed_proposals_are_those_with_an_active_follow(
    client, db, login_as, make_proposal, make_user
):
    me, other = login_as("resident"), make_user()
    older = make_proposal(title="Ältere Neuigkeit")
    newer = make_proposal(title="Neuere Neuigkeit", status="in_review")
    follow(db, me, older)
    follow(db, me, newer)
    follow(db, me, make_proposal(title="Abbestellt"), active=False)
    follow(db, other, make_proposal(title="Folgt jemand anderes"))
    follow(db, me, make_proposal(title="Inzwischen ausgeblendet", status="hidden"))
    make_proposal(title="Nie gefolgt")
    assert listed_titles(client, "followed") == ["Neuere Neuigkeit", "Ältere Neuigkeit"]
    page = client.get("/proposals/followed").text
    assert "2 Vorschläge" in page and "Inzwischen ausgeblendet" not in page


def test_followed_proposals_most_recently_active_first(client, db, login_as, make_proposal):
    me = login_as("resident")
    lively = make_proposal(
        title="Früher, heute kommentiert", last_activity_at=START + timedelta(30)
    )
    quiet = make_proposal(title="Später, seitdem ruhig", last_activity_at=START + timedelta(2))
    follow(db, me, quiet)
    follow(db, me, lively)
    assert listed_titles(client, "followed") == [
        "Früher, heute kommentiert",
        "Später, seitdem ruhig",
    ]


def test_not_following_anything_yet(client, login_as):
    login_as("resident")
    assert "Sie folgen noch keinem Vorschlag." in client.get("/proposals/followed").text
