"""Sign-in notices: privileged accounts get a mail on every sign-in, others do not."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.core.permissions import Role
from participation.notifications.models import Notification
from tests.accounts.sessions_helpers import FIREFOX_LINUX, browser, sign_in


@pytest.fixture(autouse=True)
def no_second_factor(app, monkeypatch):
    """Plain sign-in for every role: the notice is what matters here."""
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", [])


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.STAFF, Role.COUNCIL, Role.ADMIN])
def test_privileged_accounts_are_told_of_each_sign_in(app, make_user, mailbox, role):
    user = make_user(roles=(role,), display_name="Paula Pflicht")
    sign_in(browser(app, FIREFOX_LINUX), user)
    [mail] = mailbox.messages()
    assert mail["To"] == user.email
    assert mail["Subject"] == "Neue Anmeldung bei Ihrem Konto"
    body = body_of(mail)
    assert "Guten Tag Paula Pflicht" in body
    assert "Browser: Firefox auf Linux" in body
    assert "/account/sessions" in body
    assert "/account/reset" in body
    assert "Wenn Sie das nicht waren" in body

    sign_in(browser(app), user)
    assert len(mailbox.messages()) == 2


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.VERIFIED])
def test_other_accounts_get_no_notice(app, make_user, mailbox, role):
    user = make_user(roles=() if role is Role.RESIDENT else (role,))
    sign_in(browser(app), user)
    assert mailbox.messages() == []


def test_the_roles_are_configurable(app, make_user, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNIN_NOTICE_ROLES", ["admin"])
    sign_in(browser(app), make_user(roles=(Role.MODERATOR,)))
    assert mailbox.messages() == []
    sign_in(browser(app), make_user(roles=(Role.ADMIN,)))
    assert len(mailbox.messages()) == 1


def test_no_notice_for_a_failed_sign_in_or_a_remembered_browser(app, db, make_user, mailbox):
    user = make_user(roles=(Role.ADMIN,))
    sign_in(browser(app), user, password="falsch-geraten-1")
    assert mailbox.messages() == []
    first = browser(app)
    sign_in(first, user, remember=True)
    assert len(mailbox.messages()) == 1
    restarted = browser(app)
    restarted.set_cookie("remember_token", first.get_cookie("remember_token").value)
    assert restarted.get("/profile/").status_code == 200
    assert len(mailbox.messages()) == 1


def test_the_notice_is_written_with_the_sign_in(app, db, make_user):
    user = make_user(roles=(Role.STAFF,))
    sign_in(browser(app, FIREFOX_LINUX), user)
    [notice] = db.session.scalars(
        select(Notification).where(
            Notification.recipient_id == user.id, Notification.kind == "account.signin_notice"
        )
    )
    assert notice.payload["browser"] == "Firefox / Linux"
    assert "at" in notice.payload


def test_an_english_account_gets_the_notice_in_english(app, make_user, mailbox):
    user = make_user(roles=(Role.ADMIN,), locale="en")
    sign_in(browser(app, FIREFOX_LINUX), user)
    mail = mailbox.last()
    assert mail["To"] == user.email
    assert "/account/sessions" in body_of(mail)
