"""The two-factor page states the browser tests visit (pages.py adds them to PAGES), and
`seed_two_factor()`: every account whose roles require a second factor gets one with the tests'
known secret, so helpers.sign_in can type its codes; plus the accounts these pages show."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from flask import current_app
from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import roles as role_service
from participation.accounts import services, totp
from participation.accounts.models import User
from participation.core.models import utcnow
from participation.core.permissions import Role
from participation.extensions import db
from tests.browser.authenticator import SECRET, next_code
from tests.browser.helpers import ACCOUNTS, PASSWORD, SUBMIT, switch_language
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

# A resident who uses two-factor sign-in (the code pages), and a moderator who has not set it
# up yet (the set-up the sign-in leads through).
WITH_APP = ("zweifaktor@example.org", "Zora Zweifaktor")
REQUIRED = ("pflichtfaktor@example.org", "Paul Pflicht")
CODE = "main input#code"
SECRET_TEXT = "#two-factor-secret"


def give_app(user: User) -> None:
    """Switch two-factor sign-in on for `user` with the tests' secret, as a set-up would."""
    user.totp_secret = SECRET
    user.totp_enabled_at = utcnow()
    totp.new_recovery_codes(user)


def seed_two_factor() -> None:
    """Give every account whose roles require it a second factor; add the pages' accounts."""
    required = set(current_app.config["TWO_FACTOR_ROLES"])
    for user in db.session.scalars(select(User)):
        if not user.has_two_factor and {role.value for role in user.role_set()} & required:
            give_app(user)
    for address, name in (WITH_APP, REQUIRED):
        services.register(address, name, PASSWORD, "de").user.confirm_email()
    db.session.flush()
    give_app(services.find_by_email(WITH_APP[0]))
    role_service.set_roles(services.find_by_email(REQUIRED[0]), {Role.MODERATOR}, actor=None)
    db.session.commit()


# --- signing in (as a guest) ---------------------------------------------------------------


def as_fresh_guest(page: Page, lang: str) -> None:
    """Forget any sign-in under way in this guest page, keeping its language."""
    page.context.clear_cookies()
    page.goto("/")
    if lang != "de":
        switch_language(page, lang)


def password_step(page: Page, address: str) -> None:
    """Send the sign-in form with the right password."""
    page.goto("/account/signin")
    page.locator("#email").fill(address)
    page.locator("#password").fill(PASSWORD)
    page.locator(SUBMIT).click()


def code_page(page: Page, server: LiveServer, lang: str) -> None:
    """The code step after the password of an account with the app."""
    password_step(page, WITH_APP[0])
    expect(page.locator(CODE)).to_have_attribute("autocomplete", "one-time-code")


def recovery_page(page: Page, server: LiveServer, lang: str) -> None:
    """The code step, switched to a recovery code."""
    code_page(page, server, lang)
    page.locator("main a[href*='mode=recovery']").click()
    expect(page.locator(CODE)).not_to_have_attribute("inputmode", "numeric")


def code_errors(page: Page, server: LiveServer, lang: str) -> None:
    """The code step after a wrong code."""
    code_page(page, server, lang)
    page.locator(CODE).fill("12")
    page.locator(SUBMIT).click()
    expect(page.locator(CODE)).to_have_attribute("aria-invalid", "true")


def forced_setup(page: Page, server: LiveServer, lang: str) -> None:
    """The set-up the sign-in leads a moderator without a second factor through."""
    password_step(page, REQUIRED[0])
    expect(page).to_have_url(re.compile(r"/account/signin/setup"))
    expect(page.locator(".two-factor-qr svg")).to_be_visible()


def forced_codes(page: Page, server: LiveServer, lang: str) -> None:
    """The recovery codes at the end of a forced set-up (a new moderator on every visit)."""
    address = f"pflicht-{uuid.uuid4().hex[:8]}@example.org"
    with server.app.app_context():
        user = services.register(address, "Petra Pflicht", PASSWORD, "de").user
        user.confirm_email()
        db.session.flush()
        role_service.set_roles(user, {Role.STAFF}, actor=None)
        db.session.commit()
    forced_setup_for(page, address)
    expect(page.locator(".two-factor-codes__list li")).to_have_count(10)


