"""Every rule of reading a posted survey form: required, counts, ranges, lengths, tampering."""

from __future__ import annotations

import pytest

from participation.surveys.answering import FORM, parse
from participation.surveys.models import QuestionType as T
from tests.surveys.conftest import question_of


@pytest.fixture(autouse=True)
def german_request(app):
    """Messages are translated: read forms inside a (German) request."""
    with app.test_request_context():
        yield


def full_values(survey) -> dict[str, list[str]]:
    """Return a complete, valid answer to the example survey (every question type)."""
    q = {kind: question_of(survey, kind) for kind in T}
    multiple, matrix, ranking = q[T.MULTIPLE], q[T.MATRIX], q[T.RANKING]
    return {
        f"q{q[T.SINGLE].id}": [str(q[T.SINGLE].options[1].id)],
        f"q{multiple.id}": [str(multiple.options[0].id), str(multiple.options[2].id), "other"],
        f"q{multiple.id}-other": ["Bibliothek"],
        f"q{q[T.YES_NO].id}": ["yes"],
        f"q{q[T.SCALE].id}": ["4"],
        **{f"q{matrix.id}-{row.id}": [str(n + 2)] for n, row in enumerate(matrix.options)},
        f"q{ranking.id}-{ranking.options[2].id}": ["1"],
        f"q{ranking.id}-{ranking.options[0].id}": ["2"],
        f"q{q[T.SHORT_TEXT].id}": ["Eine Online-Wahlhilfe"],
        f"q{q[T.LONG_TEXT].id}": ["Weiter so.\nDanke!"],
        f"q{q[T.NUMBER].id}": ["42"],
    }


def check(survey, changes=(), drop=()):
    """Return (answers, errors) of the full answer with some fields changed or left out."""
    values = {k: v for k, v in full_values(survey).items() if k not in drop}
    values.update(dict(changes))
    return parse(survey.questions(), values)


def error_of(survey, kind, changes=(), drop=()):
    """Return the error shown at the survey's question of `kind` (None if accepted)."""
    return check(survey, changes, drop)[1].get(question_of(survey, kind).id)


def test_a_complete_answer_is_accepted(survey):
    answers, errors = check(survey)
    assert errors == {}
    assert set(answers) == {question.id for question in survey.questions()}


def test_required_questions_must_be_answered_optional_ones_need_not(survey):
    answers, errors = parse(survey.questions(), {})
    required = {q.id for q in survey.questions() if q.required}
    assert set(errors) == required
    assert answers == {}
    optional = [q for q in survey.questions() if not q.required]
    _answers, errors = check(survey, drop=[f"q{q.id}" for q in optional])
    assert errors == {}


def test_blank_text_counts_as_unanswered(survey):
    short = question_of(survey, T.SHORT_TEXT)
    answers, errors = check(survey, {f"q{short.id}": ["   "]})
    assert errors == {} and short.id not in answers


# --- single choice


def test_single_choice_takes_exactly_one_known_option(survey):
    single = question_of(survey, T.SINGLE)
    two = [str(single.options[0].id), str(single.options[1].id)]
    assert "mehrfach" in error_of(survey, T.SINGLE, {f"q{single.id}": two})
    assert "gibt es" in error_of(survey, T.SINGLE, {f"q{single.id}": ["999999"]})
    assert "gibt es" in error_of(survey, T.SINGLE, {f"q{single.id}": ["abc"]})


def test_single_choice_other_only_when_the_question_allows_it(survey):
    single = question_of(survey, T.SINGLE)
    assert not single.allow_other
    assert error_of(survey, T.SINGLE, {f"q{single.id}": ["other"]}) is not None
    _answers, errors = check(survey, {f"q{single.id}-other": ["Täglich"]})
    assert errors == {FORM: errors[FORM]}  # a field the question does not have


def test_single_choice_other_needs_its_text(survey):
    single = question_of(survey, T.SINGLE)
    single.allow_other = True
    assert "Sonstiges" in error_of(survey, T.SINGLE, {f"q{single.id}": ["other"]})
    answers, errors = check(survey, {f"q{single.id}": ["other"], f"q{single.id}-other": ["Nie"]})
    assert errors == {}
    assert answers[single.id][0].value_text == "Nie"
    assert answers[single.id][0].option_id is None


# --- multiple choice


