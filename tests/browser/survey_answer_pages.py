"""The survey answer page states the browser tests visit (pages.py adds them to PAGES), and
`seed_survey_answer()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services as accounts
from participation.extensions import db
from participation.surveys import responses
from participation.surveys.models import Audience, Survey
from participation.surveys.seed import DIGITAL_OFFERS, build_survey
from tests.browser.helpers import ACCOUNTS
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

# Titles of the surveys seeded here (distinct from the builder's and the results' surveys).
FOR_RESIDENTS = "Digitale Angebote: Ihre Meinung als Einwohnerin oder Einwohner"
FOR_GUESTS = "Digitale Angebote: Ihre Meinung, auch ohne Konto"
CLOSED = "Stadtfest 2025: Wie hat es Ihnen gefallen?"
UPCOMING = "Winterdienst: Was ist Ihnen wichtig?"
ANSWERED = "Stadtbibliothek: Öffnungszeiten"
VERIFIED_ONLY = "Haushalt: Ihre Schwerpunkte (nur bestätigte Konten)"
BUTTON_CHECK = "main form button[value=check]"
BUTTON_SAVE = "main form button[value=save]"


def seed_survey_answer() -> None:
    """Write the surveys these page states show; both residents have answered ANSWERED."""
    day = timedelta(days=1)
    build_survey({**DIGITAL_OFFERS, "title": FOR_RESIDENTS}, audience=Audience.RESIDENTS)
    build_survey({**DIGITAL_OFFERS, "title": FOR_GUESTS}, audience=Audience.ANYONE)
    build_survey({**DIGITAL_OFFERS, "title": CLOSED}, opens_in=-40 * day, open_for=10 * day)
    build_survey({**DIGITAL_OFFERS, "title": UPCOMING}, opens_in=5 * day)
    build_survey({**DIGITAL_OFFERS, "title": VERIFIED_ONLY}, audience=Audience.VERIFIED)
    answered = build_survey({**DIGITAL_OFFERS, "title": ANSWERED}, anonymous=True)
    for lang in ("de", "en"):
        resident = accounts.find_by_email(ACCOUNTS[("resident", lang)])
        responses.submit(answered, resident, {})
    db.session.commit()


def survey_id(server: LiveServer, title: str) -> int:
    """Return the id of the survey with this title."""
    with server.app.app_context():
        found = db.session.scalar(select(Survey.id).where(Survey.title == title))
    assert found is not None, f"no survey is called {title!r}"
    return found


def survey(title: str, path: str = "", shows: tuple[str, ...] = ()):
    """Return a visit to the survey called `title` (or to `path` below it)."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"/surveys/{survey_id(server, title)}{path}", shows=shows)(page, server, lang)

    return visit


def fill_example(page: Page) -> None:
    """Answer every question of the example survey with the mouse."""
    questions = page.locator("main .survey-question")
    questions.nth(0).locator("input[type=radio]").nth(1).check()
    for index in (0, 2):
        questions.nth(1).locator("input[type=checkbox]").nth(index).check()
    questions.nth(1).locator("input[type=text]").fill("Bibliothek")
    questions.nth(2).locator("input[type=radio]").nth(0).check()
    questions.nth(3).locator("input[type=radio]").nth(3).check()
    rows = questions.nth(4).locator(".survey-matrix__row")
    for index in range(rows.count()):
        rows.nth(index).locator("input[type=radio]").nth(index + 2).check()
    selects = questions.nth(5).locator("select")
    selects.nth(2).select_option("1")
    selects.nth(0).select_option("2")
    questions.nth(6).locator("input").fill("Eine Online-Wahlhilfe")
    questions.nth(7).locator("textarea").fill("Weiter so!")
    questions.nth(8).locator("input").fill("42")


def form_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the form empty: the summary lists each question left out."""
    survey(FOR_RESIDENTS)(page, server, lang)
    page.locator(BUTTON_CHECK).click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator(".survey-question[aria-describedby*=error]").first).to_be_visible()


def check_page(page: Page, server: LiveServer, lang: str) -> None:
    """Answer everything and stop on the page to check the answers."""
    survey(FOR_RESIDENTS)(page, server, lang)
    fill_example(page)
    page.locator(BUTTON_CHECK).click()
    expect(page.locator(".survey-check").first).to_be_visible()


def draft_saved(page: Page, server: LiveServer, lang: str) -> None:
    """Keep half an answer for later: the page says so and shows it again."""
    survey(FOR_RESIDENTS)(page, server, lang)
    page.locator("main .survey-question").nth(0).locator("input[type=radio]").nth(2).check()
    page.locator(BUTTON_SAVE).click()
    expect(page.locator("main .flash")).to_be_visible()
    expect(page.locator(".survey-notice")).to_be_visible()


SURVEY_ANSWER_PAGES: list = [
    PageCase("surveys", go("/surveys/", shows=(".survey-list",))),
    PageCase("surveys-staff", go("/surveys/", shows=(".survey-list",)), role="staff"),
    PageCase("survey-open-signed-in", survey(FOR_RESIDENTS, shows=(BUTTON_SAVE,)), role="resident"),
    PageCase("survey-for-guests", survey(FOR_GUESTS, shows=(".survey-soft-limit", BUTTON_CHECK))),
    PageCase("survey-sign-in-needed", survey(FOR_RESIDENTS, shows=(".survey-notice",))),
    PageCase("survey-form-errors", form_with_errors, role="resident"),
    PageCase("survey-check-answers", check_page, role="resident"),
    PageCase("survey-draft-saved", draft_saved, role="resident"),
    PageCase("survey-thanks", survey(FOR_GUESTS, "/thanks")),
    PageCase("survey-closed", survey(CLOSED, shows=(".survey-notice",))),
    PageCase("survey-not-yet-open", survey(UPCOMING, shows=(".survey-notice",))),
    PageCase(
        "survey-already-answered", survey(ANSWERED, shows=(".survey-notice",)), role="resident"
    ),
    PageCase(
        "survey-verified-only", survey(VERIFIED_ONLY, shows=(".survey-notice",)), role="resident"
    ),
]