def forced_setup_for(page: Page, address: str) -> None:
    """Sign `address` in up to its recovery codes: type a code for the secret shown."""
    password_step(page, address)
    secret = page.locator(SECRET_TEXT).inner_text().replace(" ", "")
    page.locator(CODE).fill(next_code(address, secret))
    page.locator(SUBMIT).click()


def expired(page: Page, server: LiveServer, lang: str) -> None:
    """The code page when no sign-in is under way (it took too long)."""
    as_fresh_guest(page, lang)
    go("/account/signin/code")(page, server, lang)
    expect(page.locator("main a[href*='/account/signin']")).to_be_visible()


# --- the own pages (signed in) -------------------------------------------------------------


def setup_errors(page: Page, server: LiveServer, lang: str) -> None:
    """The set-up page after a code that is too short."""
    go("/account/two-factor/setup")(page, server, lang)
    page.locator(CODE).fill("12")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(CODE)).to_have_attribute("aria-invalid", "true")


def renewed_codes(page: Page, server: LiveServer, lang: str) -> None:
    """New recovery codes after a code from the app."""
    go("/account/two-factor/renew")(page, server, lang)
    page.locator(CODE).fill(next_code(ACCOUNTS[("admin", lang)]))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".two-factor-codes__list li")).to_have_count(10)


def renew_errors(page: Page, server: LiveServer, lang: str) -> None:
    """The renewal after a wrong code."""
    go("/account/two-factor/renew")(page, server, lang)
    page.locator(CODE).fill("ZZZZZ-ZZZZZ")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(CODE)).to_have_attribute("aria-invalid", "true")


def disable_form(page: Page, server: LiveServer, lang: str) -> None:
    """The switch-off form, shown while no role requires a second factor."""
    config = server.app.config
    saved = config["TWO_FACTOR_ROLES"]
    config["TWO_FACTOR_ROLES"] = []
    try:
        go("/account/two-factor/disable", shows=("#password", CODE))(page, server, lang)
    finally:
        config["TWO_FACTOR_ROLES"] = saved


def admin_user(path: str = "") -> object:
    """Return a visit to the admin page of the resident with the app (or `path` below it)."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"/admin/users/{server.user_id(WITH_APP[0])}{path}")(page, server, lang)

    return visit


TWO_FACTOR_PAGES = [
    PageCase("signin-code", code_page),
    PageCase("signin-code-recovery", recovery_page),
    PageCase("signin-code-errors", code_errors),
    PageCase("signin-setup-forced", forced_setup),
    PageCase("signin-recovery-codes", forced_codes),
    PageCase("signin-expired", expired),
    PageCase("two-factor-off", go("/account/two-factor/"), role="resident"),
    PageCase("two-factor-setup", go("/account/two-factor/setup"), role="resident"),
    PageCase("two-factor-setup-errors", setup_errors, role="resident"),
    PageCase(
        "two-factor-on", go("/account/two-factor/", shows=("#two-factor-codes-left",)), role="admin"
    ),
    PageCase("two-factor-renew", go("/account/two-factor/renew"), role="admin"),
    PageCase("two-factor-renew-errors", renew_errors, role="admin"),
    PageCase("two-factor-codes", renewed_codes, role="admin"),
    PageCase(
        "two-factor-disable-required",
        go("/account/two-factor/disable", shows=("#two-factor-required",)),
        role="admin",
    ),
    PageCase("two-factor-disable", disable_form, role="admin"),
    PageCase("admin-user-two-factor", admin_user(), role="admin"),
    PageCase("admin-two-factor-reset", admin_user("/two-factor/reset"), role="admin"),
]
