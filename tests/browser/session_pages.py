"""Page states of the signed-in browsers page and of the confirm page before sensitive acts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

RECONFIRM = "/account/reconfirm?next=/profile/"


def reconfirm_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the confirm page with a wrong password."""
    go(RECONFIRM)(page, server, lang)
    page.locator("#password").fill("falsches-Passwort-123")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#password")).to_have_value("")  # a password is never sent back


SESSION_PAGES = [
    PageCase(
        "account-sessions",
        go("/account/sessions", shows=(".session-list__item", ".session-list .kern-badge")),
        role="resident",
    ),
    PageCase("reconfirm", go(RECONFIRM, shows=("#password",)), role="resident"),
    PageCase("reconfirm-errors", reconfirm_errors, role="resident"),
    PageCase("reconfirm-with-code", go(RECONFIRM, shows=("#password", "#code")), role="admin"),
]
