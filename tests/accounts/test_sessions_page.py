"""The page of signed-in browsers: what it lists, and signing out all the other browsers."""

from __future__ import annotations

import pytest

from tests.accounts.sessions_helpers import (
    FIREFOX_LINUX,
    SAFARI_IPHONE,
    browser,
    is_signed_in,
    rows,
    sign_in,
)

PAGE = "/account/sessions"


@pytest.fixture(autouse=True)
def no_second_factor(app, monkeypatch):
    """Plain sign-in for every role: these tests are about browsers, not codes."""
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", [])


def test_guests_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/account/signin" in response.headers["Location"]


def test_the_page_lists_each_browser_and_marks_this_one(app, db, make_user):
    user = make_user()
    here, phone = browser(app, FIREFOX_LINUX), browser(app, SAFARI_IPHONE)
    sign_in(here, user)
    sign_in(phone, user)
    page = here.get(PAGE)
    assert page.status_code == 200
    assert "Firefox auf Linux" in page.text and "Safari auf iOS" in page.text
    marker = '<span class="kern-label">Dieser Browser</span>'
    assert page.text.count(marker) == 1
    assert page.text.index("Firefox auf Linux") < page.text.index(marker)
    assert page.text.index(marker) < page.text.index("Safari auf iOS")
    assert "Alle anderen Browser abmelden" in page.text
    assert "127.0.0.1" not in page.text


def test_the_profile_links_to_the_page(client, login_as):
    login_as("resident")
    assert f'href="{PAGE}"' in client.get("/profile/").text


def test_alone_there_is_nothing_to_sign_out(app, make_user):
    user = make_user()
    here = browser(app)
    sign_in(here, user)
    page = here.get(PAGE)
    assert "Sie sind nur in diesem Browser angemeldet." in page.text
    assert 'action="/account/sessions/others"' not in page.text


def test_signing_out_the_others_keeps_this_browser(app, db, make_user):
    user = make_user()
    here, phone, laptop = browser(app), browser(app, SAFARI_IPHONE), browser(app)
    sign_in(here, user)
    sign_in(phone, user, remember=True)
    sign_in(laptop, user)
    remembered = phone.get_cookie("remember_token").value

    response = here.post(f"{PAGE}/others", follow_redirects=True)
    assert "2 andere Browser sind jetzt abgemeldet." in response.text
    assert is_signed_in(here)
    assert not is_signed_in(phone)
    assert not is_signed_in(laptop)
    revived = browser(app, SAFARI_IPHONE)  # the phone's remember-me cookie is dead too
    revived.set_cookie("remember_token", remembered)
    assert not is_signed_in(revived)
    [kept] = rows(db, user)
    assert kept.browser == "Firefox / Linux"
    assert "Sie sind nur in diesem Browser angemeldet." in here.get(PAGE).text


def test_signing_out_the_others_keeps_this_browsers_remember_me(app, db, make_user):
    user = make_user()
    here = browser(app)
    sign_in(here, user, remember=True)
    response = here.post(f"{PAGE}/others")
    cookies = response.headers.getlist("Set-Cookie")
    fresh = [c for c in cookies if c.startswith("remember_token=") and "Expires=Thu, 01" not in c]
    assert fresh, cookies  # a new remember-me cookie for the new session token
    restarted = browser(app)
    restarted.set_cookie("remember_token", here.get_cookie("remember_token").value)
    assert is_signed_in(restarted)


def test_a_single_other_browser_is_counted_in_the_singular(app, make_user):
    user = make_user()
    here, there = browser(app), browser(app)
    sign_in(here, user)
    sign_in(there, user)
    response = here.post(f"{PAGE}/others", follow_redirects=True)
    assert "1 anderer Browser ist jetzt abgemeldet." in response.text
