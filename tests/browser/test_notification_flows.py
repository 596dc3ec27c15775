"""The notification journey in Chromium, keyboard only on a phone: open the centre from the
header, open a notification (it is read from then on and leads to the comment), and change a
setting. The account has its own notification (tests/browser/seed.py, NOTIFIED), so the page
checks of the residents' centres do not depend on the order the tests run in."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.notification_pages import UNREAD, UNREAD_BADGE
from tests.browser.seed import NOTIFIED, NOTIFIED_COMMENT
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import flash, sign_in_by_keyboard

CENTRE_LINK = ".site-nav a[href='/notifications/']"
SETTINGS_LINK = "main a[href='/notifications/settings']"
SAVE = "main form button[type=submit]"


def test_keyboard_only_centre_open_and_settings_on_a_phone(new_page, live_server):
    comment_id = live_server.comment_id(NOTIFIED_COMMENT)
    page = new_page(360)
    sign_in_by_keyboard(page, NOTIFIED)

    # The header says one notification is unread; its link opens the centre.
    expect(page.locator(UNREAD_BADGE)).to_have_text("1")
    name = re.compile(r"^Benachrichtigungen\s*1 ungelesen$")  # what a screen reader says
    expect(page.locator(CENTRE_LINK)).to_have_accessible_name(name)
    press(page, CENTRE_LINK)
    expect(page.locator("main h1")).to_have_text("Benachrichtigungen")
    entry = page.locator(UNREAD)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Renate Stadtrat hat Ihren Vorschlag")

    # "Ansehen" leads to the comment, and the notification is read from then on.
    press(page, f"{UNREAD} button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/comments/{comment_id}$"))
    expect(page.locator("main")).to_contain_text(NOTIFIED_COMMENT)
    expect(page.locator(UNREAD_BADGE)).to_have_count(0)
    press(page, CENTRE_LINK)
    expect(page.locator(".notification")).to_have_count(1)
    expect(page.locator(UNREAD)).to_have_count(0)

    # In the settings, replies move to the daily digest: the arrow key picks, Enter saves.
    press(page, SETTINGS_LINK)
    expect(page.locator("main h1")).to_have_text("Einstellungen für Benachrichtigungen")
    expect(page.locator("#comment_reply-0")).to_be_checked()
    press(page, "#comment_reply-0", "ArrowDown")
    expect(page.locator("#comment_reply-1")).to_be_checked()
    press(page, SAVE)
    expect(flash(page)).to_contain_text("Ihre Einstellungen sind gespeichert.")
    expect(page.locator("#comment_reply-1")).to_be_checked()
    expect(page.locator("#proposal_comment-0")).to_be_checked()  # the others stay as they were