def test_multiple_choice_within_min_and_max(survey):
    multiple = question_of(survey, T.MULTIPLE)
    ids = [str(option.id) for option in multiple.options]
    assert "höchstens 3" in error_of(survey, T.MULTIPLE, {f"q{multiple.id}": ids[:4]})
    # "other" counts as one of the three
    assert "höchstens 3" in error_of(survey, T.MULTIPLE, {f"q{multiple.id}": [*ids[:3], "other"]})
    _answers, errors = check(survey, {f"q{multiple.id}": ids[:1]}, drop=[f"q{multiple.id}-other"])
    assert errors == {}
    multiple.min_choices = 2
    message = error_of(survey, T.MULTIPLE, {f"q{multiple.id}": ids[:1]}, [f"q{multiple.id}-other"])
    assert "mindestens 2" in message


def test_multiple_choice_refuses_unknown_and_repeated_options(survey):
    multiple = question_of(survey, T.MULTIPLE)
    first = str(multiple.options[0].id)
    assert "gibt es" in error_of(survey, T.MULTIPLE, {f"q{multiple.id}": [first, "424242"]})
    assert "nur einmal" in error_of(survey, T.MULTIPLE, {f"q{multiple.id}": [first, first]})


def test_multiple_choice_other_needs_text_and_text_ticks_other(survey):
    multiple = question_of(survey, T.MULTIPLE)
    first = str(multiple.options[0].id)
    message = error_of(
        survey, T.MULTIPLE, {f"q{multiple.id}": [first, "other"]}, [f"q{multiple.id}-other"]
    )
    assert "Sonstiges" in message
    answers, errors = check(
        survey, {f"q{multiple.id}": [first], f"q{multiple.id}-other": ["Radio"]}
    )
    assert errors == {}
    assert [row.value_text for row in answers[multiple.id]] == [None, "Radio"]
    too_long = "x" * 201
    assert "200" in error_of(survey, T.MULTIPLE, {f"q{multiple.id}-other": [too_long]})


# --- yes/no and scale


def test_yes_no_takes_only_yes_or_no(survey):
    yes_no = question_of(survey, T.YES_NO)
    assert error_of(survey, T.YES_NO, {f"q{yes_no.id}": ["vielleicht"]}) is not None
    answers, _errors = check(survey, {f"q{yes_no.id}": ["no"]})
    assert answers[yes_no.id][0].value_int == 0


@pytest.mark.parametrize("given", ["0", "6", "2.5", "-1", "x", "99999999999"])
def test_scale_point_must_lie_on_the_scale(survey, given):
    scale = question_of(survey, T.SCALE)
    assert "1 bis 5" in error_of(survey, T.SCALE, {f"q{scale.id}": [given]})


def test_scale_0_to_10(survey):
    scale = question_of(survey, T.SCALE)
    scale.scale_min, scale.scale_max = 0, 10
    for given, ok in (("0", True), ("10", True), ("11", False)):
        assert (error_of(survey, T.SCALE, {f"q{scale.id}": [given]}) is None) is ok


# --- matrix


def test_required_matrix_needs_every_row_each_on_the_scale(survey):
    matrix = question_of(survey, T.MATRIX)
    first = f"q{matrix.id}-{matrix.options[0].id}"
    assert "jede Zeile" in error_of(survey, T.MATRIX, drop=[first])
    assert "1 bis 5" in error_of(survey, T.MATRIX, {first: ["7"]})
    assert "mehrfach" in error_of(survey, T.MATRIX, {first: ["2", "3"]})
    matrix.required = False
    answers, errors = check(survey, drop=[first])
    assert errors == {} and len(answers[matrix.id]) == 2


# --- ranking


def test_ranking_places_distinct_without_gaps_and_within_max(survey):
    ranking = question_of(survey, T.RANKING)
    a, b, c, d = (f"q{ranking.id}-{option.id}" for option in ranking.options)
    base = {a: [""], b: [""], c: [""], d: [""]}
    assert "nur einmal" in error_of(survey, T.RANKING, {**base, a: ["1"], b: ["1"]})
    assert "ohne Lücke" in error_of(survey, T.RANKING, {**base, a: ["1"], b: ["3"]})
    assert "ohne Lücke" in error_of(survey, T.RANKING, {**base, a: ["2"]})
    # max_choices is 3: a fourth place does not exist
    assert "1 bis 3" in error_of(survey, T.RANKING, {a: ["1"], b: ["2"], c: ["3"], d: ["4"]})
    assert "mehrfach" in error_of(survey, T.RANKING, {**base, a: ["1", "2"]})
    answers, errors = check(survey, {**base, d: ["1"], b: ["2"], a: ["3"]})
    assert errors == {}
    assert {(row.option_id, row.value_int) for row in answers[ranking.id]} == {
        (ranking.options[3].id, 1),
        (ranking.options[1].id, 2),
        (ranking.options[0].id, 3),
    }


