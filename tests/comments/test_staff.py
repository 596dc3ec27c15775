"""Official answers, closing and reopening: staff only, visibly marked, audited."""

import pytest
from sqlalchemy import select

from participation.comments.models import Comment
from participation.core.audit import AuditEntry


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_posts_an_official_answer(client, login_as, make_user, db, thread, post, role):
    question = post(make_user(), "Wann kommt die Bank?")
    staff = login_as(role, display_name="Amt für Grün")
    response = client.post(
        f"/comments/thread/{thread.id}/official",
        data={"body": "Im Frühjahr.", "parent_id": question.id},
    )
    assert response.status_code == 302
    answer = db.session.scalar(select(Comment).where(Comment.parent_id == question.id))
    assert answer.is_official and answer.author_id == staff.id
    page = client.get(f"/comments/{question.id}").text
    assert "Antwort der Stadtverwaltung" in page and "Im Frühjahr." in page
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "comment.official"))


@pytest.mark.parametrize("role", ["resident", "moderator", "council", "verified"])
def test_others_cannot_answer_officially(client, login_as, db, thread, role):
    login_as(role)
    response = client.post(f"/comments/thread/{thread.id}/official", data={"body": "Amtlich!"})
    assert response.status_code == 403
    assert db.session.scalar(select(Comment).where(Comment.thread_id == thread.id)) is None


def test_staff_sees_the_official_button_residents_do_not(client, login_as, db, thread, post):
    comment = post(login_as("staff"))
    official_url = f"/comments/thread/{thread.id}/official"
    assert official_url in client.get(f"/comments/{comment.id}").text
    login_as("resident")
    assert official_url not in client.get(f"/comments/{comment.id}").text


def test_closing_needs_a_reason_and_shows_it(client, login_as, make_user, db, thread, post):
    comment = post(make_user(), "Beitrag")
    login_as("staff")
    refused = client.post(f"/comments/thread/{thread.id}/close", data={"reason": "  "})
    assert refused.status_code == 400
    assert "Bitte geben Sie einen Grund an." in refused.text
    db.session.refresh(thread)
    assert not thread.is_closed
    response = client.post(
        f"/comments/thread/{thread.id}/close",
        data={"reason": "Der Stadtrat hat entschieden.", "next": f"/comments/{comment.id}"},
    )
    assert response.headers["Location"].endswith(f"/comments/{comment.id}#comments")
    db.session.refresh(thread)
    assert thread.is_closed and thread.closed_reason == "Der Stadtrat hat entschieden."
    page = client.get(f"/comments/{comment.id}").text
    assert "Die Diskussion ist geschlossen" in page and "Der Stadtrat hat entschieden." in page
    assert "<summary" not in page  # no reply forms, no second "close"
    assert f'/comments/thread/{thread.id}"' not in page
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "thread.closed"))


def test_closed_thread_blocks_posting_until_reopened(client, login_as, make_user, db, thread):
    staff = make_user(roles=("staff",))
    from participation.comments import services

    services.close_thread(thread, staff, "Pause")
    login_as("resident")
    assert client.post(f"/comments/thread/{thread.id}", data={"body": "a"}).status_code == 403
    services.reopen_thread(thread, staff)
    assert client.post(f"/comments/thread/{thread.id}", data={"body": "b"}).status_code == 302


def test_staff_reopens_through_the_page(client, login_as, make_user, db, thread):
    from participation.comments import services

    services.close_thread(thread, make_user(roles=("staff",)), "Pause")
    login_as("staff")
    assert client.post(f"/comments/thread/{thread.id}/reopen").status_code == 302
    db.session.refresh(thread)
    assert not thread.is_closed and thread.closed_reason is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "thread.reopened"))


@pytest.mark.parametrize("role", ["resident", "moderator", "council", "verified"])
def test_others_cannot_close_or_reopen(client, login_as, db, thread, role):
    login_as(role)
    assert (
        client.post(f"/comments/thread/{thread.id}/close", data={"reason": "x"}).status_code == 403
    )
    assert client.post(f"/comments/thread/{thread.id}/reopen").status_code == 403
    db.session.refresh(thread)
    assert not thread.is_closed
