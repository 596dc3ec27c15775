"""What a sent response leaves in the database: answer rows per type, the count, the
participation, and nothing that ties an anonymous response to its account."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select, text

from participation.accounts import services as accounts
from participation.core.clock import town_today
from participation.extensions import db
from participation.surveys.models import (
    Answer,
    Audience,
    Draft,
    Participation,
    Response,
    Survey,
)
from participation.surveys.models import QuestionType as T
from participation.surveys.seed import build_survey
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app
from tests.querycount import counted_queries
from tests.surveys.conftest import question_of
from tests.surveys.test_answer_validation import full_values


def send(client, survey, values=None):
    """Post a complete answer to the survey; return the reply."""
    return client.post(f"/surveys/{survey.id}/send", data=values or full_values(survey))


def answers_by_question(response_id: str) -> dict[int, list[Answer]]:
    """Return the stored answer rows of a response, by question id."""
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response_id))
    result: dict[int, list[Answer]] = {}
    for row in sorted(rows, key=lambda row: row.item):
        result.setdefault(row.question_id, []).append(row)
    return result


def values_of(rows) -> list[tuple]:
    """Return the rows as (item, option, int, number, text) tuples."""
    return [(r.item, r.option_id, r.value_int, r.value_number, r.value_text) for r in rows]


def test_every_question_type_is_stored_as_answer_rows(client, survey, login_as):
    user = login_as()
    assert send(client, survey).status_code == 302
    response = db.session.scalar(select(Response).where(Response.survey_id == survey.id))
    assert response.user_id == user.id and response.channel.value == "online"
    assert response.submitted_on == town_today() and response.submitted_at is not None
    stored = answers_by_question(response.id)
    q = {kind: question_of(survey, kind) for kind in T}
    single, multiple = q[T.SINGLE], q[T.MULTIPLE]
    matrix, ranking = q[T.MATRIX], q[T.RANKING]
    option = single.options[1].id
    assert values_of(stored[single.id]) == [(0, option, None, None, None)]
    first, third = multiple.options[0].id, multiple.options[2].id
    assert values_of(stored[multiple.id]) == [
        (0, None, None, None, "Bibliothek"),
        (first, first, None, None, None),
        (third, third, None, None, None),
    ]
    assert values_of(stored[q[T.YES_NO].id]) == [(0, None, 1, None, None)]
    assert values_of(stored[q[T.SCALE].id]) == [(0, None, 4, None, None)]
    assert values_of(stored[matrix.id]) == [
        (row.id, row.id, n + 2, None, None) for n, row in enumerate(matrix.options)
    ]
    one, two = ranking.options[2].id, ranking.options[0].id
    assert sorted(values_of(stored[ranking.id]), key=lambda v: v[2]) == [
        (one, one, 1, None, None),
        (two, two, 2, None, None),
    ]
    assert values_of(stored[q[T.SHORT_TEXT].id]) == [(0, None, None, None, "Eine Online-Wahlhilfe")]
    assert values_of(stored[q[T.LONG_TEXT].id]) == [(0, None, None, None, "Weiter so.\nDanke!")]
    assert values_of(stored[q[T.NUMBER].id]) == [(0, None, None, 42.0, None)]
    assert all(not row.hidden for rows in stored.values() for row in rows)


def test_unanswered_optional_questions_store_no_rows(client, survey, login_as):
    login_as()
    optional = [q for q in survey.questions() if not q.required]
    values = {
        k: v for k, v in full_values(survey).items() if k not in {f"q{q.id}" for q in optional}
    }
    assert send(client, survey, values).status_code == 302
    response = db.session.scalar(select(Response).where(Response.survey_id == survey.id))
    assert not set(answers_by_question(response.id)) & {q.id for q in optional}


def test_sending_takes_a_bounded_number_of_queries(client, survey, login_as):
    login_as()
    values = full_values(survey)
    with counted_queries(db.engine) as queries:
        assert send(client, survey, values).status_code == 302
    # savepoints, account, survey, sections/questions/options in three, the inserts: a fixed
    # number, not one per question (the example has nine); one UPDATE raises the survey's
    # results version (surveys/stored_figures.py)
    assert len(queries) <= 25


def test_guest_responses_carry_no_account_and_no_participation(client, make_survey):
    survey = make_survey(audience=Audience.ANYONE)
    assert send(client, survey).status_code == 302
    response = db.session.scalar(select(Response).where(Response.survey_id == survey.id))
    assert response.user_id is None
    assert (
        db.session.scalar(select(Participation).where(Participation.survey_id == survey.id)) is None
    )
    db.session.refresh(survey)
    assert survey.response_count == 1


def test_an_anonymous_response_has_no_link_to_the_account_anywhere(client, make_survey, login_as):
    survey = make_survey(anonymous=True)
    user = login_as()
    single = question_of(survey, T.SINGLE)
    client.post(
        f"/surveys/{survey.id}",
        data={f"q{single.id}": [str(single.options[0].id)], "action": "save"},
    )
    assert db.session.get(Draft, (survey.id, user.id)) is not None
    assert send(client, survey).status_code == 302
    response = db.session.scalar(select(Response).where(Response.survey_id == survey.id))
    assert response.user_id is None and response.submitted_at is None
    assert response.submitted_on == town_today()
    assert db.session.get(Draft, (survey.id, user.id)) is None
    assert db.session.get(Participation, (survey.id, user.id)) is not None  # kept apart
    assert rows_holding_both(user.id, response.id) == []


def rows_holding_both(user_id: int, response_id: str) -> list[str]:
    """Return the tables with a row that holds the response id (in any column) together with
    the account's id (in a column referring to users), and the tables outside the response's
    own that hold the response id at all."""
    found = []
    connection = db.session.connection()
    inspector = inspect(connection)
    for table in inspector.get_table_names():
        user_columns = {
            column
            for key in inspector.get_foreign_keys(table)
            if key["referred_table"] == "users"
            for column in key["constrained_columns"]
        } | ({"id"} if table == "users" else set())
        for row in connection.execute(text(f'SELECT * FROM "{table}"')).mappings():  # noqa: S608
            holds_response = any(response_id in str(value) for value in row.values())
            holds_user = any(row[column] == user_id for column in user_columns)
            own = table in ("survey_responses", "survey_answers")
            if holds_response and (holds_user or not own):
                found.append(table)
    return found


def test_the_anonymity_check_would_see_a_link(client, survey, login_as):
    """The walk above finds a non-anonymous response's account (so it can fail)."""
    user = login_as()
    send(client, survey)
    response = db.session.scalar(select(Response).where(Response.survey_id == survey.id))
    assert rows_holding_both(user.id, response.id) == ["survey_responses"]


