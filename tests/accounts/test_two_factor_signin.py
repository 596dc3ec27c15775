"""Signing in with a second factor: the code step after the password, recovery codes, limits,
the forced set-up for roles that require it, and what "none" in TWO_FACTOR_ROLES changes."""

from __future__ import annotations

import re
import time

import pytest

from participation.accounts import totp
from participation.accounts import twofactor_session as state
from participation.core.permissions import Role
from tests.accounts.conftest import TOTP_SECRET
from tests.conftest import PASSWORD

CODE_PAGE, SETUP_PAGE = "/account/signin/code", "/account/signin/setup"
CODES_PAGE = "/account/signin/recovery-codes"
CODE_PATTERN = re.compile(r"<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>")


def password_step(client, email, password=PASSWORD, path="/account/signin", **extra):
    return client.post(path, data={"email": email, "password": password, **extra})


def signed_in(client) -> bool:
    return client.get("/profile/").status_code == 200


@pytest.fixture()
def person(make_user, with_two_factor):
    """A resident with two-factor sign-in on; `.codes` are its recovery codes."""
    user = make_user(email="zwei@example.org", display_name="Zora Zweifaktor")
    user.codes = with_two_factor(user)
    return user


def test_the_password_alone_does_not_sign_in(client, person):
    response = password_step(client, "zwei@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == CODE_PAGE
    assert not signed_in(client)
    page = client.get(CODE_PAGE)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.text and 'inputmode="numeric"' in page.text


def test_a_code_from_the_app_signs_in(client, person, clock):
    password_step(client, "zwei@example.org")
    response = client.post(CODE_PAGE, data={"code": clock.code()})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert signed_in(client)


def test_a_wrong_code_is_refused_and_a_used_code_cannot_be_used_again(client, app, person, clock):
    password_step(client, "zwei@example.org")
    wrong = client.post(
        CODE_PAGE, data={"code": "000000" if clock.code() != "000000" else "111111"}
    )
    assert wrong.status_code == 400
    assert "Der Code ist nicht richtig." in wrong.text
    code = clock.code()
    assert client.post(CODE_PAGE, data={"code": code}).status_code == 302

    other = app.test_client()  # someone who overheard the code, with the password
    password_step(other, "zwei@example.org")
    replayed = other.post(CODE_PAGE, data={"code": code})
    assert replayed.status_code == 400
    assert "Dieser Code wurde schon benutzt." in replayed.text
    assert not signed_in(other)


def test_next_and_remember_me_are_carried_through(client, person, clock):
    response = password_step(
        client, "zwei@example.org", path="/account/signin?next=/profile/", remember="y"
    )
    assert response.headers["Location"] == CODE_PAGE + "?next=/profile/"
    done = client.post(response.headers["Location"], data={"code": clock.code()})
    assert done.headers["Location"] == "/profile/"
    cookies = done.headers.getlist("Set-Cookie")
    assert [c for c in cookies if c.startswith("remember_token=")]


def test_without_remember_me_no_lasting_cookie(client, person, clock):
    password_step(client, "zwei@example.org")
    done = client.post(CODE_PAGE, data={"code": clock.code()})
    assert not [c for c in done.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]


def test_a_recovery_code_works_once_and_the_owner_is_told(client, app, person, mailbox):
    password_step(client, "zwei@example.org")
    page = client.get(CODE_PAGE + "?mode=recovery")
    assert "Wiederherstellungscode" in page.text and 'inputmode="numeric"' not in page.text
    code = person.codes[3].lower().replace("-", " ")  # typed in lower case, with a space
    response = client.post(CODE_PAGE + "?mode=recovery", data={"code": code})
    assert response.status_code == 302
    landing = client.get("/").text
    assert "Sie haben noch 9 Codes." in landing
    notice = mailbox.last()
    assert notice["To"] == "zwei@example.org"
    assert "Wiederherstellungscode" in notice["Subject"]
    assert "noch 9 Wiederherstellungscodes" in notice.get_body(("plain",)).get_content()

    other = app.test_client()
    password_step(other, "zwei@example.org")
    again = other.post(CODE_PAGE, data={"code": person.codes[3]})
    assert again.status_code == 400
    assert not signed_in(other)


def test_wrong_codes_are_limited_per_account(client, app, person, clock, monkeypatch):
    monkeypatch.setitem(app.config, "TWO_FACTOR_LIMIT_PER_ACCOUNT", "3 per 15 minutes")
    password_step(client, "zwei@example.org")
    statuses = [client.post(CODE_PAGE, data={"code": "ABCDE-FGHJK"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    blocked = client.post(CODE_PAGE, data={"code": clock.code()})  # even the right one waits
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
    elsewhere = app.test_client()  # a new password step does not reset the count
    password_step(elsewhere, "zwei@example.org")
    assert elsewhere.post(CODE_PAGE, data={"code": clock.code()}).status_code == 429


def test_a_right_code_forgives_earlier_mistakes(client, app, person, clock, monkeypatch):
    monkeypatch.setitem(app.config, "TWO_FACTOR_LIMIT_PER_ACCOUNT", "3 per 15 minutes")
    password_step(client, "zwei@example.org")
    for _ in range(2):
        client.post(CODE_PAGE, data={"code": "000000" if clock.code() != "000000" else "1"})
    assert client.post(CODE_PAGE, data={"code": clock.code()}).status_code == 302
    client.post("/account/signout")
    clock.tick()
    password_step(client, "zwei@example.org")
    for _ in range(2):
        assert client.post(CODE_PAGE, data={"code": "ZZZZZ-ZZZZZ"}).status_code == 400
    assert client.post(CODE_PAGE, data={"code": clock.code()}).status_code == 302


def test_the_code_step_expires(client, person, clock, monkeypatch):
    password_step(client, "zwei@example.org")
    later = time.time() + state.CODE_STEP_SECONDS + 1
    monkeypatch.setattr(state.time, "time", lambda: later)
    response = client.post(CODE_PAGE, data={"code": clock.code()})
    assert response.status_code == 200
    assert "Anmeldung abgelaufen" in response.text
    assert not signed_in(client)


def test_the_code_page_without_a_password_step_explains_and_signs_nobody_in(client):
    for path in (CODE_PAGE, SETUP_PAGE, CODES_PAGE):
        page = client.get(path)
        assert page.status_code == 200 and "Anmeldung abgelaufen" in page.text
    assert client.post(CODE_PAGE, data={"code": "123456"}).status_code == 200
    assert not signed_in(client)


def test_a_password_change_meanwhile_ends_the_code_step(client, person, clock, db):
    password_step(client, "zwei@example.org")
    person.revoke_sessions()
    db.session.flush()
    assert "Anmeldung abgelaufen" in client.post(CODE_PAGE, data={"code": clock.code()}).text


@pytest.mark.parametrize(
    "data", [{}, {"code": ""}, {"code": "x" * 5000}, {"code": "١٢٣٤٥٦"}, {"code": ["1", "2"]}]
)
def test_malformed_codes_are_no_error(client, person, data):
    password_step(client, "zwei@example.org")
    response = client.post(CODE_PAGE, data=data)
    assert response.status_code == 400
    assert "kern-error" in response.text


def test_an_account_without_two_factor_and_no_required_role_signs_in_directly(client, make_user):
    make_user(email="ohne@example.org")
    assert password_step(client, "ohne@example.org").headers["Location"] == "/"
    assert signed_in(client)


# --- roles that require the second factor --------------------------------------------------


def test_a_required_role_without_two_factor_is_led_through_the_set_up(
    client, make_user, clock, db, mailbox
):
    user = make_user(email="pflicht@example.org", roles=(Role.MODERATOR,))
    response = password_step(client, "pflicht@example.org", path="/account/signin?next=/profile/")
    assert response.headers["Location"] == SETUP_PAGE + "?next=/profile/"
    page = client.get(response.headers["Location"])
    assert "Ihre Rolle verlangt aber die Anmeldung mit zweitem Faktor" in page.text
    assert not signed_in(client)  # no skipping: other pages still see a guest
    secret = re.search(r'id="two-factor-secret"[^>]*>([A-Z2-7 ]+)<', page.text).group(1)
    secret = secret.replace(" ", "")

    wrong = client.post(SETUP_PAGE + "?next=/profile/", data={"code": "12"})
    assert wrong.status_code == 400 and not signed_in(client)

    done = client.post(SETUP_PAGE + "?next=/profile/", data={"code": clock.code(secret)})
    assert done.headers["Location"] == CODES_PAGE + "?next=/profile/"
    codes_page = client.get(done.headers["Location"])
    assert len(CODE_PATTERN.findall(codes_page.text)) == 10
    assert not signed_in(client)  # not before the codes are acknowledged
    assert client.post(CODES_PAGE + "?next=/profile/", data={}).status_code == 400
    finished = client.post(CODES_PAGE + "?next=/profile/", data={"saved": "y"})
    assert finished.headers["Location"] == "/profile/"
    assert signed_in(client)
    db.session.refresh(user)
    assert user.has_two_factor and totp.recovery_codes_left(user) == 10


def test_the_forced_set_up_cannot_be_skipped_by_going_to_the_code_page(client, make_user):
    make_user(email="pflicht2@example.org", roles=(Role.ADMIN,))
    password_step(client, "pflicht2@example.org")
    assert client.get(CODE_PAGE).headers["Location"] == SETUP_PAGE
    assert client.post(CODE_PAGE, data={"code": "123456"}).headers["Location"] == SETUP_PAGE
    assert client.get(CODES_PAGE).headers["Location"] == CODE_PAGE
    assert not signed_in(client)


def test_with_two_factor_roles_none_nobody_is_forced(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", [])
    make_user(email="frei@example.org", roles=(Role.ADMIN,))
    assert password_step(client, "frei@example.org").headers["Location"] == "/"


def test_the_setting_is_parsed(monkeypatch):
    from config import env_roles

    default = ["moderator", "admin"]
    monkeypatch.delenv("TWO_FACTOR_ROLES", raising=False)
    assert env_roles("TWO_FACTOR_ROLES", default) == default
    for value, expected in [
        ("none", []),
        ("NONE", []),
        ("off", []),
        ("Admin, staff", ["admin", "staff"]),
    ]:
        monkeypatch.setenv("TWO_FACTOR_ROLES", value)
        assert env_roles("TWO_FACTOR_ROLES", default) == expected


def test_an_unknown_role_in_the_setting_stops_the_start(database_url):
    from participation import create_app

    with pytest.raises(RuntimeError, match="TWO_FACTOR_ROLES"):
        create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, TWO_FACTOR_ROLES=["admins"])


def test_a_person_with_the_app_signs_in_with_it_even_when_not_required(client, person, clock):
    assert not totp.required_for(person)
    assert password_step(client, "zwei@example.org").headers["Location"] == CODE_PAGE


def test_the_known_secret_is_what_the_fixture_uses(person):
    assert person.totp_secret == TOTP_SECRET
