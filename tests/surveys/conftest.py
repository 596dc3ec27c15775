"""Survey fixtures: the example survey with every question type, built as staff would."""

from __future__ import annotations

import pytest

from participation.core.permissions import Role
from participation.surveys.models import Audience, QuestionType
from participation.surveys.seed import build_survey


@pytest.fixture()
def staff(make_user):
    """A staff member (Stadtverwaltung), who builds surveys and reads their results."""
    return make_user(roles=(Role.STAFF,), display_name="Sabine Stadtverwaltung")


@pytest.fixture()
def make_survey(db, staff):
    """Factory: make_survey(audience=..., anonymous=..., published=..., opens_in=..., ...)
    → the digital-offers survey (three sections, one question of every type), flushed."""

    def factory(**options):
        options.setdefault("audience", Audience.RESIDENTS)
        return build_survey(author=staff, **options)

    return factory


@pytest.fixture()
def survey(make_survey):
    """An open, published survey for signed-in residents."""
    return make_survey()


def question_of(survey, kind: QuestionType):
    """Return the survey's (first) question of a kind."""
    return next(question for question in survey.questions() if question.kind is kind)
