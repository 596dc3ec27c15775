import re

import pytest

from tests.conftest import PASSWORD

NEUTRAL = "E-Mail-Adresse oder Passwort sind nicht richtig."


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/account/signin", data={"email": email, "password": password, **extra})


def test_wrong_password_and_unknown_account_look_the_same(client, make_user):
    make_user(email="echt@example.org")
    wrong = sign_in(client, "echt@example.org", "falsches-passwort-1")
    unknown = sign_in(client, "gibtsnicht@example.org", "falsches-passwort-1")
    assert wrong.status_code == unknown.status_code == 200
    assert NEUTRAL in wrong.text and NEUTRAL in unknown.text

    def normalised(html):
        html = html.replace("echt@example.org", "X").replace("gibtsnicht@example.org", "X")
        return re.sub(r'name="csrf_token" value="[^"]*"', "", html)

    assert normalised(wrong.text) == normalised(unknown.text)


def test_sign_in_keeps_the_typed_address(client):
    response = sign_in(client, "tippfehler@example.org", "x")
    assert 'value="tippfehler@example.org"' in response.text


def test_successful_sign_in_and_sign_out(client, make_user):
    make_user(email="ok@example.org", display_name="Otto Ok")
    response = sign_in(client, "OK@example.org ")
    assert response.status_code == 302
    assert "Otto Ok" in client.get("/").text
    response = client.post("/account/signout", follow_redirects=True)
    assert "Sie sind abgemeldet" in response.text
    assert client.get("/profile/").status_code == 302


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    make_user(email="merken@example.org")
    response = sign_in(client, "merken@example.org", remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "Expires=" in remember[0]
    plain = sign_in(client.application.test_client(), "merken@example.org")
    assert not [c for c in plain.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]


def test_next_parameter_only_leads_within_the_site(client, make_user):
    make_user(email="weiter@example.org")
    response = client.post(
        "/account/signin?next=https://evil.example/",
        data={"email": "weiter@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"
    client.post("/account/signout")
    response = client.post(
        "/account/signin?next=/profile/", data={"email": "weiter@example.org", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/profile/"


def test_protected_page_sends_guests_to_sign_in(client):
    response = client.get("/profile/")
    assert response.status_code == 302
    assert "/account/signin?next=" in response.headers["Location"]


def test_failed_attempts_per_account_are_limited(client, app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNIN_LIMIT_PER_ACCOUNT", "3 per 15 minutes")
    make_user(email="ziel@example.org")
    for _ in range(3):
        assert sign_in(client, "ziel@example.org", "falsch-falsch-1").status_code == 200
    blocked = sign_in(client, "ziel@example.org")  # even the right password waits now
    assert blocked.status_code == 429
    assert "Zu viele Versuche" in blocked.text
    assert sign_in(client, "andere@example.org", "x").status_code == 200


def test_successful_sign_ins_do_not_count_against_the_account(client, app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNIN_LIMIT_PER_ACCOUNT", "2 per 15 minutes")
    make_user(email="oft@example.org")
    for _ in range(4):
        assert sign_in(client, "oft@example.org").status_code == 302
        client.post("/account/signout")


def test_attempts_per_address_are_limited(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNIN_LIMIT_PER_IP", "4 per 10 minutes")
    statuses = [sign_in(client, f"p{n}@example.org", "x").status_code for n in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]


@pytest.mark.parametrize("email", ["", "a" * 400, "not-an-email", "ä@ö", "a@b@c.de"])
def test_malformed_sign_in_input_is_not_an_error(client, email):
    response = sign_in(client, email, "irgendein-passwort")
    assert response.status_code == 200
    assert "kern-error" in response.text
    assert 'aria-invalid="true"' in response.text


def test_limits_are_shared_between_app_servers_through_redis(app, database_url):
    """Two app processes on one Redis count sign-in attempts together (the scale-out path)."""
    import uuid

    import redis

    from participation import create_app
    from tests.redisutil import require_redis

    url = require_redis()
    redis.Redis.from_url(url).flushdb()  # database 15 belongs to the tests
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": url,
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "SIGNIN_LIMIT_PER_IP": "3 per minute",
    }
    first, second = (create_app("testing", **settings) for _ in range(2))
    data = {"email": "x@example.org", "password": "falsch-falsch-1"}
    statuses = [
        server.test_client().post("/account/signin", data=data).status_code
        for server in (first, second, first, second)
    ]
    assert statuses == [200, 200, 200, 429]
