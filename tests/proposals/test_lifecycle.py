import pytest
from sqlalchemy import select

from participation.core import events
from participation.proposals import services
from participation.proposals.models import EventKind, ProposalEvent, ProposalStatus


@pytest.fixture()
def published(db, make_user):
    """A published proposal by its own author."""
    author = make_user(display_name="Paula Plan")
    proposal = services.create_draft(
        author,
        {
            "title": "Radweg zur Schule",
            "body": "Ein sicherer Weg.",
            "category": "Sonstiges",
            "district": None,
            "submission_key": None,
        },
        [],
    )
    services.publish(proposal, author)
    db.session.flush()
    return proposal


def refresh(db, proposal):
    db.session.refresh(proposal)
    return proposal


def test_support_toggle_and_count(client, login_as, db, published):
    login_as("resident")
    response = client.post(
        f"/proposals/{published.id}/support", data={"action": "add"}, follow_redirects=True
    )
    assert "Danke für Ihre Unterstützung" in response.text
    assert "1 Person unterstützt diesen Vorschlag." in response.text
    client.post(f"/proposals/{published.id}/support", data={"action": "add"})  # twice counts once
    assert refresh(db, published).support_count == 1
    client.post(f"/proposals/{published.id}/support", data={"action": "remove"})
    assert refresh(db, published).support_count == 0


def test_author_cannot_support_own_proposal(client, db, published):
    with client.session_transaction() as session:
        session["_user_id"] = published.author.session_token
    response = client.post(
        f"/proposals/{published.id}/support", data={"action": "add"}, follow_redirects=True
    )
    assert "nicht unterstützen" in response.text
    assert refresh(db, published).support_count == 0


def test_supports_stop_when_the_proposal_leaves_published(
    client, login_as, db, published, make_user
):
    staff = make_user(roles=("staff",))
    services.answer(published, staff, ProposalStatus.REJECTED, "Geht leider nicht.", "Bauamt")
    login_as("resident")
    response = client.post(
        f"/proposals/{published.id}/support", data={"action": "add"}, follow_redirects=True
    )
    assert "sammelt keine Unterstützung mehr" in response.text
    assert refresh(db, published).support_count == 0


def test_threshold_moves_to_review_and_tells_staff(
    client, app, db, published, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "PROPOSAL_SUPPORT_THRESHOLD", 2)
    heard = []

    def listener(**payload):
        heard.append(payload)

    events.subscribe(events.PROPOSAL_THRESHOLD_REACHED, listener)
    try:
        for _ in range(2):
            supporter = make_user()
            with client.session_transaction() as session:
                session["_user_id"] = supporter.session_token
            client.post(f"/proposals/{published.id}/support", data={"action": "add"})
    finally:
        # only this test's listener goes: the notification handler stays for later tests
        app.extensions["event_handlers"][events.PROPOSAL_THRESHOLD_REACHED].remove(listener)
    assert refresh(db, published).status is ProposalStatus.IN_REVIEW
    assert heard == [{"proposal_id": published.id, "supports": 2}]
    kinds = [
        e.kind
        for e in db.session.scalars(
            select(ProposalEvent).where(ProposalEvent.proposal_id == published.id)
        )
    ]
    assert EventKind.THRESHOLD_REACHED in kinds


