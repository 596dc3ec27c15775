"""Two-factor sign-in by keyboard alone: set it up from the profile, sign in again with a code
from the (simulated) app, then with a recovery code."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from participation.accounts import services
from participation.extensions import db
from tests.browser.authenticator import next_code
from tests.browser.helpers import PASSWORD, new_address, type_into
from tests.browser.test_proposal_flows import flash, press, sign_in_by_keyboard

SIGN_OUT = "form[action$='/account/signout'] button"
CODE = "main input#code"
SEND = "main form button[type=submit]"


def register(live_server, address: str) -> None:
    """Add a confirmed resident account (no second factor yet)."""
    with live_server.app.app_context():
        services.register(address, "Kira Keyboard", PASSWORD, "de").user.confirm_email()
        db.session.commit()


def password_by_keyboard(page: Page, address: str) -> None:
    """Type address and password on the sign-in page and press Enter: the code is asked."""
    page.goto("/account/signin")
    type_into(page, "#email", address)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/account/signin/code"))


def sign_out_by_keyboard(page: Page) -> None:
    """Press the header's sign-out button and wait until it is done."""
    press(page, SIGN_OUT)
    expect(flash(page)).to_have_text("Sie sind abgemeldet.")


def set_up_by_keyboard(page: Page, address: str) -> tuple[str, list[str]]:
    """From the profile to the recovery codes; return the secret and the codes."""
    page.goto("/profile/")
    press(page, "main a[href='/account/two-factor/']")
    expect(page.locator("#two-factor-state")).to_contain_text("Ausgeschaltet")
    press(page, "main a[href='/account/two-factor/setup']")
    expect(page.locator(".two-factor-qr svg")).to_have_attribute("role", "img")
    secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    type_into(page, CODE, next_code(address, secret))
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Ihre Wiederherstellungscodes")
    codes = page.locator(".two-factor-codes__list code").all_inner_texts()
    assert len(codes) == 10
    press(page, "#saved", " ")
    press(page, SEND)
    expect(flash(page)).to_have_text("Die Anmeldung mit zweitem Faktor ist eingeschaltet.")
    expect(page.locator("#two-factor-codes-left")).to_contain_text("10 Wiederherstellungscodes")
    return secret, codes


def test_set_up_then_sign_in_with_app_and_recovery_code_by_keyboard(new_page, live_server):
    page = new_page(1280)
    address = new_address("tastatur-2fa")
    register(live_server, address)
    sign_in_by_keyboard(page, address)
    secret, codes = set_up_by_keyboard(page, address)

    sign_out_by_keyboard(page)
    password_by_keyboard(page, address)
    expect(page.locator(SIGN_OUT)).to_have_count(0)  # not signed in before the code
    type_into(page, CODE, next_code(address, secret))
    page.keyboard.press("Enter")
    expect(flash(page)).to_have_text("Sie sind angemeldet.")

    sign_out_by_keyboard(page)
    password_by_keyboard(page, address)
    press(page, "main a[href*='mode=recovery']")
    expect(page).to_have_url(re.compile(r"mode=recovery"))
    type_into(page, CODE, codes[0])
    page.keyboard.press("Enter")
    expect(flash(page).first).to_have_text("Sie sind angemeldet.")
    expect(flash(page).nth(1)).to_contain_text("Sie haben noch 9 Codes.")
    mails = live_server.mails_to(address)
    assert "Wiederherstellungscode" in mails[-1]["Subject"]

    sign_out_by_keyboard(page)
    password_by_keyboard(page, address)
    press(page, "main a[href*='mode=recovery']")
    expect(page).to_have_url(re.compile(r"mode=recovery"))
    type_into(page, CODE, codes[0])  # used up
    page.keyboard.press("Enter")
    expect(page.locator(CODE)).to_have_attribute("aria-invalid", "true")
    expect(page.locator(SIGN_OUT)).to_have_count(0)
