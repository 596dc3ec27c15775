"""Page states of privacy: the records of processing activities for admins, the audit log with
its CSV link, and the 429 page that says when to try again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from tests.browser.helpers import SUBMIT
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer


def too_many_requests(page: Page, server: LiveServer, lang: str) -> None:
    """Ask for a password reset twice under a limit of one: the second gets the 429 page."""
    config = server.app.config
    saved = config["MAIL_LIMIT_PER_IP"]
    config["MAIL_LIMIT_PER_IP"] = "1 per 10 minutes"  # its own counter; reset before each test
    try:
        statuses = []
        for _ in range(2):
            page.goto("/account/reset")
            page.locator("#email").fill("niemand@example.org")
            with page.expect_response(lambda r: r.request.method == "POST") as answer:
                page.locator(SUBMIT).click()
            statuses.append(answer.value.status)
    finally:
        config["MAIL_LIMIT_PER_IP"] = saved
    assert statuses == [302, 429], statuses
    assert answer.value.headers["retry-after"].isdigit()
    expect(page.locator("main")).to_contain_text("10")  # "in etwa 10 Minuten"


PRIVACY_PAGES = [
    PageCase(
        "admin-privacy",
        go("/admin/privacy", shows=(".records__activity", "a[href='/admin/privacy.md']")),
        role="admin",
    ),
    PageCase(
        "admin-audit-export-link",
        go("/admin/audit?action=roles.changed", shows=("a[href^='/admin/audit.csv']",)),
        role="admin",
    ),
    PageCase("too-many-requests", too_many_requests),
]
