"""Every survey page that lists rows runs as many SQL statements in a world five times as big:
surveys in the lists, sections and questions on a survey's pages, responses in its results,
texts and downloads (tests/surveys/test_results_pages.py and test_builder_pages.py test the
results page with more responses and the builder with a few more questions)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.comments.services import post_comment
from participation.core.permissions import Role
from participation.surveys.models import QuestionType
from participation.surveys.seed import DIGITAL_OFFERS
from tests.pagequeries import assert_flat, page_statements
from tests.surveys.conftest import question_of
from tests.surveys.test_results import every_answer, respond

SMALL, LARGE = 1, 5
PHASES = [
    {},  # open
    {"opens_in": timedelta(days=3)},  # upcoming
    {"opens_in": timedelta(days=-40), "open_for": timedelta(days=10)},  # closed
]


def spec(copies: int) -> dict:
    """Return the example survey with its three sections `copies` times (9 questions each)."""
    return {**DIGITAL_OFFERS, "sections": DIGITAL_OFFERS["sections"] * copies}


def survey_world(make_survey, make_user, size: int, **options):
    """A survey of `size` copies of the example, with `size * 3` comments and responses."""
    survey = make_survey(spec=spec(size), **options)
    if survey.published_at:
        for number in range(size * 3):
            post_comment(survey.thread, make_user(), f"Meinung {number}")
            respond(survey, **every_answer(number))
    return survey


def compare(client, db, build, path: str) -> list[list[str]]:
    """Return the statements of `path` (formatted with what `build(size)` returns) for the
    small and the large world."""
    return [
        page_statements(client, db.engine, path.format(**build(size))) for size in (SMALL, LARGE)
    ]


@pytest.mark.parametrize(("role", "most"), [(None, 5), (Role.RESIDENT, 9), (Role.STAFF, 9)])
def test_the_list_of_surveys(client, db, make_survey, login_as, role, most):
    if role:
        login_as(role)

    def build(size):
        for phase in PHASES * size * 2:
            make_survey(**phase)
        return {}

    small, large = compare(client, db, build, "/surveys/")
    assert_flat(small, large, most)


@pytest.mark.parametrize(("role", "most"), [(None, 14), (Role.RESIDENT, 20)])
def test_a_survey_with_its_form_and_discussion(
    client, db, make_survey, make_user, login_as, role, most
):
    if role:
        login_as(role)

    def build(size):
        return {"id": survey_world(make_survey, make_user, size).id}

    small, large = compare(client, db, build, "/surveys/{id}")
    assert_flat(small, large, most)


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/surveys/{id}/results", 20),
        ("/surveys/{id}/results?channel=paper", 20),
        ("/surveys/{id}/results/questions/{texts}/texts", 12),
        ("/surveys/{id}/results.csv", 22),
        ("/surveys/{id}/results.json", 30),
    ],
)
def test_the_results_texts_and_downloads(client, db, make_survey, make_user, login_as, path, most):
    login_as(Role.STAFF)

    def build(size):
        survey = survey_world(make_survey, make_user, size)
        return {"id": survey.id, "texts": question_of(survey, QuestionType.LONG_TEXT).id}

    small, large = compare(client, db, build, path)
    assert_flat(small, large, most)


def test_the_builders_list(client, db, make_survey, login_as):
    login_as(Role.STAFF)

    def build(size):
        for phase in PHASES * size * 2:
            make_survey(**phase)
        make_survey(published=False)
        return {}

    small, large = compare(client, db, build, "/surveys/manage/")
    assert_flat(small, large, 9)


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/surveys/manage/{id}", 12),
        ("/surveys/manage/{id}/preview", 12),
        ("/surveys/manage/{id}/sections/{section}/delete", 12),
    ],
)
def test_the_builder_pages_of_a_survey(client, db, make_survey, make_user, login_as, path, most):
    login_as(Role.STAFF)

    def build(size):
        survey = survey_world(make_survey, make_user, size, published=False)
        # the section to delete gets the questions of every copy
        first, *others = survey.sections
        for other in others:
            for question in list(other.questions):
                question.section = first
        db.session.flush()
        return {"id": survey.id, "section": first.id}

    small, large = compare(client, db, build, path)
    assert_flat(small, large, most)
