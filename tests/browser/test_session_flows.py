"""Signed-in browsers and the confirm page in Chromium: signing out the other browsers with the
keyboard alone, and confirming the password (with a code) without JavaScript before a
sensitive page."""

from __future__ import annotations

from playwright.sync_api import expect

from participation.accounts import services
from participation.extensions import db
from tests.browser.authenticator import next_code
from tests.browser.helpers import ACCOUNTS, PASSWORD, new_address, sign_in, type_into
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import flash, sign_in_by_keyboard

SESSIONS_LINK = "main a[href='/account/sessions']"
SIGN_OUT_OTHERS = "main form[action='/account/sessions/others'] button"


def new_resident(server) -> str:
    """Create a confirmed resident of its own for one journey; return the address."""
    address = new_address("browser")
    with server.app.app_context():
        services.register(address, "Bruno Browser", PASSWORD, "de").user.confirm_email()
        db.session.commit()
    return address


def test_keyboard_only_sign_out_of_the_other_browsers(new_page, live_server):
    address = new_resident(live_server)
    phone = new_page(360)
    sign_in(phone, address)
    desk = new_page(1280)
    sign_in_by_keyboard(desk, address)

    desk.goto("/profile/")
    press(desk, SESSIONS_LINK)
    expect(desk.locator("main h1")).to_have_text("Angemeldete Browser")
    expect(desk.locator(".session-list__item")).to_have_count(2)
    expect(desk.locator(".session-list__item").first).to_contain_text("Dieser Browser")
    press(desk, SIGN_OUT_OTHERS)
    expect(flash(desk)).to_contain_text("1 anderer Browser ist jetzt abgemeldet.")
    expect(desk.locator(".session-list__item")).to_have_count(1)
    expect(desk.locator("main")).to_contain_text("Sie sind nur in diesem Browser angemeldet.")

    phone.goto("/profile/")
    expect(phone).to_have_url(f"{live_server.url}/account/signin?next=/profile/")
    expect(flash(phone)).to_contain_text("Sie wurden in diesem Browser abgemeldet.")


def test_confirm_the_password_before_a_sensitive_page_without_javascript(nojs_context, live_server):
    address = ACCOUNTS[("staff", "de")]  # holds a second factor, as staff must
    resident = live_server.user_id(ACCOUNTS[("resident", "de")])
    page = nojs_context.new_page()
    sign_in(page, address)
    config = live_server.app.config
    saved = config["REAUTH_MAX_AGE"]
    config["REAUTH_MAX_AGE"] = -1  # the sign-in no longer counts
    try:
        page.goto(f"/verification/{resident}")
        expect(page).to_have_url(
            f"{live_server.url}/account/reconfirm?next=/verification/{resident}"
        )
    finally:
        config["REAUTH_MAX_AGE"] = saved
    expect(page.locator("main h1")).to_have_text("Bitte bestätigen Sie, dass Sie es sind")
    page.locator("#password").fill("falsches-Passwort-123")
    page.locator("#code").fill("123456")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_contain_text("Passwort oder der Code")
    expect(page.locator("#code")).to_have_value("123456")  # the code is kept, never the password

    type_into(page, "#password", PASSWORD)
    page.locator("#code").fill(next_code(address))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/verification/{resident}")
    expect(page.locator("#surname")).to_be_visible()
