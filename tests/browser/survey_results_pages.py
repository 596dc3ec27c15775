"""The survey results page states the browser tests visit (pages.py adds them to PAGES), and
`seed_survey_results()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from playwright.sync_api import Page
from sqlalchemy import select

from participation.core.channels import Channel
from participation.extensions import db
from participation.surveys.models import Answer, Question, QuestionType, Survey
from participation.surveys.seed import DIGITAL_OFFERS, build_survey
from tests.browser.visits import PageCase, go
from tests.surveys.test_results import every_answer, respond

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

# Titles of the surveys seeded here (distinct from the builder's and the answer pages' surveys).
WITH_RESPONSES = "Radwege in Pößneck: Ihre Erfahrungen"
WITHOUT_RESPONSES = "Spielplätze: Ihre Wünsche"
HIDDEN_TEXT = "Der Nachbar von nebenan parkt immer auf dem Radweg, Hausnummer 12."


def seed_survey_results() -> None:
    """Write a closed survey with online and paper responses of every type (one free text
    hidden) and a closed survey without responses."""
    day = timedelta(days=1)
    survey = build_survey(
        {**DIGITAL_OFFERS, "title": WITH_RESPONSES}, opens_in=-40 * day, open_for=30 * day
    )
    for index in range(24):
        channel = Channel.PAPER if index % 6 == 0 else Channel.ONLINE
        respond(survey, channel=channel, **every_answer(index))
    hidden = respond(survey, short=HIDDEN_TEXT)
    question = next(q for q in survey.questions() if q.kind is QuestionType.SHORT_TEXT)
    key = {"response_id": hidden.id, "question_id": question.id, "item": 0}
    db.session.get(Answer, key).hidden = True
    build_survey(
        {**DIGITAL_OFFERS, "title": WITHOUT_RESPONSES}, opens_in=-40 * day, open_for=30 * day
    )
    db.session.commit()


def ids(server: LiveServer, title: str, kind: QuestionType | None = None) -> tuple[int, int]:
    """Return the id of the survey called `title` and of its question of `kind`."""
    with server.app.app_context():
        survey_id = db.session.scalar(select(Survey.id).where(Survey.title == title))
        question_id = db.session.scalar(
            select(Question.id).where(Question.survey_id == survey_id, Question.kind == kind)
        )
    assert survey_id is not None, f"no survey is called {title!r}"
    return survey_id, question_id or 0


def results(title: str, path: str = "/results", kind=None, shows: tuple[str, ...] = ()):
    """Return a visit to a results page of the survey called `title`."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        survey_id, question_id = ids(server, title, kind)
        address = f"/surveys/{survey_id}{path}".replace("<question>", str(question_id))
        go(address, shows=shows)(page, server, lang)

    return visit


SURVEY_RESULTS_PAGES: list = [
    PageCase(
        "survey-results",
        results(WITH_RESPONSES, shows=("svg.chart", ".results-filter", ".results-explain")),
        role="staff",
    ),
    PageCase(
        "survey-results-paper",
        results(WITH_RESPONSES, "/results?channel=paper", shows=(".results-filter__note",)),
        role="staff",
    ),
    PageCase(
        "survey-results-texts",
        results(
            WITH_RESPONSES,
            "/results/questions/<question>/texts",
            QuestionType.SHORT_TEXT,
            shows=(".result-text--hidden", ".result-text__form button"),
        ),
        role="staff",
    ),
    PageCase(
        "survey-results-empty",
        results(WITHOUT_RESPONSES, shows=(".survey-notice",)),
        role="staff",
    ),
]
