"""The survey model: printed order, phases in time, and the example with every question type."""

from datetime import timedelta

from participation.surveys.models import Phase, QuestionType
from tests.surveys.conftest import question_of


def test_the_example_has_every_question_type_in_a_fixed_order(survey):
    kinds = [question.kind for question in survey.questions()]
    assert sorted(kinds) == sorted(QuestionType)
    assert [section.position for section in survey.sections] == [1, 2, 3]
    ranking = question_of(survey, QuestionType.RANKING)
    assert [option.position for option in ranking.options] == [1, 2, 3, 4]
    assert question_of(survey, QuestionType.MATRIX).scale_points() == [1, 2, 3, 4, 5]
    assert question_of(survey, QuestionType.NUMBER).scale_points() == []


def test_the_phase_follows_publication_and_the_clock(make_survey):
    draft = make_survey(published=False)
    upcoming = make_survey(opens_in=timedelta(days=2))
    closed = make_survey(opens_in=timedelta(days=-10), open_for=timedelta(days=5))
    assert draft.phase() is Phase.DRAFT
    assert upcoming.phase() is Phase.UPCOMING
    assert make_survey().phase() is Phase.OPEN
    assert closed.phase() is Phase.CLOSED
    assert upcoming.phase(upcoming.opens_at) is Phase.OPEN  # opens on the minute
    assert closed.phase(closed.closes_at) is Phase.CLOSED  # closes on the minute
