"""Aggregation of survey results in SQL: counts and shares per type, means and medians, matrix,
Borda count, the channel filter, hidden texts and a query count independent of the responses."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from participation.core.channels import Channel
from participation.extensions import db
from participation.surveys import results
from participation.surveys.models import Answer, QuestionType, Response, Survey
from participation.surveys.results_shape import mean_of, median_of
from participation.surveys.views import WITH_QUESTIONS
from tests.querycount import counted_queries
from tests.surveys.conftest import question_of

T = QuestionType


def respond(survey, channel=Channel.ONLINE, user=None, **given) -> Response:
    """Insert one response as the answer code stores it; keys name the kind of question:
    single/yes_no/scale/number/short/long (a value), single_other/multiple_other (a text),
    multiple (option indexes), matrix (a point per row, None to skip), ranking (option indexes,
    first place first)."""
    response = Response(
        survey_id=survey.id,
        user_id=user.id if user else None,
        channel=channel,
        submitted_on=date(2026, 5, 4),
    )
    db.session.add(response)
    db.session.flush()
    db.session.add_all(Answer(response_id=response.id, **row) for row in answer_rows(survey, given))
    db.session.execute(
        update(Survey)
        .where(Survey.id == survey.id)
        .values(response_count=Survey.response_count + 1)
    )
    db.session.flush()
    return response


def answer_rows(survey, given: dict) -> list[dict]:
    """Return the answer rows (without response) for the given answers."""
    q = {kind: question_of(survey, kind) for kind in T}
    option = {kind: [o.id for o in q[kind].options] for kind in T}
    rows = []

    def add(kind, item=0, **values):
        rows.append({"question_id": q[kind].id, "item": item, **values})

    if "single" in given:
        add(T.SINGLE, option_id=option[T.SINGLE][given["single"]])
    if "single_other" in given:
        add(T.SINGLE, value_text=given["single_other"])
    for index in given.get("multiple", ()):
        oid = option[T.MULTIPLE][index]
        add(T.MULTIPLE, item=oid, option_id=oid)
    if "multiple_other" in given:
        add(T.MULTIPLE, value_text=given["multiple_other"])
    if "yes_no" in given:
        add(T.YES_NO, value_int=int(given["yes_no"]))
    if "scale" in given:
        add(T.SCALE, value_int=given["scale"])
    for oid, point in zip(option[T.MATRIX], given.get("matrix", ()), strict=False):
        if point is not None:
            add(T.MATRIX, item=oid, option_id=oid, value_int=point)
    for rank, index in enumerate(given.get("ranking", ()), start=1):
        oid = option[T.RANKING][index]
        add(T.RANKING, item=oid, option_id=oid, value_int=rank)
    for key, kind in (("short", T.SHORT_TEXT), ("long", T.LONG_TEXT)):
        if key in given:
            add(kind, value_text=given[key])
    if "number" in given:
        add(T.NUMBER, value_number=given["number"])
    return rows


def result_of(found, survey, kind):
    """Return the result of the survey's question of a kind."""
    question = question_of(survey, kind)
    return next(r for r in found.questions if r.question.id == question.id)


def test_single_choice_counts_and_shares_of_those_who_answered(app, survey):
    for index in (0, 0, 1):
        respond(survey, single=index)
    respond(survey, single_other="Über die Zeitung")
    respond(survey, yes_no=True)  # skipped the single choice question
    with app.test_request_context():
        found = results.aggregate(survey)
        single = result_of(found, survey, T.SINGLE)
    assert found.total == 5
    assert (single.answered, single.skipped) == (4, 1)
    assert [(c.label, c.count) for c in single.counts] == [
        ("Jede Woche", 2),
        ("Jeden Monat", 1),
        ("Seltener", 0),
        ("Nie", 0),
    ]
    assert single.counts[0].percent == pytest.approx(50.0)


