"""The page "Meine Daten" for deletion, and every page that showed the deleted person: none
answers with an error, each names "Gelöschtes Konto" where the name was."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from participation.accounts import reauth
from participation.accounts.models import User
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.moderation.items import find_item
from participation.moderation.models import SubjectType
from participation.proposals.models import Proposal
from tests.accounts.data_rights_helpers import make_proposal, trace  # noqa: F401

PAGE, DELETE = "/account/data/", "/account/data/delete"
CONFIRMED = {"delete-contributions": "keep", "delete-confirm": "y"}


def sign_in_as(client, user, confirmed: bool = True) -> None:
    """Put `user` into the client's session, with or without a recent password check."""
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        if confirmed:
            session[reauth.SESSION_KEY] = reauth.stamp(user)


def gone(user_id: int) -> bool:
    db.session.expire_all()
    return db.session.get(User, user_id) is None


def test_the_profile_links_to_the_page(client, login_as):
    login_as()
    assert 'href="/account/data/"' in client.get("/profile/").text


def test_the_page_says_what_goes_and_what_stays(client, trace):  # noqa: F811
    sign_in_as(client, trace.person)
    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.text
    assert "Ihre Unterstützung für 1 Vorschlag" in text
    assert "1 unveröffentlichter Entwurf" in text
    assert "Abgegebene Stimmen" in text
    assert 'name="delete-confirm"' in text
    assert '<input checked class="kern-form-check__radio" id="delete-contributions-0"' in text
    assert page.headers["Cache-Control"] == "no-store"


def test_a_guest_is_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/account/signin" in response.headers["Location"]
    assert "/account/signin" in client.post(DELETE, data=CONFIRMED).headers["Location"]


def test_without_a_recent_password_nothing_is_deleted(client, make_user):
    person = make_user()
    sign_in_as(client, person, confirmed=False)
    response = client.post(DELETE, data=CONFIRMED)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/reconfirm")
    assert not gone(person.id)
    wrong = client.post(
        "/account/reconfirm?next=/account/data/", data={"password": "falsch-geraten-1"}
    )
    assert wrong.status_code == 400 and "Das Passwort ist nicht richtig." in wrong.text
    assert client.post(DELETE, data=CONFIRMED).headers["Location"].startswith("/account/reconfirm")
    assert not gone(person.id)


def test_an_old_password_check_is_not_enough(client, make_user):
    person = make_user()
    sign_in_as(client, person)
    with client.session_transaction() as session:
        session[reauth.SESSION_KEY] = {"user": person.id, "at": int(time.time()) - 3600}
    assert client.post(DELETE, data=CONFIRMED).status_code == 302
    assert not gone(person.id)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"delete-contributions": "keep"}, "Bitte bestätigen Sie, dass Sie Ihr Konto löschen"),
        ({"delete-contributions": "alles", "delete-confirm": "y"}, "Was soll mit Ihren"),
        ({"delete-confirm": "y", "delete-contributions": ""}, "Was soll mit Ihren"),
    ],
)
def test_a_form_without_the_tick_or_with_a_strange_choice_is_refused(
    client, make_user, data, message
):
    person = make_user()
    sign_in_as(client, person)
    response = client.post(DELETE, data=data)
    assert response.status_code == 400
    assert message in response.text
    assert not gone(person.id)


def test_deleting_signs_out_says_goodbye_and_mails(client, trace, mailbox):  # noqa: F811
    person = trace.person
    person_id, address = person.id, person.email
    sign_in_as(client, person)
    response = client.post(DELETE, data=CONFIRMED)
    assert response.headers["Location"] == "/account/data/deleted"
    assert gone(person_id)
    goodbye = client.get("/account/data/deleted")
    assert goodbye.status_code == 200 and "Ihr Konto ist gelöscht" in goodbye.text
    assert client.get("/profile/").status_code == 302  # signed out
    mail = mailbox.last()
    assert mail["To"] == address and mail["Subject"] == "Ihr Konto ist gelöscht"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Petra Probe" in body and "Gelöschtes Konto" in body
    assert client.post(DELETE, data=CONFIRMED).status_code == 302  # a second click: harmless


def test_the_goodbye_page_is_only_for_whoever_just_deleted(client):
    assert client.get("/account/data/deleted").headers["Location"] == "/"


