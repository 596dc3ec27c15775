"""Stored survey figures: used while the survey is unchanged, exactly equal to figures counted
now, and counted again after every kind of write that can change them (the results version
rises in the same transaction)."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass

from sqlalchemy import delete, func, insert, select, update
from werkzeug.datastructures import MultiDict

from participation.core.channels import Channel
from participation.core.results_versions import SUBJECTS_OPTION
from participation.extensions import db
from participation.surveys import builder_questions, responses, results, stored_figures
from participation.surveys.answering import Row
from participation.surveys.models import Answer, QuestionType, Response, Survey
from participation.surveys.stored_figures import STORE, SurveyFigures, variant
from tests.paper import entry_fixtures as fx
from tests.paper.entry_fixtures import enter, make_sheets
from tests.querycount import counted_queries
from tests.surveys.conftest import question_of
from tests.surveys.test_results import every_answer, respond

T = QuestionType
VARIANTS = [(channel, public) for channel in (None, *Channel) for public in (False, True)]
clerks, in_request, paper_survey = fx.clerks, fx.in_request, fx.paper_survey


def version(survey: Survey) -> int:
    """Return the survey's results version as stored now."""
    return db.session.scalar(select(Survey.results_version).where(Survey.id == survey.id))


def answered(survey: Survey, **given) -> Survey:
    """Return the survey with twelve responses of every kind, online and on paper."""
    for index in range(12):
        channel = Channel.PAPER if index % 3 == 0 else Channel.ONLINE
        respond(survey, channel=channel, **{**every_answer(index), **given})
    return survey


def fresh(survey: Survey, channel=None, public=False):
    """Return the results counted now (no stored figures)."""
    return results.aggregate(survey, channel, public, stored=False)


def test_stored_figures_equal_the_counted_ones_in_value_type_and_order(app, survey):
    answered(survey)
    for channel, public in VARIANTS:
        counted = results.compute_figures(survey, channel, public)
        first = results.aggregate(survey, channel, public)  # counts and stores
        again = results.aggregate(survey, channel, public)  # from the stored row
        assert first == again == fresh(survey, channel, public)
        kept = stored_figures.figures(survey, channel, public, lambda: None)
        assert kept == counted
        assert typed(kept) == typed(counted)  # the same types (float, Decimal, int) and order
    stored = db.session.scalars(
        select(SurveyFigures.variant).where(SurveyFigures.survey_id == survey.id)
    )
    assert sorted(stored) == sorted(variant(channel, public) for channel, public in VARIANTS)


def typed(value):
    """Return `value` with the type of every number and the order of every dict and list."""
    if isinstance(value, dict):
        return [(typed(key), typed(item)) for key, item in value.items()]
    if isinstance(value, list | tuple):
        return [type(value).__name__, *map(typed, value)]
    if is_dataclass(value):
        return [type(value).__name__, *(typed(getattr(value, f.name)) for f in fields(value))]
    return (type(value).__name__, value)


def test_the_stored_row_is_read_instead_of_counting(app, survey):
    answered(survey)
    results.aggregate(survey)
    with counted_queries(db.engine) as statements:
        results.aggregate(survey)
    assert len(statements) == 1  # the stored row with the survey's version; no counting
    assert "survey_figures" in statements[0]


def test_an_online_response_raises_the_version_and_shows(app, survey, make_user):
    answered(survey)
    before, seen = version(survey), results.aggregate(survey)
    single = question_of(survey, T.SINGLE)
    chosen = single.options[1].id
    responses.submit(survey, make_user(), {single.id: [Row(option_id=chosen)]})
    assert version(survey) > before
    now = results.aggregate(survey)
    assert now.total == seen.total + 1 == now.by_channel[Channel.ONLINE] + 4
    assert now == fresh(survey)


def test_a_paper_sheet_entered_raises_the_version_and_shows(app, paper_survey, clerks, in_request):
    single = paper_survey.questions()[0]
    chosen = single.options[0].id
    code = make_sheets(paper_survey, 1)[0]
    seen = results.aggregate(paper_survey, Channel.PAPER)
    before = version(paper_survey)
    enter(code, clerks[0], MultiDict([(f"q{single.id}", str(chosen))]))
    assert version(paper_survey) > before
    now = results.aggregate(paper_survey, Channel.PAPER)
    assert (seen.total, now.total) == (0, 1)
    assert now.questions[0].counts[0].count == 1
    assert now == fresh(paper_survey, Channel.PAPER)


def test_hiding_and_showing_a_text_raises_the_version_and_shows(app, survey, staff):
    answered(survey)
    short = question_of(survey, T.SHORT_TEXT)
    texts = lambda: [t.text for t in by_id(results.aggregate(survey, public=True), short).texts]  # noqa: E731
    shown = texts()
    answer = db.session.scalar(select(Answer).where(Answer.value_text == shown[0]))
    before = version(survey)
    results.set_hidden(answer, True, staff)
    assert version(survey) > before
    assert shown[0] not in texts()
    assert by_id(results.aggregate(survey), short).hidden_count == 1
    results.set_hidden(answer, False, staff)
    assert texts() == shown
    assert results.aggregate(survey, public=True) == fresh(survey, public=True)


