"""Answering a survey in the browser's order: form, errors, check, change, draft, send, thanks;
who may answer, and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.core.models import utcnow
from participation.core.permissions import Role
from participation.extensions import db
from participation.surveys.models import Audience, Draft, Participation, Response
from participation.surveys.models import QuestionType as T
from tests.surveys.conftest import question_of
from tests.surveys.test_answer_validation import full_values


def responses_of(survey) -> int:
    """Return how many responses the survey has stored."""
    query = select(func.count()).select_from(Response).where(Response.survey_id == survey.id)
    return db.session.scalar(query)


def test_list_shows_open_then_upcoming_then_closed_and_never_drafts(client, make_survey):
    closed = make_survey(opens_in=timedelta(days=-20), open_for=timedelta(days=5))
    upcoming = make_survey(opens_in=timedelta(days=3))
    draft = make_survey(published=False)
    current = make_survey()
    for survey, title in (
        (closed, "Alt"),
        (upcoming, "Bald"),
        (draft, "Geheim"),
        (current, "Jetzt"),
    ):
        survey.title = f"Umfrage {title}"
    db.session.flush()
    page = client.get("/surveys/").text
    assert "Umfrage Geheim" not in page
    assert page.index("Umfrage Jetzt") < page.index("Umfrage Bald") < page.index("Umfrage Alt")
    assert "Läuft bis" in page and "Beginnt am" in page and "Beendet am" in page
    assert "Umfragen verwalten" not in page


def test_staff_see_the_builder_link_and_drafts_other_people_do_not(client, make_survey, login_as):
    draft = make_survey(published=False)
    assert client.get(f"/surveys/{draft.id}").status_code == 404
    login_as()
    assert client.get(f"/surveys/{draft.id}").status_code == 404
    login_as(Role.STAFF)
    assert "Umfragen verwalten" in client.get("/surveys/").text
    page = client.get(f"/surveys/{draft.id}")
    assert page.status_code == 200 and "Entwurf" in page.text
    assert client.post(f"/surveys/{draft.id}/send", data=full_values(draft)).status_code == 403
    assert responses_of(draft) == 0


def test_survey_page_shows_phase_audience_anonymity_and_the_form(client, make_survey, login_as):
    survey = make_survey(anonymous=True)
    login_as()
    page = client.get(f"/surveys/{survey.id}").text
    assert "Läuft bis" in page
    assert "Alle mit einem Konto" in page
    assert "ohne Ihren Namen und ohne Ihr Konto" in page
    assert "5 Minuten" in page  # the introduction
    assert 'name="action" value="save"' in page
    assert "Diskussion (0)" in page


def test_errors_keep_every_value_and_link_to_their_question(client, survey, login_as):
    login_as()
    values = full_values(survey)
    number = question_of(survey, T.NUMBER)
    values[f"q{number.id}"] = ["200"]
    reply = client.post(f"/surveys/{survey.id}", data=values)
    assert reply.status_code == 400
    assert f'href="#q{number.id}"' in reply.text
    assert f'aria-describedby="q{number.id}-hint q{number.id}-error"' in reply.text
    assert 'value="Eine Online-Wahlhilfe"' in reply.text
    assert "Weiter so.\nDanke!</textarea>" in reply.text
    assert 'value="200"' in reply.text
    assert responses_of(survey) == 0


def test_check_then_change_keeps_values_then_send_stores_once(client, survey, login_as):
    user = login_as()
    values = full_values(survey)
    check = client.post(f"/surveys/{survey.id}", data=values)
    assert check.status_code == 200
    assert "Bitte prüfen Sie Ihre Antworten" in check.text
    assert "Sonstiges: Bibliothek" in check.text
    assert "4 auf einer Skala von 1 bis 5" in check.text
    assert "Platz 1: Hilfe vor Ort für Menschen ohne Internet" in check.text
    assert responses_of(survey) == 0
    change = client.post(f"/surveys/{survey.id}", data={**values, "action": "change"})
    assert change.status_code == 200
    assert 'value="Eine Online-Wahlhilfe"' in change.text
    assert "Bitte prüfen Sie Ihre Eingaben" not in change.text
    sent = client.post(f"/surveys/{survey.id}/send", data=values)
    assert sent.status_code == 302 and sent.location.endswith(f"/surveys/{survey.id}/thanks")
    assert "Vielen Dank" in client.get(sent.location).text
    assert responses_of(survey) == 1
    assert db.session.get(Participation, (survey.id, user.id)) is not None
    db.session.refresh(survey)
    assert survey.response_count == 1
    again = client.post(f"/surveys/{survey.id}/send", data=values)
    assert again.status_code == 403 and "schon teilgenommen" in again.text
    assert responses_of(survey) == 1
    assert "schon teilgenommen" in client.get(f"/surveys/{survey.id}").text


def test_send_checks_the_answers_again(client, survey, login_as):
    login_as()
    values = full_values(survey)
    values[f"q{question_of(survey, T.SCALE).id}"] = ["9"]
    reply = client.post(f"/surveys/{survey.id}/send", data=values)
    assert reply.status_code == 400 and "1 bis 5" in reply.text
    assert responses_of(survey) == 0


def test_a_tampered_form_gets_an_error_not_a_500(client, survey, make_survey, login_as):
    login_as()
    other = make_survey()
    values = {**full_values(survey), f"q{question_of(other, T.YES_NO).id}": ["yes"]}
    for url in (f"/surveys/{survey.id}", f"/surveys/{survey.id}/send"):
        reply = client.post(url, data=values)
        assert reply.status_code == 400
        assert "passt nicht zu dieser Umfrage" in reply.text
    assert responses_of(survey) == responses_of(other) == 0


def test_draft_saved_prefilled_and_deleted_on_send(client, survey, login_as):
    user = login_as()
    single = question_of(survey, T.SINGLE)
    short = question_of(survey, T.SHORT_TEXT)
    partial = {f"q{single.id}": [str(single.options[2].id)], f"q{short.id}": ["Halb fertig"]}
    saved = client.post(f"/surveys/{survey.id}", data={**partial, "action": "save"})
    assert saved.status_code == 302
    page = client.get(saved.location).text
    assert "zwischengespeichert" in page
    assert 'value="Halb fertig"' in page
    assert (
        f'id="q{single.id}-o{single.options[2].id}" value="{single.options[2].id}" checked' in page
    )
    assert db.session.get(Draft, (survey.id, user.id)).data == partial
    client.post(f"/surveys/{survey.id}/send", data=full_values(survey))
    assert db.session.get(Draft, (survey.id, user.id)) is None


def test_guests_cannot_save_drafts(client, make_survey):
    survey = make_survey(audience=Audience.ANYONE)
    page = client.get(f"/surveys/{survey.id}").text
    assert 'value="save"' not in page
    reply = client.post(f"/surveys/{survey.id}", data={"action": "save"})
    assert reply.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"opens_in": timedelta(days=-10), "open_for": timedelta(days=2)}, "ist beendet"),
        ({"opens_in": timedelta(days=2)}, "beginnt am"),
    ],
)
def test_closed_and_upcoming_surveys_say_so_and_refuse_answers(
    client, make_survey, login_as, options, message
):
    survey = make_survey(**options)
    login_as()
    page = client.get(f"/surveys/{survey.id}").text
    assert message in page and 'name="action" value="check"' not in page
    for url in (f"/surveys/{survey.id}", f"/surveys/{survey.id}/send"):
        reply = client.post(url, data=full_values(survey))
        assert reply.status_code == 403 and message in reply.text
    assert responses_of(survey) == 0


def test_a_survey_closing_between_check_and_send_refuses_the_send(client, survey, login_as):
    login_as()
    values = full_values(survey)
    assert client.post(f"/surveys/{survey.id}", data=values).status_code == 200
    survey.closes_at = utcnow() - timedelta(seconds=1)
    db.session.flush()
    reply = client.post(f"/surveys/{survey.id}/send", data=values)
    assert reply.status_code == 403 and "ist beendet" in reply.text
    assert responses_of(survey) == 0


def test_residents_surveys_ask_guests_to_sign_in(client, survey):
    page = client.get(f"/surveys/{survey.id}").text
    assert "Bitte melden Sie sich an" in page
    assert client.post(f"/surveys/{survey.id}/send", data=full_values(survey)).status_code == 403
    assert responses_of(survey) == 0


def test_verified_surveys_take_only_verified_residents(client, make_survey, login_as):
    survey = make_survey(audience=Audience.VERIFIED)
    login_as()
    page = client.get(f"/surveys/{survey.id}").text
    assert "nur bestätigte Einwohnerinnen und Einwohner" in page
    assert client.post(f"/surveys/{survey.id}/send", data=full_values(survey)).status_code == 403
    login_as(Role.VERIFIED)
    assert client.post(f"/surveys/{survey.id}/send", data=full_values(survey)).status_code == 302
    assert responses_of(survey) == 1


def test_suspended_accounts_cannot_answer(client, survey, login_as):
    user = login_as()
    user.suspended_at = utcnow()
    user.suspended_until = utcnow() + timedelta(days=3)
    db.session.flush()
    assert user.is_suspended
    assert "gesperrt" in client.get(f"/surveys/{survey.id}").text
    assert client.post(f"/surveys/{survey.id}/send", data=full_values(survey)).status_code == 403
    assert responses_of(survey) == 0


def test_guests_answer_once_per_browser_a_soft_limit(app, client, make_survey):
    survey = make_survey(audience=Audience.ANYONE)
    page = client.get(f"/surveys/{survey.id}").text
    assert "nicht sicher ausschließen" in page
    sent = client.post(f"/surveys/{survey.id}/send", data=full_values(survey))
    assert sent.status_code == 302
    cookie = sent.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
    assert "schon teilgenommen" in client.get(f"/surveys/{survey.id}").text
    again = client.post(f"/surveys/{survey.id}/send", data=full_values(survey))
    assert again.status_code == 403
    assert responses_of(survey) == 1
    # Another browser (no cookie) can answer again: the limit is soft, as the page says.
    other_browser = app.test_client()
    assert (
        other_browser.post(f"/surveys/{survey.id}/send", data=full_values(survey)).status_code
        == 302
    )
    forged = app.test_client()
    forged.set_cookie("surveys_answered", "[1,2,3]")
    assert "nicht sicher ausschließen" in forged.get(f"/surveys/{survey.id}").text
    assert responses_of(survey) == 2


def test_guest_responses_are_rate_limited(app, make_survey):
    survey = make_survey(audience=Audience.ANYONE)
    app.config["SURVEY_RESPONSE_LIMIT"] = "2 per hour"
    try:
        statuses = [
            app.test_client()
            .post(f"/surveys/{survey.id}/send", data=full_values(survey))
            .status_code
            for _ in range(3)
        ]
    finally:
        app.config["SURVEY_RESPONSE_LIMIT"] = "20 per hour"
    assert statuses == [302, 302, 429]
    assert responses_of(survey) == 2


def test_comments_on_a_survey(client, survey, login_as):
    login_as()
    reply = client.post(f"/comments/thread/{survey.thread_id}", data={"body": "Gute Fragen!"})
    assert reply.status_code == 302
    assert f"/surveys/{survey.id}" in reply.location
    page = client.get(f"/surveys/{survey.id}").text
    assert "Diskussion (1)" in page and "Gute Fragen!" in page


def test_draft_surveys_take_no_comments(client, make_survey, login_as):
    draft = make_survey(published=False)
    login_as()
    reply = client.post(f"/comments/thread/{draft.thread_id}", data={"body": "Psst"})
    assert reply.status_code in (403, 404)
