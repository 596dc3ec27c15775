"""One pass through the whole moderation flow over HTTP: report, queue, decide, appeal."""

from __future__ import annotations

from participation.comments.models import CommentState


def test_report_queue_hide_and_appeal(client, login_as, comment, author, item_of, mailbox, db):
    login_as("resident")
    page = client.get(f"/moderation/report/comment/{comment.id}")
    assert page.status_code == 200, page.text
    answer = client.post(
        f"/moderation/report/comment/{comment.id}",
        data={"reason": "insult", "note": "Das ist beleidigend."},
        follow_redirects=True,
    )
    assert "Ihre Meldung ist eingegangen" in answer.text
    item = item_of("comment", comment)
    assert item.is_open and item.report_count == 1

    moderator = login_as("moderator")
    queue = client.get("/moderation/")
    assert queue.status_code == 200 and "Das ist beleidigend." in queue.text
    page = client.get(f"/moderation/items/{item.id}")
    assert page.status_code == 200, page.text
    done = client.post(
        f"/moderation/items/{item.id}",
        data={
            "version": item.version,
            "action": "hide",
            "reason": "insult",
            "statement": "Bitte sachlich bleiben.",
        },
        follow_redirects=True,
    )
    assert done.status_code == 200, done.text
    db.session.refresh(comment)
    assert comment.state is CommentState.HIDDEN
    mail = mailbox.last()
    assert "Bitte sachlich bleiben." in mail.get_body(preferencelist=("plain",)).get_content()
    link = mailbox.last_link()

    with client.session_transaction() as session:
        session["_user_id"] = author.session_token
    page = client.get(link)
    assert page.status_code == 200 and "Widerspruch" in page.text
    sent = client.post(link, data={"text": "Das war nicht beleidigend."}, follow_redirects=True)
    assert "Ihr Widerspruch ist eingegangen" in sent.text
    db.session.refresh(item)
    assert item.is_open and item.cause.value == "appeal"

    with client.session_transaction() as session:
        session["_user_id"] = moderator.session_token
    page = client.get(f"/moderation/items/{item.id}")
    assert "Ihre eigene Entscheidung" in page.text
    thread_page = client.get(f"/proposals/{comment.thread_id and 1}")
    assert thread_page.status_code in (200, 404)
