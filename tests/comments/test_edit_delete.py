"""Authors edit within 15 minutes and delete at any time; replies stay in place."""

from datetime import timedelta

from participation.comments import services
from participation.comments.models import CommentState
from participation.core import events


def test_author_edits_within_the_window_and_it_is_marked(client, login_as, db, post):
    author = login_as("resident")
    comment = post(author, "Erste Fassung")
    assert client.get(f"/comments/{comment.id}/edit").status_code == 200
    response = client.post(f"/comments/{comment.id}/edit", data={"body": "Zweite *Fassung*"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    db.session.refresh(comment)
    assert comment.body == "Zweite *Fassung*" and "<em>Fassung</em>" in comment.body_html
    assert comment.edited_at is not None
    page = client.get(f"/comments/{comment.id}").text
    assert "(bearbeitet)" in page


def test_unchanged_text_is_not_marked_as_edited(client, login_as, db, post):
    comment = post(login_as("resident"), "Gleich")
    client.post(f"/comments/{comment.id}/edit", data={"body": "Gleich"})
    db.session.refresh(comment)
    assert comment.edited_at is None


def test_edit_after_fifteen_minutes_is_refused_and_keeps_the_text(client, login_as, db, post):
    comment = post(login_as("resident"), "Alt")
    comment.created_at -= timedelta(minutes=15, seconds=1)
    db.session.flush()
    page = client.get(f"/comments/{comment.id}/edit")
    assert page.status_code == 403
    assert "in den ersten 15 Minuten" in page.text
    assert "<textarea" not in page.text
    response = client.post(f"/comments/{comment.id}/edit", data={"body": "Neu getippt"})
    assert response.status_code == 403
    assert "Neu getippt" in response.text
    db.session.refresh(comment)
    assert comment.body == "Alt" and comment.edited_at is None


def test_edit_link_only_while_it_can_be_used(client, login_as, db, post):
    comment = post(login_as("resident"), "Text")
    assert f"/comments/{comment.id}/edit" in client.get(f"/comments/{comment.id}").text
    comment.created_at -= timedelta(minutes=16)
    db.session.flush()
    assert f"/comments/{comment.id}/edit" not in client.get(f"/comments/{comment.id}").text


def test_invalid_edit_keeps_the_text(client, login_as, db, post):
    comment = post(login_as("resident"), "Kurz")
    response = client.post(f"/comments/{comment.id}/edit", data={"body": "z" * 5001})
    assert response.status_code == 400
    assert "zu lang" in response.text and "z" * 5001 in response.text


def test_others_cannot_edit_or_delete(client, login_as, make_user, db, post):
    comment = post(make_user(), "Fremd")
    login_as("resident")
    assert client.get(f"/comments/{comment.id}/edit").status_code == 403
    assert client.post(f"/comments/{comment.id}/edit", data={"body": "x"}).status_code == 403
    assert client.post(f"/comments/{comment.id}/delete").status_code == 403
    db.session.refresh(comment)
    assert comment.body == "Fremd" and comment.state is CommentState.VISIBLE


def test_delete_asks_first_then_leaves_a_placeholder_that_keeps_replies(
    client, login_as, make_user, db, thread, post, events_seen
):
    author = login_as("resident", display_name="Dora Delete")
    comment = post(author, "Das nehme ich zurück")
    reply = post(make_user(display_name="Rudi Reply"), "Ich antworte trotzdem", parent=comment)
    confirm = client.get(f"/comments/{comment.id}/delete")
    assert confirm.status_code == 200 and "wirklich löschen" in confirm.text
    response = client.post(f"/comments/{comment.id}/delete")
    assert response.status_code == 302
    db.session.refresh(comment)
    db.session.refresh(thread)
    assert comment.state is CommentState.DELETED and comment.body == ""
    assert thread.comment_count == 1
    assert events_seen[-1][0] == events.COMMENT_DELETED
    page = client.get(f"/comments/{comment.id}").text
    assert "Gelöschter Beitrag" in page
    assert "Das nehme ich zurück" not in page and "Dora Delete" not in page
    assert "Ich antworte trotzdem" in page and f'id="comment-{reply.id}"' in page


def test_deleted_comment_without_replies_disappears_from_the_thread(db, post, make_user, thread):
    author = make_user()
    comment = post(author, "Weg damit")
    services.delete_comment(comment, author)
    view = services.load_thread_view(thread, viewer=author)
    assert view.comments == [] and view.count == 0


def test_deleting_twice_changes_nothing(client, login_as, db, thread, post):
    comment = post(login_as("resident"))
    client.post(f"/comments/{comment.id}/delete")
    client.post(f"/comments/{comment.id}/delete")
    db.session.refresh(thread)
    assert thread.comment_count == 0
