"""Entering survey sheets: the marks of every question type become the answers an online
response would have; over-marked questions count as not answered; a blank sheet is a response
without answers; typing mistakes are refused with the typed text kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.core.channels import Channel
from participation.extensions import db
from participation.paper import entry, entry_marks, registry
from participation.paper.models import SheetStatus
from participation.surveys.models import Answer, QuestionType, Response
from participation.votes.seed import build_vote
from tests.paper import entry_fixtures as fx
from tests.paper.entry_fixtures import enter, make_sheets

# The entry fixtures, shared by the entry tests.
clerks, in_request, paper_survey = fx.clerks, fx.in_request, fx.paper_survey

pytestmark = pytest.mark.usefixtures("in_request")
T = QuestionType


def questions_by_kind(survey) -> dict:
    """Return the example survey's questions by kind (one of each)."""
    return {question.kind: question for question in survey.questions()}


def full_sheet(survey) -> MultiDict:
    """Return the form of a sheet with every question answered once, as printed."""
    q = questions_by_kind(survey)
    options = {kind: [option.id for option in q[kind].options] for kind in q}
    pairs = [
        (f"q{q[T.SINGLE].id}", str(options[T.SINGLE][1])),
        (f"q{q[T.MULTIPLE].id}", str(options[T.MULTIPLE][0])),
        (f"q{q[T.MULTIPLE].id}", str(options[T.MULTIPLE][3])),
        (f"q{q[T.MULTIPLE].id}-other", "Müllkalender"),
        (f"q{q[T.YES_NO].id}", "yes"),
        (f"q{q[T.SCALE].id}", "4"),
        (f"q{q[T.SHORT_TEXT].id}", "Fundbüro im Internet"),
        (f"q{q[T.LONG_TEXT].id}", "Bitte mehr\r\nauf Papier."),
        (f"q{q[T.NUMBER].id}", "45"),
    ]
    pairs += [
        (f"q{q[T.MATRIX].id}-{oid}", p) for oid, p in zip(options[T.MATRIX], "435", strict=True)
    ]
    pairs += [
        (f"q{q[T.RANKING].id}-{oid}", p)
        for oid, p in zip(options[T.RANKING][:3], "312", strict=True)
    ]
    return MultiDict(pairs)


def answers_of(code: str) -> dict[int, list[tuple]]:
    """Return the stored answers of the paper response with this code by question."""
    response = db.session.scalar(select(Response).where(Response.sheet_code == code))
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id))
    found: dict[int, list[tuple]] = {}
    for row in rows:
        value = (row.option_id, row.value_int, row.value_number, row.value_text)
        found.setdefault(row.question_id, []).append(value)
    return {qid: sorted(values, key=repr) for qid, values in found.items()}


def test_a_full_sheet_becomes_a_paper_response(paper_survey, clerks):
    (code,) = make_sheets(paper_survey, 1)
    saved = enter(code, clerks[0], full_sheet(paper_survey))
    assert saved.outcome == "counted"
    response = db.session.scalar(select(Response).where(Response.sheet_code == code))
    assert (response.channel, response.user_id) == (Channel.PAPER, None)
    assert paper_survey.response_count == 1
    q = questions_by_kind(paper_survey)
    answers = answers_of(code)
    matrix = [option.id for option in q[T.MATRIX].options]
    ranking = [option.id for option in q[T.RANKING].options]
    assert answers[q[T.SINGLE].id] == [(q[T.SINGLE].options[1].id, None, None, None)]
    assert (None, None, None, "Müllkalender") in answers[q[T.MULTIPLE].id]
    assert len(answers[q[T.MULTIPLE].id]) == 3
    assert answers[q[T.YES_NO].id] == [(None, 1, None, None)]
    assert answers[q[T.SCALE].id] == [(None, 4, None, None)]
    assert sorted((a[0], a[1]) for a in answers[q[T.MATRIX].id]) == list(
        zip(matrix, (4, 3, 5), strict=True)
    )
    assert sorted((a[0], a[1]) for a in answers[q[T.RANKING].id]) == list(
        zip(ranking[:3], (3, 1, 2), strict=True)
    )
    assert answers[q[T.LONG_TEXT].id] == [(None, None, None, "Bitte mehr\nauf Papier.")]
    assert answers[q[T.NUMBER].id] == [(None, None, 45.0, None)]


