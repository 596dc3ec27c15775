"""Once a survey has responses: no removing, no change in meaning, wording fixes logged;
publishing, taking back and deleting by the rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.comments.models import CommentThread
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.surveys.models import Answer, Phase, Question, QuestionType, Response, Survey
from tests.surveys.conftest import question_of

BASE = "/surveys/manage"
T = QuestionType


def answer(db, survey, question, option=None, **values):
    """Store one response answering `question` (with `option`), as the answer form would."""
    response = Response(survey_id=survey.id, submitted_on=date.today())
    db.session.add(response)
    db.session.flush()
    item = option.id if option is not None and question.kind is not T.SINGLE else 0
    db.session.add(
        Answer(
            response_id=response.id,
            question_id=question.id,
            item=item,
            option_id=option.id if option is not None else None,
            **values,
        )
    )
    survey.response_count += 1
    db.session.flush()
    return response


def edit_form(question, **changes) -> dict:
    """Return the question's edit form as stored, with `changes`."""
    data = {
        "section_id": str(question.section_id),
        "text": question.text,
        "help_text": question.help_text,
        "required": "y" if question.required else "",
        "allow_other": "y" if question.allow_other else "",
        "min_choices": "" if question.min_choices is None else str(question.min_choices),
        "max_choices": "" if question.max_choices is None else str(question.max_choices),
        "scale": f"{question.scale_min}-{question.scale_max}",
        "scale_min_label": question.scale_min_label,
        "scale_max_label": question.scale_max_label,
        "number_decimals": str(question.number_decimals),
    }
    for option in question.options:
        data[f"option-{option.id}"] = option.label
    data.update(changes)
    return data


def post_edit(client, survey, question, **changes):
    """Post the edit form of `question` with `changes`."""
    url = f"{BASE}/{survey.id}/questions/{question.id}"
    return client.post(url, data=edit_form(question, **changes))


@pytest.fixture()
def answered(db, login_as, survey):
    """The open example survey with one answer to its single-choice question and its matrix."""
    login_as(Role.STAFF)
    single = question_of(survey, T.SINGLE)
    answer(db, survey, single, single.options[0])
    matrix = question_of(survey, T.MATRIX)
    answer(db, survey, matrix, matrix.options[0], value_int=3)
    return survey


def audit_entries(db, action: str) -> list[AuditEntry]:
    """Return the audit entries of `action`, oldest first."""
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


def test_an_answered_question_cannot_be_deleted(client, db, answered):
    single = question_of(answered, T.SINGLE)
    response = client.post(f"{BASE}/{answered.id}/questions/{single.id}/delete")
    assert response.status_code == 302
    shown = client.get(response.location).get_data(as_text=True)
    assert "hat schon Antworten. Sie kann nicht gelöscht werden" in shown
    db.session.expire_all()
    assert db.session.get(Question, single.id) is not None


def test_a_section_with_answered_questions_cannot_be_deleted(client, db, answered):
    section = question_of(answered, T.SINGLE).section
    client.post(f"{BASE}/{answered.id}/sections/{section.id}/delete")
    db.session.expire_all()
    assert section in answered.sections


def test_an_unanswered_question_of_an_answered_survey_can_be_deleted(client, db, answered):
    text = question_of(answered, T.LONG_TEXT)
    question_id = text.id
    client.post(f"{BASE}/{answered.id}/questions/{question_id}/delete")
    db.session.expire_all()
    assert db.session.get(Question, question_id) is None


def test_a_chosen_option_cannot_be_removed(client, db, answered):
    single = question_of(answered, T.SINGLE)
    chosen = single.options[0]
    response = post_edit(client, answered, single, remove_option=[str(chosen.id)])
    assert response.status_code == 400
    assert "schon gewählt wurden" in response.get_data(as_text=True)
    db.session.expire_all()
    assert chosen in single.options