def test_ranking_needs_min_choices_places_when_set(survey):
    ranking = question_of(survey, T.RANKING)
    ranking.min_choices = 3
    a = f"q{ranking.id}-{ranking.options[0].id}"
    only_first = {f"q{ranking.id}-{o.id}": [""] for o in ranking.options} | {a: ["1"]}
    assert "mindestens 3" in error_of(survey, T.RANKING, only_first)


# --- texts and numbers


def test_text_lengths(survey):
    short, long = question_of(survey, T.SHORT_TEXT), question_of(survey, T.LONG_TEXT)
    assert error_of(survey, T.SHORT_TEXT, {f"q{short.id}": ["x" * 200]}) is None
    assert "200" in error_of(survey, T.SHORT_TEXT, {f"q{short.id}": ["x" * 201]})
    assert error_of(survey, T.LONG_TEXT, {f"q{long.id}": ["x" * 5000]}) is None
    assert "5.000" in error_of(survey, T.LONG_TEXT, {f"q{long.id}": ["x" * 5001]})


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("13", "14 bis 120"),
        ("121", "14 bis 120"),
        ("42,5", "ganze Zahl"),
        ("vierzig", "Zahl ein"),
        ("4e2", "Zahl ein"),
        ("1.000", "ganze Zahl"),
    ],
)
def test_number_range_and_decimals(survey, given, problem):
    number = question_of(survey, T.NUMBER)
    assert problem in error_of(survey, T.NUMBER, {f"q{number.id}": [given]})


def test_number_with_decimals_accepts_comma_and_point(survey):
    number = question_of(survey, T.NUMBER)
    number.number_decimals, number.number_min, number.number_max = 2, 0.5, 10
    for given, value in (("2,25", 2.25), ("2.5", 2.5), ("10", 10.0), (" 0,5 ", 0.5)):
        answers, errors = check(survey, {f"q{number.id}": [given]})
        assert errors == {} and answers[number.id][0].value_number == value
    assert "2 Stellen" in error_of(survey, T.NUMBER, {f"q{number.id}": ["1,125"]})
    assert "0,5 bis 10" in error_of(survey, T.NUMBER, {f"q{number.id}": ["0,25"]})


# --- tampered forms


def test_a_question_of_another_survey_refuses_the_whole_form(survey, make_survey):
    other = make_survey()
    foreign = question_of(other, T.SHORT_TEXT)
    answers, errors = check(survey, {f"q{foreign.id}": ["eingeschmuggelt"]})
    assert answers == {} and FORM in errors


@pytest.mark.parametrize("name", ["q0", "q999999-other", "q1-2-3", "qq", "q1-abc"])
def test_unknown_field_names_refuse_the_whole_form(survey, name):
    answers, errors = check(survey, {name: ["1"]})
    assert answers == {} and FORM in errors


def test_an_option_of_another_question_is_refused(survey):
    single, multiple = question_of(survey, T.SINGLE), question_of(survey, T.MULTIPLE)
    stolen = str(multiple.options[0].id)
    assert "gibt es" in error_of(survey, T.SINGLE, {f"q{single.id}": [stolen]})
    matrix, ranking = question_of(survey, T.MATRIX), question_of(survey, T.RANKING)
    # a ranking item posted as a matrix row: the field name does not exist
    _answers, errors = check(survey, {f"q{matrix.id}-{ranking.options[0].id}": ["3"]})
    assert FORM in errors


@pytest.mark.parametrize("kind", [T.YES_NO, T.SCALE, T.SHORT_TEXT, T.LONG_TEXT, T.NUMBER])
def test_a_single_value_field_sent_twice_is_refused(survey, kind):
    question = question_of(survey, kind)
    name = f"q{question.id}"
    values = full_values(survey)[name]
    assert "mehrfach" in error_of(survey, kind, {name: values * 2})
