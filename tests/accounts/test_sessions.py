"""Signed-in browsers: a row per sign-in, removed at sign-out; a removed row signs the browser
out; a remember-me restore and a session without a row get one; last seen is kept coarse."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from participation.accounts import browsers
from participation.accounts.sessions import SESSION_KEY
from participation.core.models import utcnow
from tests.accounts.sessions_helpers import (
    FIREFOX_LINUX,
    SAFARI_IPHONE,
    browser,
    is_signed_in,
    rows,
    sign_in,
)


@pytest.fixture(autouse=True)
def no_second_factor(app, monkeypatch):
    """Plain sign-in for every role: these tests are about browsers, not codes."""
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", [])


def test_sign_in_adds_a_row_and_sign_out_removes_it(app, db, make_user):
    user = make_user()
    client = browser(app, FIREFOX_LINUX)
    assert sign_in(client, user).status_code == 302
    [row] = rows(db, user)
    assert row.browser == "Firefox / Linux"
    with client.session_transaction() as session:
        token = session[SESSION_KEY]
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() != token

    client.post("/account/signout")
    assert rows(db, user) == []
    assert not is_signed_in(client)


def test_a_removed_row_signs_that_browser_out(app, db, make_user):
    user = make_user()
    client = browser(app)
    sign_in(client, user, remember=True)
    for row in rows(db, user):
        db.session.delete(row)
    db.session.commit()

    response = client.get("/proposals/")
    assert response.status_code == 302
    assert "/account/signin" in response.headers["Location"]
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("remember_token=;") for c in cookies)  # the cookie is deleted
    page = client.get(response.headers["Location"])
    assert "Sie wurden in diesem Browser abgemeldet" in page.text
    assert not is_signed_in(client)


def test_a_remember_me_restore_registers_the_browser(app, db, make_user):
    user = make_user()
    first = browser(app, FIREFOX_LINUX)
    sign_in(first, user, remember=True)
    remembered = first.get_cookie("remember_token")
    assert remembered is not None

    restarted = browser(app, SAFARI_IPHONE)  # no session cookie, only the remember-me cookie
    restarted.set_cookie("remember_token", remembered.value)
    response = restarted.get("/profile/")
    assert response.status_code == 200
    assert sorted(row.browser for row in rows(db, user)) == ["Firefox / Linux", "Safari / iOS"]
    session_cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")
    )
    assert "Expires=" in session_cookie  # kept across restarts, as "remember me" promised
    assert is_signed_in(restarted)
    assert len(rows(db, user)) == 2  # registered once


def test_remember_me_keeps_the_session_cookie_and_a_plain_sign_in_does_not(app, db, make_user):
    user = make_user()
    remembered = sign_in(browser(app), user, remember=True)
    plain = sign_in(browser(app), user)

    def session_cookie(response):
        return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))

    assert "Expires=" in session_cookie(remembered)
    assert "Expires=" not in session_cookie(plain)


def test_a_session_without_a_row_gets_one(client, db, make_user):
    user = make_user()
    with client.session_transaction() as session:  # as many tests do
        session["_user_id"] = user.session_token
    assert rows(db, user) == []
    assert client.get("/").status_code == 200
    assert len(rows(db, user)) == 1
    client.get("/proposals/")
    assert len(rows(db, user)) == 1


def test_last_seen_is_noted_at_most_every_five_minutes(client, db, login_as):
    user = login_as("resident")
    [row] = rows(db, user)
    recent = utcnow() - timedelta(minutes=2)
    row.last_seen_at = recent
    db.session.commit()
    client.get("/")
    [row] = rows(db, user)
    assert row.last_seen_at == recent

    row.last_seen_at = utcnow() - timedelta(minutes=6)
    db.session.commit()
    client.get("/")
    [row] = rows(db, user)
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)


def test_a_browser_whose_token_was_rotated_is_told_and_loses_its_row(app, db, make_user):
    user = make_user()
    client = browser(app)
    sign_in(client, user, remember=True)
    user.session_token = "rotated-by-something-else"  # a rotation that left the rows behind
    db.session.commit()
    response = client.get("/proposals/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/signin?next=/proposals/"
    assert any(c.startswith("remember_token=;") for c in response.headers.getlist("Set-Cookie"))
    assert "Sie wurden in diesem Browser abgemeldet" in client.get("/account/signin").text
    assert rows(db, user) == []
    with client.session_transaction() as session:
        assert SESSION_KEY not in session
    assert client.get("/proposals/").status_code == 200  # a guest now, told once


def test_sign_out_everywhere_removes_every_row(app, db, make_user):
    user = make_user()
    here, there = browser(app), browser(app, SAFARI_IPHONE)
    sign_in(here, user)
    sign_in(there, user, remember=True)
    assert len(rows(db, user)) == 2

    here.post("/profile/signout-everywhere")
    assert rows(db, user) == []
    assert not is_signed_in(here)
    assert not is_signed_in(there)


def test_a_password_change_keeps_this_browser_and_ends_the_others(app, db, make_user):
    user = make_user()
    here, there = browser(app), browser(app, SAFARI_IPHONE)
    sign_in(here, user)
    sign_in(there, user)
    new = "Ganz-neue-Phrase-2026"
    response = here.post(
        "/profile/password",
        data={
            "password-current_password": "Lange-Testphrase-2026",
            "password-password": new,
            "password-password_confirm": new,
        },
    )
    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(there)
    assert [row.browser for row in rows(db, user)] == ["Firefox / Linux"]


def test_browsers_that_lost_their_cookie_long_ago_are_dropped_at_sign_in(app, db, make_user):
    user = make_user()
    sign_in(browser(app), user)
    [old] = rows(db, user)
    old.last_seen_at = utcnow() - app.permanent_session_lifetime - timedelta(days=1)
    db.session.commit()
    sign_in(browser(app, SAFARI_IPHONE), user)
    assert [row.browser for row in rows(db, user)] == ["Safari / iOS"]


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (FIREFOX_LINUX, "Firefox / Linux"),
        (SAFARI_IPHONE, "Safari / iOS"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge / Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36",
            "Chrome / Android",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/17.5 Safari/605.1.15",
            "Safari / macOS",
        ),
        ("curl/8.5.0", " / "),
        ("", " / "),
        (None, " / "),
    ],
)
def test_browser_names_are_family_and_system_only(agent, expected):
    assert browsers.describe(agent) == expected


def test_browser_labels_read_as_a_phrase(app):
    with app.test_request_context():
        assert browsers.label("Firefox / Linux") == "Firefox auf Linux"
        assert browsers.label("Chrome / ") == "Chrome"
        assert browsers.label(" / ") == "Unbekannter Browser"
