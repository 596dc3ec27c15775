"""One-click unsubscribe: the link in a mail asks first (GET changes nothing, link checkers
open it too), a POST switches the kind off, also a mail program's one-click POST without a
CSRF token; a tampered, expired or otherwise unusable link gets a clear 400 page."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from flask import current_app
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import delete, select

from participation.accounts.models import User
from participation.accounts.tokens import RESET, make_token
from participation.extensions import db as _db
from participation.notifications import delivery, outbox, unsubscribe
from participation.notifications.models import Choice, Delivery, Preference
from tests.notifications.conftest import all_rows, bulk_people, sign_in

DAY = 24 * 3600
INVALID = "Dieser Link ist nicht gültig"
EXPIRED = "Dieser Link ist abgelaufen"


def path_for(user_id: int, kind: str = "comment.reply") -> str:
    with current_app.test_request_context():
        return urlsplit(unsubscribe.link(user_id, kind)).path


def made_days_ago(app, days: int, user_id: int, kind: str = "comment.reply") -> str:
    """Return the path of a genuine link that was mailed `days` ago."""

    class Then(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - days * DAY

    serializer = URLSafeTimedSerializer(
        app.config["SECRET_KEY"], salt=unsubscribe.PURPOSE, signer=Then
    )
    token = serializer.dumps({"uid": user_id, "kind": kind})
    return f"/notifications/unsubscribe/{token}"


def choices(db, user_id: int) -> dict[str, Choice]:
    db.session.expire_all()
    query = select(Preference.kind, Preference.choice).where(Preference.user_id == user_id)
    return dict(db.session.execute(query).all())


def reply_for(person: int, other: int) -> None:
    """Someone answered the person's comment (a kind that can be switched off)."""
    outbox.notify(
        "comment.reply", parent_author_id=person, author_id=other, thread_id=0, comment_id=1
    )
    _db.session.commit()


@pytest.fixture()
def people(db):
    return bulk_people(2, "leser")


def test_the_link_in_the_mail_asks_first_and_a_post_switches_the_kind_off(
    client, db, people, smtp_server
):
    person, other = people
    reply_for(person, other)
    delivery.dispatch()
    [message] = smtp_server.messages
    path = urlsplit(message["List-Unsubscribe"].strip("<>")).path

    asked = client.get(path)
    assert asked.status_code == 200
    assert "Möchten Sie zu „Antworten auf meine Kommentare“ keine E-Mails mehr bekommen?" in (
        asked.text
    )
    assert '<form method="post"' in asked.text
    assert choices(db, person) == {}  # opening the link (or a scanner opening it) changes nothing

    done = client.post(path)
    assert done.status_code == 200
    assert "Erledigt" in done.text and "Antworten auf meine Kommentare" in done.text
    assert choices(db, person) == {"comment.reply": Choice.OFF}

    reply_for(person, other)  # the next reply: in the centre, no mail
    assert [row.delivery for row in all_rows("comment.reply")] == [Delivery.SENT, Delivery.NONE]
    assert client.post(path).status_code == 200  # a second click is fine too


def test_a_mail_programs_one_click_post_needs_no_csrf_token(app, client, db, people, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    person, _ = people
    response = client.post(
        path_for(person),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert choices(db, person) == {"comment.reply": Choice.OFF}
    # CSRF protection is on for everything else: the settings form without a token is refused
    sign_in(client, db.session.get(User, person))
    refused = client.post("/notifications/settings", data={"comment_reply": "immediately"})
    assert refused.status_code == 400
    assert choices(db, person) == {"comment.reply": Choice.OFF}


def test_a_tampered_link_is_refused_with_a_clear_page(client, db, people):
    person, _ = people
    path = path_for(person)
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    for url in (tampered, path[:-10], "/notifications/unsubscribe/nonsense"):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 400, url
            assert INVALID in response.text and "/notifications/settings" in response.text
    assert choices(db, person) == {}


def test_an_expired_link_is_refused_with_a_clear_page(app, client, db, people):
    person, _ = people
    old = made_days_ago(app, 91, person)
    for method in (client.get, client.post):
        response = method(old)
        assert response.status_code == 400
        assert EXPIRED in response.text and "/notifications/settings" in response.text
    assert choices(db, person) == {}
    assert client.post(made_days_ago(app, 89, person)).status_code == 200  # 90 days are fine


def test_a_link_for_an_unknown_kind_is_refused(client, db, people):
    person, _ = people
    response = client.post(path_for(person, "no.such.kind"))
    assert response.status_code == 400 and INVALID in response.text
    assert choices(db, person) == {}


def test_a_link_of_a_deleted_account_is_refused(client, db, people):
    person, _ = people
    path = path_for(person)
    db.session.execute(delete(User).where(User.id == person))
    db.session.commit()
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 400 and INVALID in response.text


def test_a_token_made_for_something_else_is_refused(client, db, people):
    """A password-reset token carries an account id too; it must not work here."""
    person, _ = people
    with current_app.test_request_context():
        token = make_token(RESET, uid=person, kind="comment.reply")
    response = client.post(f"/notifications/unsubscribe/{token}")
    assert response.status_code == 400 and INVALID in response.text
    assert choices(db, person) == {}


@pytest.mark.parametrize("kind", ["moderation.decision", "account.reset", "account.confirm"])
def test_decisions_and_account_mails_cannot_be_unsubscribed(client, db, people, kind):
    person, _ = people
    path = path_for(person, kind)
    for method in (client.get, client.post):
        assert method(path).status_code == 400
    assert choices(db, person) == {}