def by_id(found, question):
    """Return the result of one question."""
    return next(result for result in found.questions if result.question.id == question.id)


def test_deleting_a_response_raises_the_version_and_shows(app, survey):
    answered(survey)
    seen = results.aggregate(survey)
    before = version(survey)
    db.session.delete(
        db.session.scalars(select(Response).where(Response.survey_id == survey.id)).first()
    )
    db.session.flush()
    assert version(survey) > before
    assert results.aggregate(survey).total == seen.total - 1
    assert results.aggregate(survey) == fresh(survey)


def test_changing_the_questions_raises_the_version_and_shows(app, make_survey):
    survey = make_survey(published=False)
    seen = results.aggregate(survey)
    before = version(survey)
    builder_questions.move_question(survey.questions()[0], 1)
    assert version(survey) > before
    db.session.expire_all()  # the next request loads the questions in their new order
    moved = results.aggregate(survey)
    assert [r.question.id for r in moved.questions] != [r.question.id for r in seen.questions]
    before = version(survey)
    builder_questions.delete_question(question_of(survey, T.NUMBER))
    assert version(survey) > before
    assert len(results.aggregate(survey).questions) == len(seen.questions) - 1
    assert results.aggregate(survey) == fresh(survey)


def test_a_new_option_raises_the_version(app, make_survey):
    survey = make_survey(published=False)
    single = question_of(survey, T.SINGLE)
    results.aggregate(survey)
    before = version(survey)
    from participation.surveys.models import Option

    single.options.append(Option(position=99, label="Noch eine"))
    db.session.flush()
    assert version(survey) > before
    assert by_id(results.aggregate(survey), single).counts[-1].label == "Noch eine"


def test_bulk_statements_raise_every_survey_unless_they_name_theirs(app, make_survey):
    first, second = answered(make_survey()), answered(make_survey())
    short = question_of(first, T.SHORT_TEXT)
    results.aggregate(first)
    versions = lambda: (version(first), version(second))  # noqa: E731
    before = versions()
    db.session.execute(update(Answer).where(Answer.question_id == short.id).values(hidden=True))
    assert versions() == (before[0] + 1, before[1] + 1)  # no subject named: all of them
    assert by_id(results.aggregate(first), short).hidden_count == 12
    before = versions()
    named = update(Answer).where(Answer.question_id == short.id).values(hidden=False)
    db.session.execute(named.execution_options(**{SUBJECTS_OPTION: [first.id]}))
    assert versions() == (before[0] + 1, before[1])
    assert by_id(results.aggregate(first), short).hidden_count == 0
    before = versions()
    gone = select(Response.id).where(Response.survey_id == first.id).limit(1).scalar_subquery()
    db.session.execute(delete(Answer).where(Answer.response_id == gone))
    assert versions() == (before[0] + 1, before[1] + 1)
    assert results.aggregate(first) == fresh(first)


def test_a_bulk_insert_raises_the_version(app, survey):
    answered(survey)
    single = question_of(survey, T.SINGLE)
    seen = by_id(results.aggregate(survey), single).counts[0].count
    response = respond(survey)  # a response without answers, then its answer in bulk
    results.aggregate(survey)
    before = version(survey)
    row = {"response_id": response.id, "question_id": single.id, "item": 0}
    db.session.execute(insert(Answer), [{**row, "option_id": single.options[0].id}])
    assert version(survey) > before
    assert by_id(results.aggregate(survey), single).counts[0].count == seen + 1


def test_a_write_while_counting_leaves_the_stored_row_stale(app, survey):
    answered(survey)

    def counted_while_a_response_arrives():
        found = results.compute_figures(survey, None, False)
        respond(survey, **every_answer(3))  # lands after the version was read
        return found

    stale = STORE.get(
        survey.id,
        variant(None, False),
        counted_while_a_response_arrives,
        stored_figures.to_json,
        stored_figures.from_json,
    )
    current, payload = STORE.lookup(survey.id, variant(None, False))
    assert payload is None and current == version(survey)
    assert results.aggregate(survey).total == sum(stale[0].values()) + 1


def test_storing_the_same_figures_twice_and_an_older_computation(app, survey):
    answered(survey)
    key, found = variant(None, False), results.compute_figures(survey, None, False)
    current = version(survey)
    payload = stored_figures.to_json(found)
    STORE.store(survey.id, key, current, payload)
    STORE.store(survey.id, key, current, payload)  # a second reader computed the same
    STORE.store(survey.id, key, current - 1, {"older": True})  # a slower, older computation
    rows = db.session.execute(
        select(SurveyFigures.version, SurveyFigures.payload).where(
            SurveyFigures.survey_id == survey.id
        )
    ).all()
    as_read = json.loads(json.dumps(payload))
    assert rows == [(current, as_read)]
    assert STORE.lookup(survey.id, key) == (current, as_read)


def test_stored_figures_go_with_their_survey(app, make_survey):
    survey = make_survey(published=False)
    results.aggregate(survey)
    survey_id = survey.id
    db.session.execute(delete(Survey).where(Survey.id == survey_id))
    count = select(func.count()).where(SurveyFigures.survey_id == survey_id)
    assert db.session.scalar(count) == 0
