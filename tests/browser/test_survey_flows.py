"""Answering the example survey (every question type) in Chromium: with the keyboard alone on
a phone, and without JavaScript; both as guests, each in a fresh browser (its own cookie)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import QuestionType, Survey
from tests.browser.helpers import tab_to, type_into
from tests.browser.survey_answer_pages import BUTTON_CHECK, FOR_GUESTS, fill_example, survey_id
from tests.browser.test_moderation_flows import press

T = QuestionType
SEND = "main form button[type=submit]:not([name])"
CHANGE = "main form button[value=change]"


def structure(server, title: str) -> dict:
    """Return {kind: (question id, [option ids])} of the example survey called `title`."""
    with server.app.app_context():
        found = db.session.scalar(select(Survey).where(Survey.title == title))
        return {q.kind: (q.id, [o.id for o in q.options]) for q in found.questions()}


def choose(page: Page, first: str, steps: int = 0, key: str = "ArrowDown") -> None:
    """Tab to a radio group's first button, then move with the arrow key (which selects)."""
    tab_to(page, first)
    if steps == 0:
        page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press(key)


def test_keyboard_only_answer_every_question_type_on_a_phone(new_page, live_server):
    ids = structure(live_server, FOR_GUESTS)
    page = new_page(360)
    page.goto("/")
    press(page, ".site-nav a[href='/surveys/']")
    expect(page.locator("main h1")).to_have_text("Umfragen")
    press(page, f"main a[href='/surveys/{survey_id(live_server, FOR_GUESTS)}']")
    expect(page.locator("main h1")).to_have_text(FOR_GUESTS)

    single, options = ids[T.SINGLE]
    choose(page, f"#q{single}-o{options[0]}", 1)  # the second option: "Jeden Monat"
    expect(page.locator(f"#q{single}-o{options[1]}")).to_be_checked()
    multiple, options = ids[T.MULTIPLE]
    for option in (options[0], options[2]):
        tab_to(page, f"#q{multiple}-o{option}")
        page.keyboard.press("Space")
    type_into(page, f"#q{multiple}-other", "Bibliothek")
    choose(page, f"#q{ids[T.YES_NO][0]}-yes")
    choose(page, f"#q{ids[T.SCALE][0]}-p1", 3, "ArrowRight")
    expect(page.locator(f"#q{ids[T.SCALE][0]}-p4")).to_be_checked()
    matrix, rows = ids[T.MATRIX]
    for steps, row in enumerate(rows):
        choose(page, f"#q{matrix}-{row}-p1", steps + 1, "ArrowRight")
    ranking, items = ids[T.RANKING]
    for item, presses in ((items[0], 2), (items[2], 1)):  # Platz 2, then (below) Platz 1
        tab_to(page, f"#q{ranking}-{item}")
        for _ in range(presses):
            page.keyboard.press("ArrowDown")
    expect(page.locator(f"#q{ranking}-{items[2]}")).to_have_value("1")
    expect(page.locator(f"#q{ranking}-{items[0]}")).to_have_value("2")
    type_into(page, f"#q{ids[T.SHORT_TEXT][0]}", "Eine Online-Wahlhilfe")
    type_into(page, f"#q{ids[T.LONG_TEXT][0]}", "Weiter so!")
    type_into(page, f"#q{ids[T.NUMBER][0]}", "42")
    press(page, BUTTON_CHECK)

    expect(page.locator("main h1")).to_have_text("Bitte prüfen Sie Ihre Antworten")
    summary = page.locator("main")
    for text in ("Jeden Monat", "Sonstiges: Bibliothek", "Platz 1: Hilfe vor Ort", "42"):
        expect(summary).to_contain_text(text)
    press(page, SEND)
    expect(page).to_have_url(re.compile(r"/surveys/\d+/thanks$"))
    expect(page.locator("main h1")).to_have_text("Vielen Dank für Ihre Teilnahme")
    press(page, "main a[href^='/surveys/']")
    expect(page.locator(".survey-notice")).to_contain_text("Sie haben schon teilgenommen")


def test_answer_every_question_type_without_javascript(nojs_context, live_server):
    page = nojs_context.new_page()
    page.goto("/surveys/")
    page.locator("main").get_by_role("link", name=FOR_GUESTS).click()
    expect(page.locator("main h1")).to_have_text(FOR_GUESTS)

    # A mistake first: the number is out of range; everything else stays as typed.
    fill_example(page)
    number = page.locator("main .survey-question").nth(8).locator("input")
    number.fill("7")
    page.locator(BUTTON_CHECK).click()
    expect(page.locator(".form-summary")).to_contain_text("Frage 9")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main textarea")).to_have_value("Weiter so!")
    number.fill("42")
    page.locator(BUTTON_CHECK).click()

    # Check, go back to change one answer, check again and send.
    expect(page.locator("main h1")).to_have_text("Bitte prüfen Sie Ihre Antworten")
    page.locator(CHANGE).click()
    expect(page.locator("main textarea")).to_have_value("Weiter so!")
    page.locator("main textarea").fill("Weiter so, bitte!")
    page.locator(BUTTON_CHECK).click()
    expect(page.locator("main")).to_contain_text("Weiter so, bitte!")
    page.locator(SEND).click()
    expect(page.locator("main h1")).to_have_text("Vielen Dank für Ihre Teilnahme")
    page.locator("main").get_by_role("link", name="Zurück zur Umfrage").click()
    expect(page.locator(".survey-notice")).to_contain_text("Sie haben schon teilgenommen")
