"""Every page, in German and English, wide and phone-sized: zero axe-core WCAG 2.1 A/AA violations."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, RESET_ACCOUNTS, LiveServer
from tests.browser.helpers import assert_no_violations


@dataclass(frozen=True)
class Case:
    """A page in a given state, reached as a guest or as an account holding `role`."""

    name: str
    visit: Callable[[Page, LiveServer, str], None]
    role: str | None = None
    status: int = 200


def go(path: str, status: int = 200) -> Callable[[Page, LiveServer, str], None]:
    """Return a visit step that opens `path` and checks its status code."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        response = page.goto(path)
        assert response.status == status, f"{path} answered {response.status}"
        assert page.url == server.url + path, f"{path} was sent on to {page.url}"

    return visit


def signup_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the sign-up form with a too-short password that does not match its repetition."""
    page.goto("/account/signup")
    page.locator("#email").fill("not-an-address")
    page.locator("#display_name").fill("Fehlerprobe")
    page.locator("#password").fill("kurz")
    page.locator("#password_confirm").fill("anders")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#password")).to_have_attribute("aria-invalid", "true")


def signin_failed(page: Page, server: LiveServer, lang: str) -> None:
    """Try to sign in with a wrong password."""
    page.goto("/account/signin")
    page.locator("#email").fill("einwohnerin@example.org")
    page.locator("#password").fill("falsches-Passwort-123")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()


def check_mail_after_signup(page: Page, server: LiveServer, lang: str) -> None:
    """Sign up successfully and stay on the 'check your mail' page."""
    address = f"neu-{uuid.uuid4().hex[:10]}@example.org"
    page.goto("/account/signup")
    page.locator("#email").fill(address)
    page.locator("#display_name").fill("Neue Person")
    page.locator("#password").fill(PASSWORD)
    page.locator("#password_confirm").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main")).to_contain_text(address)
    assert server.mails_to(address), "the sign-up mail was not written"


def reset_form_from_mail(page: Page, server: LiveServer, lang: str) -> None:
    """Ask for a reset link, then open the link from the mail."""
    address = RESET_ACCOUNTS[lang]
    before = len(server.mails_to(address))
    page.goto("/account/reset")
    page.locator("#email").fill(address)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(address)
    assert len(server.mails_to(address)) == before + 1, "the reset mail was not written"
    response = page.goto(server.last_link_to(address))
    assert response.status == 200
    expect(page.locator("#password_confirm")).to_be_visible()


def user_roles_page(page: Page, server: LiveServer, lang: str) -> None:
    """Open the roles page of a resident."""
    go(f"/admin/users/{server.user_id('rollenprobe@example.org')}")(page, server, lang)


CASES = [
    Case("home", go("/")),
    Case("impressum", go("/impressum")),
    Case("datenschutz", go("/datenschutz")),
    Case("barrierefreiheit", go("/barrierefreiheit")),
    Case("signup", go("/account/signup")),
    Case("signup-errors", signup_with_errors),
    Case("check-mail", check_mail_after_signup),
    Case("signin", go("/account/signin")),
    Case("signin-failed", signin_failed),
    Case("reset-request", go("/account/reset")),
    Case("reset-password", reset_form_from_mail),
    Case("resend-confirmation", go("/account/confirm")),
    Case("link-problem", go("/account/confirm/garbage", 400)),
    Case("not-found", go("/gibt-es-nicht", 404)),
    Case("profile", go("/profile/"), role="resident"),
    Case("forbidden", go("/admin/users", 403), role="resident"),
    Case("admin-users", go("/admin/users"), role="admin"),
    Case("admin-user-roles", user_roles_page, role="admin"),
    Case("admin-audit", go("/admin/audit"), role="admin"),
]


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_page_has_no_axe_violations(pooled_page, live_server, case, lang, width):
    page = pooled_page(case.role, lang, width)
    case.visit(page, live_server, lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_no_violations(page)
