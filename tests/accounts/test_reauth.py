"""Re-authentication before sensitive acts: the confirm page, the way back, the time window,
two-factor codes, and where `@recent_sign_in_required` is applied."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest

from participation.accounts import reauth, totp
from participation.core.permissions import Role
from tests.accounts.sessions_helpers import browser, sign_in
from tests.conftest import PASSWORD

CONFIRM = "/account/reconfirm"


@pytest.fixture(autouse=True)
def no_second_factor_required(app, monkeypatch):
    """Nobody must set up a second factor here; the tests that want one switch it on."""
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", [])


@pytest.fixture()
def admin_without_confirmation(client, make_user):
    """A signed-in admin whose session holds no recent confirmation (a remembered browser)."""
    user = make_user(roles=(Role.ADMIN,))
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
    return user


def confirm_target(response) -> tuple[str, dict]:
    """Return the path a redirect leads to and its query parameters."""
    parts = urlsplit(response.headers["Location"])
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


def test_a_sensitive_page_asks_for_the_password_first(client, admin_without_confirmation):
    page = f"/admin/users/{admin_without_confirmation.id}"
    response = client.get(page)
    assert response.status_code == 302
    assert confirm_target(response) == (CONFIRM, {"next": page})
    form = client.get(response.headers["Location"])
    assert form.status_code == 200
    assert "Bitte bestätigen Sie, dass Sie es sind" in form.text
    assert 'autocomplete="current-password"' in form.text
    assert 'name="code"' not in form.text


def test_a_wrong_password_keeps_the_person_out(client, admin_without_confirmation):
    page = f"/admin/users/{admin_without_confirmation.id}"
    response = client.post(f"{CONFIRM}?next={page}", data={"password": "falsch-geraten-1"})
    assert response.status_code == 400
    assert "Das Passwort ist nicht richtig." in response.text
    assert client.get(page).status_code == 302
    empty = client.post(f"{CONFIRM}?next={page}", data={"password": ""})
    assert empty.status_code == 400
    assert "Bitte geben Sie Ihr Passwort ein." in empty.text


def test_the_right_password_leads_back_to_the_page(client, admin_without_confirmation):
    page = f"/admin/users/{admin_without_confirmation.id}"
    response = client.post(f"{CONFIRM}?next={page}", data={"password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == page
    assert client.get(page).status_code == 200


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_next_never_leads_off_the_site(client, admin_without_confirmation, target):
    response = client.post(CONFIRM, query_string={"next": target}, data={"password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_the_confirmation_expires(app, client, admin_without_confirmation, monkeypatch):
    user = admin_without_confirmation
    page = f"/admin/users/{user.id}"
    with client.session_transaction() as session:
        session[reauth.SESSION_KEY] = {"user": user.id, "at": int(time.time()) - 800}
    assert client.get(page).status_code == 200
    with client.session_transaction() as session:
        session[reauth.SESSION_KEY] = {"user": user.id, "at": int(time.time()) - 901}
    assert client.get(page).status_code == 302
    monkeypatch.setitem(app.config, "REAUTH_MAX_AGE", 3600)
    assert client.get(page).status_code == 200


def test_a_confirmation_counts_only_for_its_own_account(client, make_user, db):
    other = make_user()
    user = make_user(roles=(Role.ADMIN,))
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session[reauth.SESSION_KEY] = reauth.stamp(other)
    assert client.get(f"/admin/users/{user.id}").status_code == 302


def test_a_fresh_sign_in_counts_and_signing_out_forgets_it(app, make_user):
    user = make_user(roles=(Role.ADMIN,))
    client = browser(app)
    sign_in(client, user)
    page = f"/admin/users/{user.id}"
    assert client.get(page).status_code == 200
    client.post("/account/signout")
    with client.session_transaction() as session:  # signed in again without the form
        session["_user_id"] = user.session_token
    assert client.get(page).status_code == 302


def test_a_form_sent_unconfirmed_is_not_saved_and_shown_again(
    client, admin_without_confirmation, make_user, db
):
    target = make_user()
    page = f"/admin/users/{target.id}"
    response = client.post(page, data={"roles": ["moderator"]})
    path, query = confirm_target(response)
    assert (path, query) == (CONFIRM, {"next": page, "repeat": "1"})
    db.session.refresh(target)
    assert not target.has_role(Role.MODERATOR)
    form = client.get(response.headers["Location"])
    assert "Ihre Eingabe ist noch nicht gespeichert." in form.text

    back = client.post(response.headers["Location"], data={"password": PASSWORD})
    assert back.headers["Location"] == page
    shown = client.get(page)
    assert shown.status_code == 200
    assert "Bitte senden Sie das Formular jetzt noch einmal." in shown.text
    assert client.post(page, data={"roles": ["moderator"]}).status_code == 302
    db.session.refresh(target)
    assert target.has_role(Role.MODERATOR)


def test_a_button_without_a_page_of_its_own_leads_back_to_the_page_it_was_on(client, make_user):
    council = make_user(roles=(Role.COUNCIL,))
    with client.session_transaction() as session:
        session["_user_id"] = council.session_token
    action = "/results/manage/123/publish"
    same_site = client.post(action, headers={"Referer": "http://localhost/results/manage/123"})
    assert confirm_target(same_site)[1]["next"] == "/results/manage/123"
    foreign = client.post(action, headers={"Referer": "https://evil.example/results/manage/1"})
    assert confirm_target(foreign)[1]["next"] == "/"
    none = client.post(action)
    assert confirm_target(none)[1]["next"] == "/"


def test_too_many_wrong_passwords_are_refused(client, admin_without_confirmation):
    for _attempt in range(5):
        assert client.post(CONFIRM, data={"password": "falsch-geraten-1"}).status_code == 400
    assert client.post(CONFIRM, data={"password": PASSWORD}).status_code == 429


def switch_on_two_factor(db, user) -> str:
    """Give `user` two-factor sign-in; return the secret (its current code is still unused)."""
    secret = totp.new_secret()
    assert totp.enable(user, secret, pyotp.TOTP(secret).now())
    user.totp_last_step -= 3  # the code typed at set-up was an earlier one
    db.session.commit()
    return secret


def test_with_two_factor_sign_in_a_code_is_needed_too(client, admin_without_confirmation, db):
    user = admin_without_confirmation
    secret = switch_on_two_factor(db, user)
    page = f"/admin/users/{user.id}"
    form = client.get(f"{CONFIRM}?next={page}")
    assert 'name="code"' in form.text and 'autocomplete="one-time-code"' in form.text

    no_code = client.post(f"{CONFIRM}?next={page}", data={"password": PASSWORD})
    assert no_code.status_code == 400 and "Bitte geben Sie den Code ein." in no_code.text
    wrong = client.post(f"{CONFIRM}?next={page}", data={"password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 400
    assert "Das Passwort oder der Code ist nicht richtig." in wrong.text
    code = pyotp.TOTP(secret).now()
    bad_password = client.post(f"{CONFIRM}?next={page}", data={"password": "x", "code": code})
    assert bad_password.status_code == 400
    right = client.post(f"{CONFIRM}?next={page}", data={"password": PASSWORD, "code": code})
    assert right.headers["Location"] == page
    assert client.get(page).status_code == 200


def test_a_recovery_code_works_once(client, admin_without_confirmation, db):
    user = admin_without_confirmation
    switch_on_two_factor(db, user)
    code = totp.new_recovery_codes(user)[0]
    db.session.commit()
    assert client.post(CONFIRM, data={"password": PASSWORD, "code": code}).status_code == 302
    again = client.post(CONFIRM, data={"password": PASSWORD, "code": code})
    assert again.status_code == 400


SENSITIVE = {
    "admin.user_roles",
    "results.publish",
    "verification.account",
    "verification.verify",
    "survey_results.export_csv",
    "survey_results.export_json",
}


def test_the_sensitive_acts_ask_for_a_recent_confirmation(app):
    guarded = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "recent_sign_in", False)
    }
    assert guarded >= SENSITIVE
