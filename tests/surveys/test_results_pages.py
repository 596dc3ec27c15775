"""The results pages: who may see them, what they show, the channel filter, hiding free texts."""

from __future__ import annotations

import re

import pytest

from participation.core.audit import AuditEntry
from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.extensions import db
from participation.surveys.models import Answer, QuestionType
from tests.querycount import counted_queries
from tests.surveys.conftest import question_of
from tests.surveys.test_results import every_answer, respond

T = QuestionType


def results_url(survey, **args) -> str:
    """Return the address of a survey's results page."""
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/surveys/{survey.id}/results" + (f"?{query}" if query else "")


def text_answer(response, question) -> Answer:
    """Return the stored text answer of a response to a question."""
    key = {"response_id": response.id, "question_id": question.id, "item": 0}
    return db.session.get(Answer, key)


def test_guests_are_sent_to_sign_in(client, survey):
    response = client.get(results_url(survey))
    assert response.status_code == 302
    assert "/account/signin" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.VERIFIED, Role.MODERATOR, Role.COUNCIL])
def test_everyone_but_staff_is_refused_for_now(client, login_as, survey, role):
    login_as(role)
    assert client.get(results_url(survey)).status_code == 403
    assert client.get(f"/surveys/{survey.id}/results.csv").status_code == 403
    assert client.get(f"/surveys/{survey.id}/results.json").status_code == 403


def test_unknown_survey_is_not_found(client, login_as):
    login_as(Role.STAFF)
    assert client.get("/surveys/999999/results").status_code == 404


def test_staff_see_every_question_with_chart_table_and_base(client, login_as, survey):
    respond(survey, single=0, multiple=[0, 1], yes_no=True, scale=4, matrix=[5, 4, 3])
    respond(survey, single=1, ranking=[1, 0], number=40, short="Mehr WLAN", scale=2)
    respond(survey, channel=Channel.PAPER, single=0, number=60)
    login_as(Role.STAFF)
    page = client.get(results_url(survey)).get_data(as_text=True)
    assert "Es gibt 3 Antworten." in page
    assert "Davon online: 2. Davon auf Papier: 1." in page
    assert "n = 3 beantwortet" in page and "2 ohne Antwort" in page
    assert page.count('role="img"') == 7  # every kind but the two free-text questions
    assert page.count('<table class="kern-table">') == 7
    assert "66,7 %" in page and "33,3 %" in page  # single choice: 2 of 3, 1 of 3
    assert "mehr als 100 %" in page
    assert "Mittelwert: 3" in page and "Median: 3" in page
    assert "Platz 1 bekommt 3 Punkte" in page
    assert "Mehr WLAN" in page
    assert 'scope="col"' in page and 'scope="row"' in page


def test_channel_filter_shows_only_paper(client, login_as, survey):
    respond(survey, single=0)
    respond(survey, single=0)
    respond(survey, channel=Channel.PAPER, single=3)
    login_as(Role.STAFF)
    page = client.get(results_url(survey, channel="paper")).get_data(as_text=True)
    assert '<option value="paper" selected>' in page
    assert "Sie sehen nur Antworten auf diesem Weg: Auf Papier." in page
    nie = re.search(
        r"<th scope=\"row\" class=\"kern-table__header\">Nie</th>\s*<td[^>]*>(\d+)", page
    )
    assert nie.group(1) == "1"
    assert "n = 1 beantwortet" in page
    unknown = client.get(results_url(survey, channel="fax"))
    assert unknown.status_code == 200 and "Es gibt 3 Antworten." in unknown.get_data(as_text=True)


def test_page_without_responses(client, login_as, survey):
    login_as(Role.STAFF)
    page = client.get(results_url(survey)).get_data(as_text=True)
    assert "Zu dieser Umfrage gibt es noch keine Antworten." in page
    assert 'role="img"' not in page


def test_page_query_count_does_not_grow(app, client, login_as, make_survey):
    login_as(Role.STAFF)
    counts = []
    for many in (10, 200):
        survey = make_survey()
        for index in range(many):
            respond(survey, **every_answer(index))
        url = results_url(survey)
        db.session.expunge_all()
        with counted_queries(db.engine) as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def hide(client, survey, question, response, hidden="1", **form):
    """Post the hide (or show) toggle of one text."""
    data = {"response": response.id, "hidden": hidden, **form}
    return client.post(
        f"/surveys/{survey.id}/results/questions/{question.id}/visibility", data=data
    )


def test_staff_hide_and_show_a_text(client, login_as, survey):
    question = question_of(survey, T.LONG_TEXT)
    response = respond(survey, long="Der Bürgermeister ist ein …")
    login_as(Role.STAFF)
    reply = hide(client, survey, question, response)
    assert reply.status_code == 302
    assert f"#text-{question.id}-{response.id}" in reply.headers["Location"]
    assert text_answer(response, question).hidden is True
    page = client.get(results_url(survey)).get_data(as_text=True)
    assert "verborgen" in page and "Der Bürgermeister ist ein …" in page
    assert "Wieder öffentlich zeigen" in page
    assert db.session.query(AuditEntry).filter_by(action="survey.text_hidden").count() == 1
    hide(client, survey, question, response, hidden="0", back="texts", page="2")
    db.session.expire_all()
    assert text_answer(response, question).hidden is False


def test_hiding_is_for_staff_only(client, login_as, survey):
    question = question_of(survey, T.SHORT_TEXT)
    response = respond(survey, short="Text")
    login_as(Role.RESIDENT)
    assert hide(client, survey, question, response).status_code == 403
    assert text_answer(response, question).hidden is False


def test_hiding_another_surveys_text_is_not_found(client, login_as, survey, make_survey):
    other = make_survey()
    question = question_of(other, T.SHORT_TEXT)
    response = respond(other, short="Anderer Text")
    login_as(Role.STAFF)
    assert hide(client, survey, question, response).status_code == 404
    own_question = question_of(survey, T.SHORT_TEXT)
    assert hide(client, survey, own_question, response).status_code == 404
    broken = type("Fake", (), {"id": "x' OR 1=1 --"})()
    assert hide(client, survey, own_question, broken).status_code == 404
    assert text_answer(response, question).hidden is False


def test_text_list_is_paginated_50_per_page(client, login_as, survey):
    question = question_of(survey, T.SHORT_TEXT)
    for index in range(55):
        respond(survey, short=f"Vorschlag Nummer {index}")
    login_as(Role.STAFF)
    results_page = client.get(results_url(survey)).get_data(as_text=True)
    assert "Alle 55 Texte zu Frage 7 lesen" in results_page
    url = f"/surveys/{survey.id}/results/questions/{question.id}/texts"
    first = client.get(url).get_data(as_text=True)
    second = client.get(url + "?page=2").get_data(as_text=True)
    assert first.count('<li class="result-text') == 50
    assert second.count('<li class="result-text') == 5
    assert "Seite 2 von 2" in second


def test_text_list_of_a_question_without_texts_is_not_found(client, login_as, survey):
    login_as(Role.STAFF)
    scale = question_of(survey, T.SCALE)
    assert client.get(f"/surveys/{survey.id}/results/questions/{scale.id}/texts").status_code == 404