def test_multiple_choice_shares_may_add_up_over_100_percent(app, survey):
    respond(survey, multiple=[0, 1])
    respond(survey, multiple=[0], multiple_other="Bibliothek")
    with app.test_request_context():
        multiple = result_of(results.aggregate(survey), survey, T.MULTIPLE)
    counts = {c.label: (c.count, round(c.percent)) for c in multiple.counts}
    assert multiple.answered == 2
    assert counts["Termin im Bürgerbüro online buchen"] == (2, 100)
    assert counts["Formulare herunterladen"] == (1, 50)
    assert counts["Sonstiges"] == (1, 50)
    assert sum(c.percent for c in multiple.counts) == pytest.approx(200)
    assert [t.text for t in multiple.texts] == ["Bibliothek"]


def test_yes_no_counts(app, survey):
    for value in (True, True, False):
        respond(survey, yes_no=value)
    with app.test_request_context():
        yes_no = result_of(results.aggregate(survey), survey, T.YES_NO)
    assert [(c.label, c.count, round(c.percent, 1)) for c in yes_no.counts] == [
        ("Ja", 2, 66.7),
        ("Nein", 1, 33.3),
    ]


@pytest.mark.parametrize(
    ("points", "mean", "median"),
    [((1, 2, 5), 8 / 3, 2), ((1, 2, 4, 5), 3, 3), ((2, 3), 2.5, 2.5), ((), None, None)],
    ids=["odd", "even", "even-between", "empty"],
)
def test_scale_mean_and_median(app, survey, points, mean, median):
    for point in points:
        respond(survey, scale=point)
    with app.test_request_context():
        scale = result_of(results.aggregate(survey), survey, T.SCALE)
    assert scale.mean == (pytest.approx(mean) if mean is not None else None)
    assert scale.median == median
    assert [c.count for c in scale.counts] == [points.count(p) for p in range(1, 6)]


def test_median_of_counts():
    assert median_of({1: 1, 2: 1, 5: 1}) == 2
    assert median_of({1: 2, 3: 2}) == 2  # 1 1 3 3 → (1 + 3) / 2
    assert median_of({4: 3}) == 4
    assert median_of({}) is None
    assert mean_of({1: 1, 4: 1}) == 2.5
    assert mean_of({}) is None


def test_matrix_rows_with_counts_mean_and_median(app, survey):
    respond(survey, matrix=[5, 3, 1])
    respond(survey, matrix=[4, 3, None])
    respond(survey, matrix=[3, 2, None])
    with app.test_request_context():
        matrix = result_of(results.aggregate(survey), survey, T.MATRIX)
    language, speed, access = matrix.rows
    assert matrix.answered == 3
    assert [c.count for c in language.counts] == [0, 0, 1, 1, 1]
    assert (language.answered, language.mean, language.median) == (3, 4, 4)
    assert (speed.mean, speed.median) == (pytest.approx(8 / 3), 3)
    assert (access.answered, access.mean, access.median) == (1, 1, 1)
    assert access.counts[0].percent == 100


def test_ranking_borda_points_with_ties_and_partial_rankings(app, survey):
    # Three places: place 1 = 3 points, place 2 = 2, place 3 = 1, unranked = 0.
    respond(survey, ranking=[0, 1, 2])  # A 3, B 2, C 1
    respond(survey, ranking=[1, 0])  # B 3, A 2
    respond(survey, ranking=[3])  # D 3
    respond(survey, ranking=[2, 3, 1])  # C 3, D 2, B 1
    with app.test_request_context():
        ranking = result_of(results.aggregate(survey), survey, T.RANKING)
    table = [(i.place, i.label, i.points, i.firsts, i.placed) for i in ranking.ranking]
    assert ranking.places == 3
    assert table == [
        (1, "Kostenloses WLAN in der Innenstadt", 6, 1, 3),  # B: 2 + 3 + 1
        (2, "Mehr Anträge online", 5, 1, 2),  # A: 3 + 2
        (2, "Eine App der Stadt", 5, 1, 2),  # D: 3 + 2 (tied with A, printed order after)
        (4, "Hilfe vor Ort für Menschen ohne Internet", 4, 1, 2),  # C: 1 + 3
    ]


