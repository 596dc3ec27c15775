"""The notification page states the browser tests visit (pages.py adds them to PAGES): the
centre with unread notifications and empty, the settings of a resident and of staff, and the
one-click unsubscribe pages (asking, done, a broken link), and the admins' delivery page with
a mail given up on. tests/browser/seed.py
(`seed_notifications`) writes what they show.

The settings form cannot be sent with an invalid value from the page (every group has a choice
preset and the browser sends only the offered values), so it has no page state of its own;
tests/notifications/test_settings.py checks that answer."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from participation.notifications import unsubscribe
from tests.browser.helpers import ACCOUNTS, SUBMIT
from tests.browser.visits import PageCase, Visit, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

UNREAD = ".notification--unread"
UNREAD_BADGE = ".site-nav a[href='/notifications/'] .unread-count__number"
# The kind the unsubscribe pages switch off, for the accounts nobody has told anything yet.
UNSUBSCRIBED_KIND = "comment.reply"


def centre_with_unread(page: Page, server: LiveServer, lang: str) -> None:
    """The resident's centre: unread and read notifications, the badge in the header."""
    go("/notifications/", shows=(UNREAD, ".notification:not(.notification--unread)"))(
        page, server, lang
    )
    expect(page.locator(UNREAD_BADGE)).to_be_visible()
    expect(page.locator("main form[action='/notifications/read'] button")).to_be_visible()


def empty_centre(page: Page, server: LiveServer, lang: str) -> None:
    """An account nobody has told anything yet: no list, no badge, the way to the settings."""
    go("/notifications/", shows=("main a[href='/notifications/settings']",))(page, server, lang)
    expect(page.locator(".notification")).to_have_count(0)
    expect(page.locator(UNREAD_BADGE)).to_have_count(0)


def unsubscribe_path(server: LiveServer, lang: str) -> str:
    """Return the path of a fresh unsubscribe link of the language's newcomer."""
    user_id = server.user_id(ACCOUNTS[("newcomer", lang)])
    with server.app.test_request_context():
        return urlsplit(unsubscribe.link(user_id, UNSUBSCRIBED_KIND)).path


def unsubscribe_asks(page: Page, server: LiveServer, lang: str) -> None:
    """The page a mail's unsubscribe link opens: it asks before switching off."""
    go(unsubscribe_path(server, lang), shows=(SUBMIT,))(page, server, lang)


def unsubscribe_done(page: Page, server: LiveServer, lang: str) -> None:
    """Confirm on the asking page: the kind is switched off, the page says so."""
    path = unsubscribe_path(server, lang)
    go(path, shows=(SUBMIT,))(page, server, lang)
    page.locator(SUBMIT).click()
    expect(page.locator("main a[href='/notifications/settings']")).to_be_visible()
    expect(page.locator(SUBMIT)).to_have_count(0)
    assert page.url == server.url + path


def settings(*groups: str) -> Visit:
    """Return a visit to the settings page that shows the radio groups of these kinds."""
    return go("/notifications/settings", shows=tuple(f"fieldset#{name}" for name in groups))


NOTIFICATION_PAGES = [
    PageCase("notifications", centre_with_unread, role="resident"),
    PageCase("notifications-empty", empty_centre, role="newcomer"),
    PageCase(
        "notification-settings",
        settings("proposal_comment", "comment_reply", "proposal_answer"),
        role="resident",
    ),
    PageCase("notification-settings-staff", settings("proposal_threshold"), role="staff"),
    PageCase("unsubscribe", unsubscribe_asks),
    PageCase("unsubscribe-done", unsubscribe_done),
    PageCase("unsubscribe-broken-link", go("/notifications/unsubscribe/kaputt", 400)),
    PageCase(
        "admin-notifications",
        go("/admin/notifications/", shows=("main form[action='/admin/notifications/retry']",)),
        role="admin",
    ),
]
