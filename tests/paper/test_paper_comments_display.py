"""Comments typed in from paper, as everyone sees them: in the discussion marked "Auf Papier
eingereicht" with the agreed name (or without one), never with the staff member's name;
nobody edits or deletes them as their author, everyone may answer them; the moderation sees
where they came from; the proposal's author reads the notification; staff find the form on
the proposal page while its discussion is open."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participation.comments import services as comment_services
from participation.comments.models import Comment
from participation.core.permissions import Role
from tests.paper import paper_comment_fixtures as fx

clerk, author, proposal, transcribe = fx.clerk, fx.author, fx.proposal, fx.transcribe
NAMED = "Auf Papier eingereicht von Erika Muster"
NAMELESS = "Auf Papier eingereicht, ohne Namen"
LINK = "Kommentar von Papier erfassen"


def page_of(client, path: str) -> str:
    """Return the HTML of a page that must be there."""
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def headings(page: str) -> list[str]:
    """Return the headings of the comments on the page."""
    return re.findall(r'class="kern-heading-small comment__author"[^>]*>([^<]*)<', page)


@pytest.fixture()
def letters(proposal, transcribe):
    """Two letters on the proposal: one with the writer's name, one without."""
    return transcribe(proposal, name="Erika Muster", key="k1"), transcribe(proposal, key="k2")


def test_the_discussion_names_the_paper_origin_not_the_clerk(client, proposal, letters):
    page = page_of(client, f"/proposals/{proposal.id}")
    assert headings(page) == [NAMED, NAMELESS]
    assert page.count("comment--paper") == 2
    assert "Diskussion (2)" in page
    assert "Karla Karte" not in page and "Gelöschtes Konto" not in page


def test_the_permalink_shows_the_origin_too(client, letters):
    named, _nameless = letters
    assert headings(page_of(client, f"/comments/{named.id}")) == [NAMED]


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.STAFF, Role.MODERATOR])
def test_nobody_edits_or_deletes_it_as_its_author_but_others_answer_and_report(
    client, login_as, proposal, letters, role
):
    login_as(role)
    page = page_of(client, f"/proposals/{proposal.id}")
    named, _nameless = letters
    assert f"/comments/{named.id}/edit" not in page and f"/comments/{named.id}/delete" not in page
    assert client.get(f"/comments/{named.id}/edit").status_code == 403
    assert client.post(f"/comments/{named.id}/delete").status_code == 403
    assert f"/moderation/report/comment/{named.id}" in page
    assert "Beitrag von Erika Muster (auf Papier)" in page
    assert "Beitrag von Person ohne Namen (auf Papier)" in page


def test_the_clerk_does_not_own_what_they_typed_in(client, db, proposal, letters, clerk):
    with client.session_transaction() as session:
        session["_user_id"] = clerk.session_token
    named, _nameless = letters
    assert client.post(f"/comments/{named.id}/delete").status_code == 403
    db.session.refresh(named)
    assert named.body == fx.LETTER


def test_a_reply_to_it_names_the_writer_of_the_paper(client, db, login_as, proposal, letters):
    named, _nameless = letters
    login_as(Role.RESIDENT)
    url = f"/comments/thread/{proposal.thread_id}"
    response = client.post(url, data={"body": "", "parent_id": named.id})
    assert response.status_code == 400
    assert "Sie antworten auf diesen Beitrag von Erika Muster (auf Papier):" in response.text
    assert (
        client.post(url, data={"body": "Da stimme ich zu.", "parent_id": named.id}).status_code
        == 302
    )
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == named.id))
    assert reply.depth == 1 and reply.author_id is not None


def test_the_moderation_sees_a_held_paper_comment_with_its_origin(
    client, login_as, proposal, transcribe, app, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_FIRST_POSTS", 1)
    held = transcribe(proposal)
    login_as(Role.MODERATOR)
    queue = page_of(client, "/moderation/")
    assert "Kommentar von Person ohne Namen (auf Papier)" in queue
    assert NAMELESS in queue and "Gelöschtes Konto" not in queue
    thread = page_of(client, f"/proposals/{proposal.id}")
    assert headings(thread) == [NAMELESS]
    assert held.body_html in thread


def test_the_author_reads_the_notification(client, proposal, author, letters):
    with client.session_transaction() as session:
        session["_user_id"] = author.session_token
    page = page_of(client, "/notifications/")
    assert "Erika Muster hat Ihren Vorschlag „Mehr Bänke am Markt“ auf Papier kommentiert." in page
    assert (
        "Zu Ihrem Vorschlag „Mehr Bänke am Markt“ ist ein Kommentar auf Papier eingegangen." in page
    )


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.MODERATOR, Role.ADMIN, Role.STAFF])
def test_only_staff_find_the_form_on_the_proposal_page(client, login_as, proposal, role):
    if role is not None:
        login_as(role)
    page = page_of(client, f"/proposals/{proposal.id}")
    shown = f'href="{fx.BASE}?proposal={proposal.id}">{LINK}</a>' in page
    assert shown is (role is Role.STAFF)


def test_the_link_goes_when_the_discussion_is_closed(client, login_as, proposal):
    staff = login_as(Role.STAFF)
    comment_services.close_thread(proposal.thread, staff, "Genug gesagt.")
    assert LINK not in page_of(client, f"/proposals/{proposal.id}")