def test_staff_answer_is_shown_prominently(client, login_as, db, published):
    login_as("staff")
    response = client.post(
        f"/proposals/{published.id}/answer",
        data={
            "status": "accepted",
            "answer": "Wir bauen den **Radweg** 2027.",
            "department": "Bauamt",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Antwort der Stadtverwaltung" in response.text
    assert "<strong>Radweg</strong>" in response.text and "Bauamt" in response.text
    assert refresh(db, published).status is ProposalStatus.ACCEPTED
    assert "Angenommen" in response.text


def test_staff_cannot_skip_the_life_cycle(client, login_as, db, published):
    login_as("staff")
    response = client.post(
        f"/proposals/{published.id}/answer",
        data={"status": "implemented", "answer": "Fertig.", "department": "Bauamt"},
    )
    assert response.status_code == 400
    assert refresh(db, published).status is ProposalStatus.PUBLISHED


def test_answer_needs_text_and_keeps_it(client, login_as, published):
    login_as("staff")
    response = client.post(
        f"/proposals/{published.id}/answer",
        data={"status": "in_review", "answer": "", "department": "Ordnungsamt"},
    )
    assert response.status_code == 400
    assert "Bitte schreiben Sie eine Antwort." in response.text
    assert 'value="Ordnungsamt"' in response.text


@pytest.mark.parametrize(
    "role, status", [(None, 302), ("resident", 403), ("moderator", 403), ("council", 403)]
)
def test_only_staff_answer(client, login_as, db, published, role, status):
    if role:
        login_as(role)
    response = client.post(
        f"/proposals/{published.id}/answer",
        data={"status": "accepted", "answer": "x", "department": "y"},
    )
    assert response.status_code == status
    assert refresh(db, published).status is ProposalStatus.PUBLISHED


def sign_in_author(client, proposal):
    with client.session_transaction() as session:
        session["_user_id"] = proposal.author.session_token


def test_author_edits_until_the_first_support(client, login_as, db, published, make_user):
    sign_in_author(client, published)
    data = {"title": "Radweg zur Grundschule", "body": "Ein sicherer Weg.", "category": "Sonstiges"}
    assert client.post(f"/proposals/{published.id}/edit", data=data).status_code == 302
    assert refresh(db, published).edited_at is not None
    assert "Bearbeitet am" in client.get(f"/proposals/{published.id}").text

    from participation.proposals import supports

    supports.add_support(published, make_user())
    assert client.get(f"/proposals/{published.id}/edit").status_code == 403
    response = client.post(
        f"/proposals/{published.id}/update",
        data={"body": "Die Schule ist dafür."},
        follow_redirects=True,
    )
    assert "Die Schule ist dafür." in response.text


def test_author_withdraws_with_confirmation(client, db, published):
    sign_in_author(client, published)
    response = client.post(f"/proposals/{published.id}/withdraw", data={})
    assert response.status_code == 400
    assert "Bitte bestätigen Sie" in response.text
    client.post(f"/proposals/{published.id}/withdraw", data={"confirm": "y"})
    assert refresh(db, published).status is ProposalStatus.WITHDRAWN
    assert "zurückgezogen" in client.get(f"/proposals/{published.id}").text


def test_others_cannot_edit_or_withdraw(client, login_as, db, published):
    login_as("resident")
    assert client.get(f"/proposals/{published.id}/edit").status_code == 403
    assert (
        client.post(f"/proposals/{published.id}/withdraw", data={"confirm": "y"}).status_code == 403
    )
    assert refresh(db, published).status is ProposalStatus.PUBLISHED


def test_follow_is_automatic_and_can_be_switched_off(client, login_as, db, published):
    from participation.proposals import follows

    assert follows.is_following(published.id, published.author_id)
    user = login_as("resident")
    client.post(f"/proposals/{published.id}/support", data={"action": "add"})
    assert follows.is_following(published.id, user.id)
    client.post(f"/proposals/{published.id}/follow", data={"action": "stop"})
    assert not follows.is_following(published.id, user.id)
    client.post(f"/proposals/{published.id}/support", data={"action": "remove"})
    client.post(f"/proposals/{published.id}/support", data={"action": "add"})
    assert not follows.is_following(published.id, user.id)  # the opt-out is remembered


def test_unknown_proposals_are_404(client):
    assert client.get("/proposals/999999").status_code == 404
    assert client.post("/proposals/999999/support").status_code in (302, 404)


def test_comments_count_on_the_proposal_and_make_the_commenter_follow(
    client, login_as, db, published
):
    from participation.proposals import follows

    user = login_as("resident")
    client.post(f"/comments/thread/{published.thread_id}", data={"body": "Gute Idee!"})
    assert refresh(db, published).comment_count == 1
    assert follows.is_following(published.id, user.id)
    assert not refresh(db, published).is_editable()  # after a comment the author only adds updates
    from participation.comments.models import Comment

    comment = db.session.scalars(
        select(Comment).where(Comment.thread_id == published.thread_id)
    ).one()
    client.post(f"/comments/{comment.id}/delete", data={"confirm": "1"})
    assert refresh(db, published).comment_count == 0
