"""The proposal journey in Chromium: a resident writes a proposal with a picture, previews and
publishes it; a second resident supports it, comments and replies; staff answer with a new
status. Keyboard only on a phone, and with clicks with JavaScript switched off."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    FOCUS_STATE,
    PASSWORD,
    SUBMIT,
    focused_matches,
    pass_code_step,
    sign_in,
    tab_to,
    type_into,
)
from tests.browser.seed import png_bytes

WRITER = "schreiberin@example.org"  # Sina Schreiberin
NEIGHBOUR = "mitmacher@example.org"  # Malte Mitmacher
STAFF = "verwaltung@example.org"  # Volker Verwaltung

NEW_COMMENT = "#new-comment-body"
SEND_COMMENT = f"form.comment-form:has({NEW_COMMENT}) button[type=submit]"
PUBLISH = "form[action$='/publish'] button"
SUPPORT = "#support button[value=add]"


@dataclass(frozen=True)
class Texts:
    """What the people in one journey write."""

    title: str
    body: str
    alt: str
    author_comment: str = "Ich habe ein Foto der Stelle angehängt. Wo fehlen noch Bänke?"
    comment: str = "Gute Idee! Am Busbahnhof fehlt auch eine Bank."
    reply: str = "Vor der Apotheke am Markt wäre ein guter Platz."
    answer: str = "Danke! Wir stellen im Frühjahr zwei Bänke auf."
    department: str = "Fachbereich Bau"


def flash(page: Page):
    """Return the flash messages at the top of the main area."""
    return page.locator("main .flash")


def support_text(page: Page):
    """Return the support section of a proposal page."""
    return page.locator("#support")


def comment_with(page: Page, text: str):
    """Return the comment (article) that says `text`."""
    return page.locator("article.comment", has_text=text)


def reply_form(parent_id: str) -> str:
    """Return the selector of the reply field under the comment with this anchor id."""
    return f"#{parent_id} details.comment__reply"


def expect_reply_nested(page: Page, parent_id: str, text: str) -> None:
    """The reply sits in the list of replies right under its parent comment."""
    parent_item = page.locator(f"li.comment-list__item:has(> #{parent_id})")
    replies = parent_item.locator(":scope > ol.comment-list > li > article.comment")
    expect(replies).to_have_count(1)
    expect(replies).to_contain_text(text)


def expect_preview(page: Page, texts: Texts) -> None:
    """The preview shows the proposal as others will see it, with its picture."""
    expect(page).to_have_url(re.compile(r"/proposals/\d+/preview$"))
    expect(page.locator("main h1")).to_have_text(texts.title)
    expect(page.locator("main .kern-alert--info")).to_contain_text("noch nicht veröffentlicht")
    expect(page.locator(".proposal-meta")).to_contain_text("Themenbereich: Sonstiges")
    expect(page.locator(".proposal-meta")).to_contain_text("Ortsteil: Schlettwein")
    picture = page.locator(".proposal-image img")
    expect(picture).to_have_attribute("alt", texts.alt)
    picture.scroll_into_view_if_needed()
    width = picture.evaluate("img => img.decode().then(() => img.naturalWidth)")
    assert width == 320, "the picture did not load"


def expect_published(page: Page, texts: Texts) -> str:
    """The proposal is public, nobody supports it yet; return its address."""
    expect(flash(page)).to_have_text("Ihr Vorschlag ist veröffentlicht. Danke!")
    expect(page).to_have_url(re.compile(r"/proposals/\d+$"))
    expect(page.locator("main h1")).to_have_text(texts.title)
    expect(page.locator(".proposal-status")).to_have_text("Status: Veröffentlicht")
    expect(support_text(page)).to_contain_text("0 Personen unterstützen diesen Vorschlag.")
    expect(support_text(page)).to_contain_text("Das ist Ihr Vorschlag.")
    expect(page.locator("#follow")).to_contain_text("Sie folgen diesem Vorschlag")
    return page.url


def expect_comment_posted(page: Page, text: str, count: int) -> str:
    """The comment is on the page and counted; return its anchor id."""
    expect(flash(page)).to_have_text("Ihr Beitrag ist veröffentlicht.")
    expect(page.locator("#comments-heading")).to_have_text(f"Diskussion ({count})")
    posted = comment_with(page, text).last
    expect(posted).to_be_visible()
    anchor = posted.get_attribute("id")
    assert page.url.endswith(f"#{anchor}"), f"{page.url} does not point at the new comment"
    return anchor


def expect_supported(page: Page) -> None:
    """The support is counted and the supporter now follows the proposal."""
    expect(flash(page)).to_have_text("Danke für Ihre Unterstützung!")
    expect(support_text(page)).to_contain_text("1 Person unterstützt diesen Vorschlag.")
    expect(support_text(page)).to_contain_text("Sie unterstützen diesen Vorschlag.")
    expect(page.locator("#follow button")).to_have_text("Nicht mehr folgen")


def expect_answered(page: Page, texts: Texts) -> None:
    """The official answer is shown prominently, the status changed, the timeline has it."""
    answer = page.locator("#official-answer")
    expect(answer.locator("h2")).to_have_text("Antwort der Stadtverwaltung")
    expect(answer).to_contain_text(texts.department)
    expect(answer).to_contain_text(texts.answer)
    expect(page.locator(".proposal-status")).to_have_text("Status: Angenommen")
    expect(page.locator("#timeline")).to_contain_text(
        f"{texts.department} hat den Status auf „Angenommen“ gesetzt und geantwortet."
    )
    expect(support_text(page)).to_contain_text("1 Person unterstützt diesen Vorschlag.")
    expect(support_text(page)).to_contain_text("sammelt keine Unterstützung mehr")


@pytest.fixture()
def picture(tmp_path) -> Path:
    """A small PNG on disk, as a person would pick it."""
    path = tmp_path / "bank-am-markt.png"
    path.write_bytes(png_bytes(320, 200))
    return path


# --- keyboard only ---------------------------------------------------------------------------


def press(page: Page, selector: str, key: str = "Enter") -> None:
    """Tab to the element and press `key` on it."""
    tab_to(page, selector)
    page.keyboard.press(key)


def back_tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Shift+Tab until `selector` has focus (back up the page), each element passed
    showing a visible focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab")
        state = page.evaluate(FOCUS_STATE)
        assert state["visible"], f"no visible focus indicator on {state['html']}"
        if focused_matches(page, selector):
            return
    raise AssertionError(f"{selector} never got focus after {limit} Shift+Tab presses")


def sign_in_by_keyboard(page: Page, address: str) -> None:
    """Sign in with the keyboard only."""
    page.goto("/account/signin")
    type_into(page, "#email", address)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")
    pass_code_step(page, address, keyboard=True)  # staff accounts type a code from the app
    expect(flash(page)).to_have_text("Sie sind angemeldet.")


def open_proposal_by_keyboard(page: Page, path: str) -> None:
    """Go to the list through the main navigation and open the proposal from there."""
    press(page, ".site-nav a[href='/proposals/']")
    expect(page.locator("main h1")).to_have_text("Vorschläge")
    press(page, f"main .proposal-card a[href='{path}']")
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def choose_by_typing(page: Page, selector: str, text: str, value: str) -> None:
    """Tab to a select and pick an option by typing the start of its label."""
    tab_to(page, selector)
    page.keyboard.type(text)
    expect(page.locator(selector)).to_have_value(value)


def test_keyboard_only_proposal_with_picture_support_discussion_and_answer(
    new_page, live_server, picture
):
    texts = Texts(
        title="Bänke im Schatten am Markt",
        body="Am Markt fehlen Sitzplätze im Schatten.\nZwei Bänke unter den Linden wären schön.",
        alt="Der Markt mit zwei Linden, darunter kein Platz zum Sitzen",
    )

    # A resident writes the proposal with one picture, looks at the preview and publishes it.
    writer = new_page(360)
    sign_in_by_keyboard(writer, WRITER)
    press(writer, ".site-nav a[href='/proposals/']")
    expect(writer.locator("main h1")).to_have_text("Vorschläge")
    press(writer, "main a[href='/proposals/new']")
    expect(writer.locator("main h1")).to_have_text("Neuer Vorschlag")
    type_into(writer, "#title", texts.title)
    type_into(writer, "#body", texts.body)
    choose_by_typing(writer, "#category", "Sonstiges", "Sonstiges")
    choose_by_typing(writer, "#district", "Schlettwein", "Schlettwein")
    tab_to(writer, "#image_1")
    # A file dialog cannot be driven by keys: hand the file to the focused field.
    writer.locator(":focus").set_input_files(picture)
    type_into(writer, "#alt_1", texts.alt)
    press(writer, SUBMIT)
    expect_preview(writer, texts)
    press(writer, PUBLISH)
    address = expect_published(writer, texts)
    path = address.removeprefix(live_server.url)

    type_into(writer, NEW_COMMENT, texts.author_comment)
    press(writer, SEND_COMMENT)
    author_comment = expect_comment_posted(writer, texts.author_comment, 1)

    # A second resident supports it (Space on the button), comments, and replies.
    neighbour = new_page(360)
    sign_in_by_keyboard(neighbour, NEIGHBOUR)
    open_proposal_by_keyboard(neighbour, path)
    expect(support_text(neighbour)).to_contain_text("0 Personen unterstützen diesen Vorschlag.")
    press(neighbour, SUPPORT, "Space")
    expect_supported(neighbour)

    type_into(neighbour, NEW_COMMENT, texts.comment)
    press(neighbour, SEND_COMMENT)
    expect_comment_posted(neighbour, texts.comment, 2)

    # Back up to the author's comment and open its reply form with the keyboard.
    back_tab_to(neighbour, f"{reply_form(author_comment)} > summary")
    neighbour.keyboard.press("Enter")
    expect(neighbour.locator(reply_form(author_comment))).to_have_attribute("open", "")
    field = f"#reply-{author_comment.removeprefix('comment-')}-body"
    neighbour.keyboard.press("Tab")
    assert focused_matches(neighbour, field), "Tab after opening did not reach the reply field"
    neighbour.keyboard.type(texts.reply)
    press(neighbour, f"form.comment-form:has({field}) button[type=submit]")
    expect_comment_posted(neighbour, texts.reply, 3)
    expect_reply_nested(neighbour, author_comment, texts.reply)

    # Staff answer and accept it.
    staff = new_page(360)
    sign_in_by_keyboard(staff, STAFF)
    open_proposal_by_keyboard(staff, path)
    choose_by_typing(staff, "#status", "Angenommen", "accepted")
    type_into(staff, "#answer", texts.answer)
    type_into(staff, "#department", texts.department)
    staff.keyboard.press("Enter")  # sends the form from the last text field
    expect(flash(staff)).to_have_text("Die Antwort ist veröffentlicht.")
    expect_answered(staff, texts)

    # The neighbour sees the answer too.
    neighbour.goto(path)
    expect_answered(neighbour, texts)
    expect_reply_nested(neighbour, author_comment, texts.reply)


# --- without JavaScript ----------------------------------------------------------------------


def test_proposal_journey_without_javascript(new_context, live_server, picture):
    texts = Texts(
        title="Sitzbank an der Bushaltestelle Schlettwein",
        body="An der Haltestelle kann man nur stehen. **Eine Bank** mit Dach wäre gut.",
        alt="Die Bushaltestelle ohne Sitzplatz",
    )

    def page_for(address: str) -> Page:
        page = new_context(1280, java_script_enabled=False).new_page()
        sign_in(page, address)
        return page

    # A form with a mistake comes back with everything typed (the picture must be chosen again).
    writer = page_for(WRITER)
    writer.goto("/proposals/new")
    writer.get_by_label("Titel").fill(texts.title)
    writer.get_by_label("Beschreibung", exact=True).fill(texts.body)
    writer.get_by_label("Ortsteil").select_option("Schlettwein")
    writer.locator(SUBMIT).click()
    expect(writer.locator(".form-summary")).to_contain_text("Bitte wählen Sie einen Themenbereich.")
    expect(writer.get_by_label("Titel")).to_have_value(texts.title)
    expect(writer.get_by_label("Beschreibung", exact=True)).to_have_value(texts.body)
    expect(writer.get_by_label("Ortsteil")).to_have_value("Schlettwein")
    expect(writer.locator("main")).to_contain_text("noch einmal auswählen")

    writer.get_by_label("Themenbereich").select_option("Sonstiges")
    writer.locator("#image_1").set_input_files(picture)
    writer.get_by_label("Beschreibung von Bild 1").fill(texts.alt)
    writer.get_by_role("button", name="Weiter zur Vorschau").click()
    expect_preview(writer, texts)
    writer.get_by_role("button", name="Jetzt veröffentlichen").click()
    address = expect_published(writer, texts)
    expect(writer.locator(".proposal-body strong")).to_have_text("Eine Bank")

    writer.get_by_label("Ihr Kommentar").fill(texts.author_comment)
    writer.get_by_role("button", name="Kommentar senden").click()
    author_comment = expect_comment_posted(writer, texts.author_comment, 1)

    neighbour = page_for(NEIGHBOUR)
    neighbour.goto(address)
    neighbour.get_by_role("button", name="Vorschlag unterstützen").click()
    expect_supported(neighbour)
    neighbour.get_by_label("Ihr Kommentar").fill(texts.comment)
    neighbour.get_by_role("button", name="Kommentar senden").click()
    expect_comment_posted(neighbour, texts.comment, 2)

    details = neighbour.locator(reply_form(author_comment))
    details.locator("summary").click()  # <details> opens without JavaScript
    details.get_by_label("Ihre Antwort").fill(texts.reply)
    details.get_by_role("button", name="Antwort senden").click()
    expect_comment_posted(neighbour, texts.reply, 3)
    expect_reply_nested(neighbour, author_comment, texts.reply)

    staff = page_for(STAFF)
    staff.goto(address)
    staff.get_by_label("Neuer Status").select_option(label="Angenommen")
    staff.get_by_label("Antwort der Stadtverwaltung").fill(texts.answer)
    staff.get_by_label("Fachbereich").fill(texts.department)
    staff.get_by_role("button", name="Antwort veröffentlichen").click()
    expect(flash(staff)).to_have_text("Die Antwort ist veröffentlicht.")
    expect_answered(staff, texts)

    # The list shows the new status and the counts.
    neighbour.goto("/proposals/")
    card = neighbour.locator(".proposal-card", has_text=texts.title)
    expect(card).to_contain_text("Status: Angenommen")
    expect(card).to_contain_text("1 Unterstützung")
    expect(card).to_contain_text("3 Kommentare")