def test_an_unchosen_option_can_be_removed_and_a_new_one_added(client, db, answered):
    single = question_of(answered, T.SINGLE)
    unchosen = single.options[-1]
    response = post_edit(
        client, answered, single, remove_option=[str(unchosen.id)], new_options="Täglich"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [o.label for o in single.options][-1] == "Täglich"


@pytest.mark.parametrize(
    ("kind", "changes", "field"),
    [
        (T.MATRIX, {"scale": "0-10"}, "scale"),
        (T.SINGLE, {"allow_other": "y"}, None),  # allowed: adds a choice
        (T.MATRIX, {"new_options": "Neue Zeile"}, "new_options"),
    ],
)
def test_meaning_changes_are_refused(client, db, answered, kind, changes, field):
    question = question_of(answered, kind)
    response = post_edit(client, answered, question, **changes)
    if field is None:
        assert response.status_code == 302
        return
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'href="#{field}"' in text and "Es gibt schon Antworten auf diese Frage" in text
    db.session.expire_all()
    assert question.scale_max == 5 and len(question.options) == 3


def test_the_kind_of_an_answered_question_cannot_change(client, db, answered):
    single = question_of(answered, T.SINGLE)
    url = f"{BASE}/{answered.id}/questions/{single.id}?kind=multiple"
    response = client.post(url, data=edit_form(single))
    assert response.status_code == 400
    assert 'href="#kind-choice"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert single.kind is T.SINGLE


def test_other_cannot_be_taken_away_once_answered(client, db, login_as, survey):
    login_as(Role.STAFF)
    multiple = question_of(survey, T.MULTIPLE)
    answer(db, survey, multiple, multiple.options[0])
    response = post_edit(client, survey, multiple, allow_other="")
    assert response.status_code == 400
    db.session.expire_all()
    assert multiple.allow_other is True


def test_answered_options_cannot_be_reordered(client, db, answered):
    matrix = question_of(answered, T.MATRIX)
    first, second = matrix.options[:2]
    client.post(
        f"{BASE}/{answered.id}/questions/{matrix.id}/options/{second.id}/move",
        data={"direction": "up"},
    )
    db.session.expire_all()
    assert matrix.options[:2] == [first, second]


def test_a_wording_fix_is_allowed_and_logged_with_old_and_new_text(client, db, answered):
    single = question_of(answered, T.SINGLE)
    old_text, option = single.text, single.options[0]
    old_label = option.label
    response = post_edit(
        client,
        answered,
        single,
        text="Wie oft besuchen Sie die Seite der Stadt?",
        **{f"option-{option.id}": "Jede Woche (mindestens)"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert single.text == "Wie oft besuchen Sie die Seite der Stadt?"
    assert option.label == "Jede Woche (mindestens)"
    entry = audit_entries(db, "survey.wording_fixed")[-1]
    assert entry.target_type == "survey_questions" and entry.target_id == single.id
    assert entry.before["text"] == old_text
    assert entry.after["text"] == "Wie oft besuchen Sie die Seite der Stadt?"
    assert entry.before[f"option {option.id}"] == old_label
    assert entry.after[f"option {option.id}"] == "Jede Woche (mindestens)"


def test_required_stays_editable_with_answers(client, db, answered):
    single = question_of(answered, T.SINGLE)
    assert post_edit(client, answered, single, required="").status_code == 302
    db.session.expire_all()
    assert single.required is False


def test_audience_and_anonymity_stay_once_answered(client, db, answered):
    data = {
        "title": answered.title,
        "intro": answered.intro,
        "opens_at": "2026-01-01T08:00",
        "closes_at": "2036-01-01T08:00",
        "audience": "residents",
        "anonymous": "yes",
    }
    response = client.post(f"{BASE}/{answered.id}/settings", data=data)
    assert response.status_code == 400
    assert "Es gibt schon Antworten" in response.get_data(as_text=True)
    db.session.expire_all()
    assert answered.anonymous is False


# --- publishing, taking back, deleting -----------------------------------------------------


def test_publishing_needs_a_question(client, db, login_as, make_survey):
    login_as(Role.STAFF)
    response = client.post(
        f"{BASE}/new",
        data={
            "title": "Leer",
            "opens_at": "2030-01-01T08:00",
            "closes_at": "2030-02-01T08:00",
            "audience": "residents",
            "anonymous": "no",
            "submission_key": "leer",
        },
    )
    survey_id = int(response.location.rsplit("/", 1)[1])
    shown = client.post(f"{BASE}/{survey_id}/publish", follow_redirects=True)
    assert "mindestens eine Frage" in shown.get_data(as_text=True)
    assert db.session.get(Survey, survey_id).published_at is None


def test_publish_and_take_back_to_draft_are_audited(client, db, login_as, make_survey):
    login_as(Role.STAFF)
    survey = make_survey(published=False, opens_in=timedelta(days=2))
    client.post(f"{BASE}/{survey.id}/publish")
    db.session.expire_all()
    assert survey.phase() is Phase.UPCOMING
    client.post(f"{BASE}/{survey.id}/unpublish")
    db.session.expire_all()
    assert survey.phase() is Phase.DRAFT
    assert [e.target_id for e in audit_entries(db, "survey.published")] == [survey.id]
    assert [e.target_id for e in audit_entries(db, "survey.unpublished")] == [survey.id]


def test_a_survey_that_already_ended_is_not_published(client, db, login_as, make_survey):
    login_as(Role.STAFF)
    survey = make_survey(published=False, opens_in=timedelta(days=-10), open_for=timedelta(days=1))
    shown = client.post(f"{BASE}/{survey.id}/publish", follow_redirects=True)
    assert "in der Vergangenheit" in shown.get_data(as_text=True)
    assert survey.published_at is None


def test_a_survey_with_responses_stays_published_and_cannot_be_deleted(client, db, answered):
    client.post(f"{BASE}/{answered.id}/unpublish")
    client.post(f"{BASE}/{answered.id}/delete")
    db.session.expire_all()
    assert db.session.get(Survey, answered.id).published_at is not None
    page = client.get(f"{BASE}/{answered.id}/delete").get_data(as_text=True)
    assert "kann nicht gelöscht werden" in page


def test_deleting_a_survey_without_responses(client, db, login_as, make_survey):
    login_as(Role.STAFF)
    survey = make_survey()
    survey_id, thread_id = survey.id, survey.thread_id
    response = client.post(f"{BASE}/{survey_id}/delete")
    assert response.location.endswith(f"{BASE}/")
    db.session.expire_all()
    assert db.session.get(Survey, survey_id) is None
    assert db.session.get(CommentThread, thread_id) is None
    assert [e.target_id for e in audit_entries(db, "survey.deleted")] == [survey_id]


def test_answers_stored_without_the_counter_still_lock(client, db, login_as, survey):
    login_as(Role.STAFF)
    single = question_of(survey, T.SINGLE)
    answer(db, survey, single, single.options[0])
    survey.response_count = 0
    db.session.flush()
    client.post(f"{BASE}/{survey.id}/questions/{single.id}/delete")
    client.post(f"{BASE}/{survey.id}/unpublish")
    db.session.expire_all()
    assert db.session.get(Question, single.id) is not None
    assert survey.published_at is not None