# --- two responses sent at once by one person, on a committed database


@pytest.fixture()
def live_survey():
    """An app on its own committed database with one open survey and one resident."""
    with live_app("survey_responses") as app:
        with app.app_context():
            resident = accounts.register("bewohner@example.org", "Bewohner", PASSWORD, "de").user
            resident.confirm_email()
            survey = build_survey(audience=Audience.RESIDENTS, anonymous=True)
            values = full_values(survey)
            ids = survey.id, resident.session_token, values
            db.session.commit()
        yield app, *ids


def test_two_responses_at_once_by_one_person_store_one(live_survey):
    app, survey_id, token, values = live_survey
    url = f"/surveys/{survey_id}/send"
    statuses = at_once(4, lambda n: client_for(app, token).post(url, data=values).status_code)
    assert sorted(statuses) == [302, 403, 403, 403]
    with app.app_context():
        responses = db.session.scalars(select(Response).where(Response.survey_id == survey_id))
        assert len(list(responses)) == 1
        assert db.session.get(Survey, survey_id).response_count == 1
        participations = db.session.scalars(select(Participation)).all()
        assert len(participations) == 1


def test_responses_of_many_people_at_once_are_all_counted(live_survey):
    app, survey_id, _token, values = live_survey
    with app.app_context():
        tokens = []
        for n in range(4):
            person = accounts.register(f"p{n}@example.org", f"P {n}", PASSWORD, "de").user
            tokens.append(person.session_token)
        db.session.commit()
    url = f"/surveys/{survey_id}/send"
    statuses = at_once(4, lambda n: client_for(app, tokens[n]).post(url, data=values).status_code)
    assert statuses == [302] * 4
    with app.app_context():
        assert db.session.get(Survey, survey_id).response_count == 4
