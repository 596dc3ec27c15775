"""Posting comments and replies through the pages and the service."""

import re

from sqlalchemy import select

from participation.comments import services
from participation.comments.models import Comment, CommentThread
from participation.core import events


def comments_of(db, thread):
    return list(db.session.scalars(select(Comment).where(Comment.thread_id == thread.id)))


def test_resident_posts_a_comment_and_lands_at_it(client, login_as, db, thread, events_seen):
    user = login_as("resident", display_name="Rita Rosenweg")
    response = client.post(f"/comments/thread/{thread.id}", data={"body": "Gute Idee!"})
    [comment] = comments_of(db, thread)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/#comment-{comment.id}")
    assert comment.author_id == user.id and comment.depth == 0
    db.session.refresh(thread)
    assert thread.comment_count == 1 and thread.last_comment_at is not None
    assert events_seen == [
        (
            events.COMMENT_POSTED,
            {"thread_id": thread.id, "comment_id": comment.id, "author_id": user.id},
        )
    ]


def test_sort_order_is_kept_after_posting(client, login_as, db, thread):
    login_as("resident")
    response = client.post(f"/comments/thread/{thread.id}", data={"body": "Hallo", "sort": "best"})
    assert "?sort=best#comment-" in response.headers["Location"]


def test_replies_nest_one_level_deeper_and_tell_the_parent_author(
    client, login_as, make_user, db, thread, post, events_seen
):
    first_author = make_user()
    top = post(first_author, "Oben")
    reply = post(make_user(), "Darunter", parent=top)
    login_as("resident")
    response = client.post(
        f"/comments/thread/{thread.id}", data={"body": "Noch tiefer", "parent_id": reply.id}
    )
    assert response.status_code == 302
    deepest = db.session.scalar(select(Comment).where(Comment.parent_id == reply.id))
    assert (top.depth, reply.depth, deepest.depth) == (0, 1, 2)
    reply_events = [payload for name, payload in events_seen if name == events.COMMENT_REPLY]
    assert reply_events[0]["parent_author_id"] == first_author.id
    assert reply_events[-1]["comment_id"] == deepest.id
    db.session.refresh(thread)
    assert thread.comment_count == 3


def test_a_reply_must_answer_a_comment_of_the_same_thread(
    client, login_as, make_user, db, thread, post, subject
):
    from participation.comments.threads import create_thread

    other = create_thread("test")
    elsewhere = post(make_user(), "Woanders", on=other)
    login_as("resident")
    response = client.post(
        f"/comments/thread/{thread.id}", data={"body": "Mein Text", "parent_id": elsewhere.id}
    )
    assert response.status_code == 404
    assert "Mein Text" in response.text
    assert "als neuen Kommentar senden" in response.text
    assert comments_of(db, thread) == []


def test_empty_comment_is_refused_with_a_clear_message(client, login_as, db, thread):
    login_as("resident")
    response = client.post(f"/comments/thread/{thread.id}", data={"body": "   \r\n "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie einen Text." in response.text
    assert comments_of(db, thread) == []


def test_too_long_comment_keeps_the_typed_text(client, login_as, db, thread):
    login_as("resident")
    text = "Sehr lang. " * 500 + "Ende"
    response = client.post(f"/comments/thread/{thread.id}", data={"body": text})
    assert response.status_code == 400
    assert "Ihr Text ist zu lang: 5.504 Zeichen" in response.text
    assert "höchstens 5.000 Zeichen" in response.text
    assert "Sehr lang. Sehr lang." in response.text and "Ende</textarea>" in response.text
    assert comments_of(db, thread) == []


def test_exactly_five_thousand_characters_are_fine(client, login_as, db, thread):
    login_as("resident")
    lines = "x" * 2499 + "\r\n" + "y" * 2500  # CRLF counts as one character, as in the browser
    response = client.post(f"/comments/thread/{thread.id}", data={"body": lines})
    assert response.status_code == 302
    [comment] = comments_of(db, thread)
    assert len(comment.body) == 5000


def test_closed_thread_refuses_new_comments_but_keeps_the_text(
    client, login_as, make_user, db, thread
):
    services.close_thread(thread, make_user(roles=("staff",)), "Die Frist ist vorbei.")
    login_as("resident")
    response = client.post(f"/comments/thread/{thread.id}", data={"body": "Zu spät?"})
    assert response.status_code == 403
    assert "Diese Diskussion ist geschlossen." in response.text
    assert "Zu spät?" in response.text
    assert comments_of(db, thread) == []


def test_subject_may_refuse_comments(client, login_as, db, thread, subject):
    subject.accepts = False
    login_as("resident")
    response = client.post(f"/comments/thread/{thread.id}", data={"body": "Hallo"})
    assert response.status_code == 403
    assert "keine Kommentare schreiben" in response.text
    assert comments_of(db, thread) == []


def test_invisible_subject_hides_its_thread(client, login_as, db, thread, post, subject):
    comment = post(login_as("resident"))
    subject.visible = False
    assert client.get(f"/comments/{comment.id}").status_code == 404
    assert client.post(f"/comments/thread/{thread.id}", data={"body": "x"}).status_code == 404


def test_unknown_thread_is_not_found(client, login_as, db):
    login_as("resident")
    assert client.post("/comments/thread/999999", data={"body": "x"}).status_code == 404


def test_counter_counts_each_comment(db, thread, post, make_user):
    author = make_user()
    for number in range(3):
        post(author, f"Beitrag {number}")
    db.session.expire_all()
    assert db.session.get(CommentThread, thread.id).comment_count == 3


def test_forms_carry_a_working_csrf_token(
    client, login_as, make_user, db, thread, post, app, monkeypatch
):
    comment = post(make_user(), "Mit Schutz")
    login_as("resident")
    page = client.get(f"/comments/{comment.id}").text
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    url = f"/comments/thread/{thread.id}"
    refused = client.post(url, data={"body": "Ohne Token", "parent_id": comment.id})
    assert refused.status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = {"body": "Mit Token", "parent_id": comment.id, "csrf_token": token}
    assert client.post(url, data=data).status_code == 302
    assert [c.body for c in comments_of(db, thread)] == ["Mit Schutz", "Mit Token"]
