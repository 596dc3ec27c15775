import pytest

from participation.accounts import services
from tests.conftest import PASSWORD

NEW = "Ganz-neues-Passwort-77"


def tamper(link: str) -> str:
    return link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")


def sign_up(client) -> None:
    """Sign up t@example.org (the confirmation mail lands in the mailbox)."""
    client.post(
        "/account/signup",
        data={
            "email": "t@example.org",
            "display_name": "Tina",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )


def test_tampered_confirmation_link_is_refused(client, make_user, mailbox):
    sign_up(client)
    response = client.get(tamper(mailbox.last_link()))
    assert response.status_code == 400
    assert "ungültig" in response.text
    assert "Neuen Bestätigungslink anfordern" in response.text


def test_expired_confirmation_link_is_refused(client, app, mailbox, monkeypatch):
    sign_up(client)
    monkeypatch.setitem(app.config, "CONFIRM_TOKEN_MAX_AGE", -1)
    response = client.get(mailbox.last_link())
    assert response.status_code == 400
    assert "abgelaufen" in response.text


def test_confirmation_link_for_an_old_address_is_refused(client, db, make_user):
    user = make_user(email="alt@example.org", confirmed=False)
    token = services.confirmation_token(user)
    user.email = "neu@example.org"
    db.session.flush()
    assert client.get(f"/account/confirm/{token}").status_code == 400


def test_garbage_tokens_never_cause_a_server_error(client):
    for token in ["x", "a" * 2000, "%00", "..", "eyJ1aWQiOjF9.abc.def"]:
        for path in ["/account/confirm/", "/account/reset/", "/profile/email/"]:
            assert client.get(path + token).status_code in (400, 404), path + token


def request_reset(client, mailbox, email="r@example.org"):
    client.post("/account/reset", data={"email": email})
    return mailbox.last_link()


def test_password_reset_works_once(client, make_user, mailbox):
    make_user(email="r@example.org")
    link = request_reset(client, mailbox)
    assert link.startswith("/account/reset/")
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": NEW, "password_confirm": NEW})
    assert response.status_code == 302
    assert "Passwort wurde geändert" in mailbox.last()["Subject"]
    again = client.post(link, data={"password": NEW + "x", "password_confirm": NEW + "x"})
    assert again.status_code == 400
    assert "schon benutzt" in again.text
    signin = client.post("/account/signin", data={"email": "r@example.org", "password": NEW})
    assert signin.status_code == 302


def test_reset_request_is_neutral(client, make_user, mailbox):
    make_user(email="r@example.org")
    known = client.post("/account/reset", data={"email": "r@example.org"}, follow_redirects=True)
    unknown = client.post(
        "/account/reset", data={"email": "niemand@example.org"}, follow_redirects=True
    )
    assert known.text.replace("r@example.org", "X") == unknown.text.replace(
        "niemand@example.org", "X"
    )
    assert len(mailbox.messages()) == 1


def test_expired_and_tampered_reset_links_are_refused(client, app, make_user, mailbox, monkeypatch):
    make_user(email="r@example.org")
    link = request_reset(client, mailbox)
    response = client.get(tamper(link))
    assert response.status_code == 400 and "ungültig" in response.text
    monkeypatch.setitem(app.config, "RESET_TOKEN_MAX_AGE", -1)
    response = client.get(link)
    assert response.status_code == 400 and "abgelaufen" in response.text
    assert "Neuen Link zum Zurücksetzen anfordern" in response.text


def test_reset_form_errors_are_shown(client, make_user, mailbox):
    make_user(email="r@example.org")
    link = request_reset(client, mailbox)
    response = client.post(link, data={"password": "kurz", "password_confirm": "kurz"})
    assert response.status_code == 200
    assert "mindestens 10 Zeichen" in response.text


def test_tokens_of_one_kind_do_not_work_for_another(client, make_user, mailbox):
    user = make_user(email="r@example.org", confirmed=False)
    confirm = services.confirmation_token(user)
    assert client.get(f"/account/reset/{confirm}").status_code == 400


@pytest.mark.parametrize("lang, text", [("de", "abgelaufen"), ("en", "expired")])
def test_link_problem_page_is_translated(client, app, make_user, monkeypatch, lang, text):
    user = make_user(confirmed=False)
    token = services.confirmation_token(user)
    client.post("/language", data={"lang": lang})
    monkeypatch.setitem(app.config, "CONFIRM_TOKEN_MAX_AGE", -1)
    assert text in client.get(f"/account/confirm/{token}").text