@pytest.mark.parametrize(
    ("values", "median"),
    [((30, 18, 70), 30), ((18, 30, 40, 70), 35), ((44,), 44)],
    ids=["odd", "even", "one"],
)
def test_number_figures(app, survey, values, median):
    for value in values:
        respond(survey, number=value)
    respond(survey, yes_no=False)
    with app.test_request_context():
        number = result_of(results.aggregate(survey), survey, T.NUMBER)
    stats = number.numbers
    assert (stats.count, stats.minimum, stats.maximum) == (len(values), min(values), max(values))
    assert stats.mean == pytest.approx(sum(values) / len(values))
    assert stats.median == median
    assert number.skipped == 1


def test_number_without_answers(app, survey):
    with app.test_request_context():
        number = result_of(results.aggregate(survey), survey, T.NUMBER)
    assert number.numbers.count == 0 and number.numbers.median is None


def test_channel_filter_counts_only_that_channel(app, survey):
    respond(survey, single=0, number=20)
    respond(survey, single=0, number=30)
    respond(survey, channel=Channel.PAPER, single=3, number=80)
    with app.test_request_context():
        paper = results.aggregate(survey, Channel.PAPER)
        online = results.aggregate(survey, Channel.ONLINE)
        everything = results.aggregate(survey)
    assert paper.by_channel == {Channel.ONLINE: 2, Channel.PAPER: 1}
    assert (paper.total, online.total, everything.total) == (1, 2, 3)
    assert [c.count for c in result_of(paper, survey, T.SINGLE).counts] == [0, 0, 0, 1]
    assert result_of(paper, survey, T.NUMBER).numbers.median == 80
    assert result_of(online, survey, T.NUMBER).numbers.median == 25
    assert result_of(everything, survey, T.NUMBER).numbers.median == 30


def test_hidden_texts_left_out_only_on_the_public_path(app, survey):
    kept = respond(survey, short="Eine App für Termine")
    hidden = respond(survey, short="Herr M. aus der Kirchgasse ist schuld")
    answer = db.session.get(
        Answer,
        {"response_id": hidden.id, "question_id": question_of(survey, T.SHORT_TEXT).id, "item": 0},
    )
    answer.hidden = True
    db.session.flush()
    with app.test_request_context():
        staff = result_of(results.aggregate(survey), survey, T.SHORT_TEXT)
        public = result_of(results.aggregate(survey, public=True), survey, T.SHORT_TEXT)
        public_texts = results.all_texts(survey, None, public=True)
    assert {(t.text, t.hidden) for t in staff.texts} == {
        ("Eine App für Termine", False),
        ("Herr M. aus der Kirchgasse ist schuld", True),
    }
    assert (staff.text_count, staff.hidden_count) == (2, 1)
    assert [t.response_id for t in public.texts] == [kept.id]
    assert (public.text_count, public.hidden_count, public.answered) == (1, 1, 2)
    assert [t.text for t in public_texts[answer.question_id]] == ["Eine App für Termine"]


def every_answer(index: int) -> dict:
    """Return answers to every question, varied by `index`."""
    return {
        "single": index % 4,
        "multiple": [index % 5, (index + 1) % 5],
        "multiple_other": f"Text {index}",
        "yes_no": index % 2 == 0,
        "scale": 1 + index % 5,
        "matrix": [1 + index % 5, 1 + (index + 2) % 5, 1 + (index + 4) % 5],
        "ranking": [index % 4, (index + 1) % 4],
        "short": f"Kurz {index}",
        "long": f"Lang {index}",
        "number": 14 + index % 70,
    }


@pytest.mark.parametrize("channel", [None, Channel.PAPER])
def test_query_count_does_not_grow_with_responses(app, make_survey, channel):
    counts = []
    for many in (10, 200):
        survey = make_survey()
        for index in range(many):
            respond(
                survey,
                channel=Channel.PAPER if index % 3 else Channel.ONLINE,
                **every_answer(index),
            )
        survey_id = survey.id
        db.session.expunge_all()  # load as a request does, from nothing
        with app.test_request_context(), counted_queries(db.engine) as statements:
            loaded = db.session.get(Survey, survey_id, options=[WITH_QUESTIONS])
            results.aggregate(loaded, channel, stored=False)  # test_stored_figures: stored
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[0] <= 13  # survey, sections, questions, options; 9 aggregations