def test_a_privileged_account_sees_why_and_cannot_delete(client, make_user):
    make_user(roles=(Role.ADMIN,))
    person = make_user(roles=(Role.MODERATOR,))
    sign_in_as(client, person)
    page = client.get(PAGE)
    assert "Rollen zuerst entfernen" in page.text and 'name="delete-confirm"' not in page.text
    response = client.post(DELETE, data=CONFIRMED)
    assert response.status_code == 409 and "Rollen zuerst entfernen" in response.text
    assert not gone(person.id)


def test_a_suspended_account_may_still_delete(client, make_user):
    from participation.core.models import utcnow

    person = make_user()
    person.suspended_at = utcnow()
    db.session.flush()
    sign_in_as(client, person)
    assert client.post(DELETE, data=CONFIRMED).status_code == 302
    assert gone(person.id)


@pytest.fixture()
def deleted(client, trace, make_user):  # noqa: F811
    """The person deleted through the page (keeping contributions); the client is a guest."""
    trace.admin = make_user(roles=(Role.ADMIN,))  # before: SQLite could reuse the number
    sign_in_as(client, trace.person)
    person_id = trace.person.id
    assert client.post(DELETE, data=CONFIRMED).status_code == 302
    assert gone(person_id)
    trace.person_id = person_id
    return trace


def test_public_pages_name_the_deleted_account(client, deleted):
    own, others = deleted.own, deleted.others
    page = client.get(f"/proposals/{own.id}")
    assert page.status_code == 200 and "gelöschtem Konto" in page.text
    discussion = client.get(f"/proposals/{others.id}")
    assert discussion.status_code == 200 and "Gelöschtes Konto" in discussion.text
    assert "Ich bin dafür, Petra." in discussion.text
    assert client.get(f"/comments/{deleted.comment.id}").status_code == 200
    assert client.get(f"/comments/{deleted.reply.id}").status_code == 200
    assert client.get("/proposals/").status_code == 200
    assert client.get("/proposals/feed.atom").status_code == 200
    for feed in ("answers", "results", "implementation"):
        assert client.get(f"/feeds/{feed}.atom").status_code == 200


def test_the_open_data_api_has_no_name(client, deleted):
    response = client.get(f"/api/v1/proposals/{deleted.own.id}")
    assert response.status_code == 200
    assert response.json["data"]["author_name"] is None
    assert client.get("/api/v1/proposals").status_code == 200
    assert client.get("/api/v1/proposals.csv").status_code == 200


def test_moderation_pages_work_without_the_account(client, deleted):
    sign_in_as(client, deleted.moderator)
    assert client.get("/moderation/").status_code == 200
    assert client.get("/moderation/?show=decided").status_code == 200
    comment_item = find_item(SubjectType.COMMENT, deleted.comment.id)
    user_item = find_item(SubjectType.USER, -deleted.person_id)  # detached from the number
    for item in (comment_item, user_item):
        response = client.get(f"/moderation/items/{item.id}")
        assert response.status_code == 200, item.subject_type
    assert "Gelöschtes Konto" in client.get(f"/moderation/items/{comment_item.id}").text
    assert client.get("/moderation/decisions").status_code == 200
    assert client.get("/moderation/transparency").status_code == 200


def test_others_notifications_and_the_admin_log_work(client, deleted):
    sign_in_as(client, deleted.other)
    assert client.get("/notifications/").status_code == 200
    sign_in_as(client, deleted.admin)
    log = client.get("/admin/audit?action=account.deleted")
    assert log.status_code == 200 and "Konto gelöscht" in log.text
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "account.deleted"))
    assert entry.target_id == deleted.person_id
    assert client.get(f"/admin/users/{deleted.person_id}").status_code == 404


def test_the_staff_view_of_the_proposal_works(client, deleted):
    sign_in_as(client, deleted.staff)
    assert client.get(f"/proposals/{deleted.own.id}").status_code == 200
    assert db.session.get(Proposal, deleted.own.id).author_id is None


def test_removed_contributions_show_a_placeholder(client, trace):  # noqa: F811
    sign_in_as(client, trace.person)
    data = {"delete-contributions": "remove", "delete-confirm": "y"}
    assert client.post(DELETE, data=data).status_code == 302
    page = client.get(f"/proposals/{trace.own.id}")
    assert page.status_code == 200
    assert "Der Text wurde entfernt, als das Konto gelöscht wurde." in page.text
    assert "Trinkbrunnen am Markt" in page.text and "Ein Brunnen für alle." not in page.text
    discussion = client.get(f"/proposals/{trace.others.id}")
    assert "Ich bin dafür, Petra." not in discussion.text and "Danke, Petra!" in discussion.text
    assert client.get(f"/api/v1/proposals/{trace.own.id}").status_code == 200
