"""The survey builder page states the browser tests visit (pages.py adds them to PAGES), and
`seed_survey_builder()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.extensions import db
from participation.surveys.models import Answer, Question, QuestionType, Response, Survey
from participation.surveys.seed import DIGITAL_OFFERS, build_survey
from tests.browser.helpers import SUBMIT
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

# Titles of the surveys seeded here (distinct from the answer and the results pages' surveys).
DRAFT = "Grünflächen: Ihre Ideen (Entwurf)"
ANSWERED = "Parken in der Innenstadt (mit ersten Antworten)"
BASE = "/surveys/manage"


def seed_survey_builder() -> None:
    """Write a draft with every question type and a published survey with one answer."""
    build_survey({**DIGITAL_OFFERS, "title": DRAFT}, published=False)
    survey = build_survey({**DIGITAL_OFFERS, "title": ANSWERED})
    single = next(q for q in survey.questions() if q.kind is QuestionType.SINGLE)
    response = Response(survey_id=survey.id, submitted_on=date.today())
    db.session.add(response)
    db.session.flush()
    db.session.add(
        Answer(response_id=response.id, question_id=single.id, option_id=single.options[0].id)
    )
    survey.response_count = 1
    db.session.commit()


def ids(server: LiveServer, title: str, kind: QuestionType | None = None) -> tuple[int, int]:
    """Return the id of the survey called `title` and of its (first) question of `kind`."""
    with server.app.app_context():
        survey_id = db.session.scalar(select(Survey.id).where(Survey.title == title))
        question_id = db.session.scalar(
            select(Question.id)
            .where(Question.survey_id == survey_id, Question.kind == kind)
            .order_by(Question.id)
            .limit(1)
        )
    assert survey_id is not None, f"no survey is called {title!r}"
    return survey_id, question_id or 0


def builder(title: str, path: str = "", kind=None, shows: tuple[str, ...] = ()):
    """Return a visit to a builder page of the survey called `title` (`<question>` in `path`
    stands for the id of its question of `kind`)."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        survey_id, question_id = ids(server, title, kind)
        address = f"{BASE}/{survey_id}{path}".replace("<question>", str(question_id))
        go(address, shows=shows)(page, server, lang)

    return visit


def new_survey_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the new-survey form without a title and with the end before the beginning."""
    go(f"{BASE}/new")(page, server, lang)
    page.locator("#title").fill("")
    page.locator("#opens_at").fill("2030-05-02T10:00")
    page.locator("#closes_at").fill("2030-05-01T10:00")
    page.locator(SUBMIT).click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#closes_at")).to_have_attribute("aria-invalid", "true")


def question_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send a multiple-choice question with one option and min above max."""
    builder(DRAFT, "/questions/new?kind=multiple")(page, server, lang)
    page.locator("#text").fill("Was nutzen Sie?")
    page.locator("#new_options").fill("Nur eine Möglichkeit")
    page.locator("#min_choices").fill("3")
    page.locator("#max_choices").fill("2")
    page.locator("#question-form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#new_options")).to_have_attribute("aria-invalid", "true")


def delete_first_section(page: Page, server: LiveServer, lang: str) -> None:
    """Open the page that asks before the draft's first section is deleted (it lists its questions)."""
    builder(DRAFT)(page, server, lang)
    page.locator(".builder-section a[href$='/delete']").first.click()
    expect(page.locator("main .kern-list li").first).to_be_visible()


SURVEY_BUILDER_PAGES: list = [
    PageCase("survey-builder-overview", go(f"{BASE}/", shows=(".builder-list",)), role="staff"),
    PageCase("survey-builder-new", go(f"{BASE}/new", shows=("#opens_at",)), role="staff"),
    PageCase("survey-builder-new-errors", new_survey_with_errors, role="staff"),
    PageCase(
        "survey-builder-survey",
        builder(DRAFT, shows=(".builder-question", ".builder-move", ".builder-actions")),
        role="staff",
    ),
    PageCase(
        "survey-builder-settings", builder(DRAFT, "/settings", shows=("#title",)), role="staff"
    ),
    PageCase(
        "survey-builder-kinds",
        builder(DRAFT, "/questions/new", shows=(".builder-kinds",)),
        role="staff",
    ),
    *[
        PageCase(
            f"survey-builder-question-{kind.value}",
            builder(DRAFT, "/questions/<question>", kind, shows=("#question-form",)),
            role="staff",
        )
        for kind in QuestionType
    ],
    PageCase("survey-builder-question-errors", question_with_errors, role="staff"),
    PageCase(
        "survey-builder-question-locked",
        builder(ANSWERED, "/questions/<question>", QuestionType.SINGLE, shows=(".survey-notice",)),
        role="staff",
    ),
    PageCase(
        "survey-builder-preview",
        builder(DRAFT, "/preview", shows=(".builder-preview", ".survey-question")),
        role="staff",
    ),
    PageCase("survey-builder-delete", builder(DRAFT, "/delete"), role="staff"),
    PageCase("survey-builder-delete-section", delete_first_section, role="staff"),
]