def test_over_marked_questions_count_as_not_answered(paper_survey, clerks):
    (code,) = make_sheets(paper_survey, 1)
    q = questions_by_kind(paper_survey)
    form = full_sheet(paper_survey)
    form.add(f"q{q[T.SINGLE].id}", str(q[T.SINGLE].options[2].id))  # two crosses, one allowed
    form.add(f"q{q[T.YES_NO].id}", "no")  # yes and no
    form.setlist(f"q{q[T.NUMBER].id}", ["150"])  # out of the range 14–120
    first_item = f"q{q[T.RANKING].id}-{q[T.RANKING].options[0].id}"
    form.setlist(first_item, ["1", "3"])  # two places for one item
    enter(code, clerks[0], form)
    answers = answers_of(code)
    for kind in (T.SINGLE, T.YES_NO, T.NUMBER, T.RANKING):
        assert q[kind].id not in answers, kind
    assert q[T.SCALE].id in answers and q[T.MULTIPLE].id in answers


def test_a_blank_sheet_is_a_response_without_answers(paper_survey, clerks):
    (code,) = make_sheets(paper_survey, 1)
    enter(code, clerks[0], MultiDict())
    assert answers_of(code) == {}
    assert paper_survey.response_count == 1


def test_typing_mistakes_are_refused_and_nothing_is_stored(paper_survey, clerks):
    (code,) = make_sheets(paper_survey, 1)
    q = questions_by_kind(paper_survey)
    form = full_sheet(paper_survey)
    form.setlist(f"q{q[T.NUMBER].id}", ["vierzig"])
    form.setlist(f"q{q[T.SHORT_TEXT].id}", ["x" * 201])
    with pytest.raises(entry_marks.MarksInvalid) as refused:
        enter(code, clerks[0], form)
    assert set(refused.value.errors) == {f"q{q[T.NUMBER].id}", f"q{q[T.SHORT_TEXT].id}"}
    assert refused.value.task.sheet.code == code
    db.session.rollback()


def test_a_field_of_another_survey_refuses_the_form(paper_survey, clerks):
    (code,) = make_sheets(paper_survey, 1)
    with pytest.raises(entry_marks.MarksInvalid) as refused:
        enter(code, clerks[0], MultiDict([("q999999", "1")]))
    assert set(refused.value.errors) == {entry_marks.FORM_ERROR}


def test_double_entry_of_survey_sheets_compares_every_question(paper_survey, clerks):
    paper_survey.paper_double_entry = True
    (code,) = make_sheets(paper_survey, 1)
    q = questions_by_kind(paper_survey)
    enter(code, clerks[0], full_sheet(paper_survey))
    other = full_sheet(paper_survey)
    other.setlist(f"q{q[T.SCALE].id}", ["5"])
    assert enter(code, clerks[1], other).outcome == "arbitration"
    assert paper_survey.response_count == 0
    assert enter(code, clerks[2], full_sheet(paper_survey)).outcome == "counted"
    assert answers_of(code)[q[T.SCALE].id] == [(None, 4, None, None)]
    assert paper_survey.response_count == 1


def test_sheets_are_entered_only_in_their_own_entry_screen(paper_survey, make_sheets_pair):
    survey_code, vote_code, vote, staff = make_sheets_pair
    for code, scope in (
        (vote_code, entry.Scope(survey_id=paper_survey.id)),
        (survey_code, entry.Scope(vote_id=vote.id)),
    ):
        with pytest.raises(registry.SheetRefused) as refused:
            entry.open_sheet(code, staff, scope)
        assert refused.value.reason == "subject"
    task = entry.open_sheet(survey_code, staff, entry.Scope(survey_id=paper_survey.id))
    assert task.sheet.status is SheetStatus.ISSUED and not task.is_vote


@pytest.fixture()
def make_sheets_pair(paper_survey, clerks):
    """A survey sheet, a ballot of an open vote, the vote, and a staff member."""
    vote = build_vote()
    return make_sheets(paper_survey, 1)[0], make_sheets(vote, 1)[0], vote, clerks[0]
