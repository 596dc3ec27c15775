"""The moderation journey in Chromium: a resident reports a comment, a moderator opens it from
the queue and hides it, and guests then see the placeholder. Keyboard only on a phone, and
with clicks with JavaScript switched off; and a bulk decision on two items with the keyboard.
Each journey has its own comment (tests/browser/seed.py, FLOW_COMMENTS), so the page checks
do not depend on the order the tests run in."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from participation.moderation.models import SubjectType
from tests.browser.helpers import SUBMIT, sign_in, tab_to, type_into
from tests.browser.moderation_pages import SEND_DECISION, item_of
from tests.browser.seed import FLOW_COMMENTS, FLOW_PROPOSAL
from tests.browser.test_proposal_flows import choose_by_typing, flash, sign_in_by_keyboard

MODERATOR = "moderation@example.org"  # Mona Moderation
QUEUE_LINK = ".site-nav a[href='/moderation/']"
BULK_ACTION = "#bulk_action"
BULK_SEND = "form[action$='/moderation/bulk'] button[type=submit]"
# Tab presses allowed to cross the queue (each item has a link or two and a checkbox).
QUEUE_TABS = 200


def press(page: Page, selector: str, key: str = "Enter", limit: int = 60) -> None:
    """Tab to the element (each one passed showing a visible focus indicator), press `key`."""
    tab_to(page, selector, limit)
    page.keyboard.press(key)


def report_link(comment_id: int) -> str:
    return f"main a[href='/moderation/report/comment/{comment_id}']"


def item_link(item_id: int) -> str:
    return f"main a[href='/moderation/items/{item_id}']"


def action(value: str) -> str:
    return f"fieldset#action input[name=action][value={value}]"


def expect_report_received(page: Page, comment_id: int) -> None:
    """The report is taken and the reporter is back at the comment."""
    expect(flash(page)).to_contain_text("Ihre Meldung ist eingegangen")
    expect(page).to_have_url(re.compile(rf"/comments/{comment_id}$"))


def expect_decision_saved(page: Page, item_id: int) -> None:
    """The moderator stays on the item, which is decided now."""
    expect(flash(page)).to_contain_text("Die Entscheidung ist gespeichert.")
    expect(page).to_have_url(re.compile(rf"/moderation/items/{item_id}$"))
    expect(page.locator("#history-heading ~ .timeline")).to_contain_text("Ausblenden")


def expect_placeholder_for_guests(page: Page, proposal_path: str, comment_id: int, text: str):
    """A guest sees the placeholder with the reason where the comment was, not its text."""
    page.goto(proposal_path)
    hidden = page.locator(f"article#comment-{comment_id}")
    expect(hidden.locator(".comment__placeholder")).to_have_text(
        "Von der Moderation ausgeblendet: Beleidigung oder Hass"
    )
    expect(page.locator("main")).not_to_contain_text(text)


# --- keyboard only ---------------------------------------------------------------------------


def test_keyboard_only_report_and_hide_a_comment_on_a_phone(new_page, live_server):
    text = FLOW_COMMENTS["keyboard"]
    comment_id = live_server.comment_id(text)
    proposal_path = f"/proposals/{live_server.proposal_id(FLOW_PROPOSAL)}"

    # A resident reports the comment: the link, a reason picked with the arrow keys, a note.
    resident = new_page(360)
    sign_in_by_keyboard(resident, "melderin@example.org")
    resident.goto(proposal_path)  # as if typed into the address bar
    press(resident, report_link(comment_id))
    expect(resident.locator("main h1")).to_have_text("Kommentar melden")
    tab_to(resident, "#reason-0")  # Tab enters the group at its first radio
    resident.keyboard.press("Space")
    expect(resident.locator("#reason-0")).to_be_checked()
    resident.keyboard.press("ArrowDown")
    expect(resident.locator("#reason-1")).to_be_checked()  # Beleidigung oder Hass
    expect(resident.locator("#reason-0")).not_to_be_checked()
    type_into(resident, "#note", "Das ist beleidigend gegenüber der Vorschlagenden.")
    press(resident, SUBMIT)
    expect_report_received(resident, comment_id)

    # A moderator opens the item from the queue and hides the comment.
    moderator = new_page(360)
    sign_in_by_keyboard(moderator, MODERATOR)
    press(moderator, QUEUE_LINK)
    expect(moderator.locator("main h1")).to_have_text("Moderation")
    item_id = item_of(live_server, SubjectType.COMMENT, comment_id)
    press(moderator, item_link(item_id), limit=QUEUE_TABS)
    expect(moderator).to_have_url(re.compile(rf"/moderation/items/{item_id}$"))
    expect(moderator.locator("main")).to_contain_text("Das ist beleidigend")
    tab_to(moderator, action("dismiss"))  # the first choice
    moderator.keyboard.press("ArrowDown")
    expect(moderator.locator(action("hide"))).to_be_checked()
    choose_by_typing(moderator, "#reason", "Beleidigung", "insult")
    type_into(moderator, "#statement", "Bitte bleiben Sie sachlich und greifen Sie niemanden an.")
    press(moderator, SEND_DECISION)
    expect_decision_saved(moderator, item_id)

    expect_placeholder_for_guests(new_page(360), proposal_path, comment_id, text)


# --- without JavaScript ----------------------------------------------------------------------


def test_report_and_hide_a_comment_without_javascript(new_context, live_server):
    text = FLOW_COMMENTS["nojs"]
    comment_id = live_server.comment_id(text)
    proposal_path = f"/proposals/{live_server.proposal_id(FLOW_PROPOSAL)}"

    def page_for(address: str | None) -> Page:
        page = new_context(1280, java_script_enabled=False).new_page()
        if address:
            sign_in(page, address)
        return page

    # Sent without a reason, the form comes back with the error and the note kept.
    resident = page_for("hinweisgeber@example.org")
    resident.goto(proposal_path)
    resident.locator(report_link(comment_id)).click()
    note = "Hier wird jemand als Dummkopf beschimpft."
    resident.get_by_label("Hinweis für die Moderation").fill(note)
    resident.get_by_role("button", name="Meldung senden").click()
    expect(resident.locator(".form-summary")).to_contain_text("Bitte wählen Sie einen Grund.")
    expect(resident.get_by_label("Hinweis für die Moderation")).to_have_value(note)
    resident.get_by_label("Beleidigung oder Hass").check()
    resident.get_by_role("button", name="Meldung senden").click()
    expect_report_received(resident, comment_id)

    moderator = page_for(MODERATOR)
    moderator.locator(".site-nav").get_by_role("link", name="Moderation").click()
    item_id = item_of(live_server, SubjectType.COMMENT, comment_id)
    moderator.locator(item_link(item_id)).click()
    expect(moderator.locator("main")).to_contain_text(note)
    moderator.get_by_label("Ausblenden").check()
    moderator.locator("#reason").select_option(label="Beleidigung oder Hass")
    moderator.get_by_label("Begründung für die betroffene Person").fill(
        "Beschimpfungen haben in der Diskussion keinen Platz."
    )
    moderator.get_by_role("button", name="Entscheidung speichern").click()
    expect_decision_saved(moderator, item_id)

    expect_placeholder_for_guests(page_for(None), proposal_path, comment_id, text)


# --- a bulk decision -------------------------------------------------------------------------


def test_keyboard_only_bulk_dismissal_of_two_items(new_page, live_server):
    items = [
        item_of(live_server, SubjectType.COMMENT, live_server.comment_id(FLOW_COMMENTS[key]))
        for key in ("bulk_1", "bulk_2")
    ]
    moderator = new_page(1280)
    sign_in_by_keyboard(moderator, MODERATOR)
    press(moderator, QUEUE_LINK)
    expect(moderator.locator("main h1")).to_have_text("Moderation")
    for item_id in items:
        press(moderator, f"#select-{item_id}", "Space", limit=QUEUE_TABS)
        expect(moderator.locator(f"#select-{item_id}")).to_be_checked()
    tab_to(moderator, BULK_ACTION, limit=QUEUE_TABS)
    expect(moderator.locator(BULK_ACTION)).to_have_value("dismiss")  # Meldungen zurückweisen
    press(moderator, BULK_SEND)

    expect(flash(moderator)).to_have_text("2 Einträge sind entschieden.")
    expect(moderator).to_have_url(re.compile(r"/moderation/$"))
    for item_id in items:
        expect(moderator.locator(f"#select-{item_id}")).to_have_count(0)
