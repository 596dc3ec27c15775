"""The builder's pages: overview, creating a survey, settings, access and tampered ids."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.surveys.models import Audience, Phase, Survey
from tests.querycount import counted_queries

BASE = "/surveys/manage"


def survey_form(**changes) -> dict:
    """Return a valid "new survey" form, with `changes`."""
    data = {
        "title": "Neue Spielplätze",
        "intro": "Was **wünschen** Sie sich?",
        "opens_at": "2026-07-01T08:00",
        "closes_at": "2026-07-31T18:00",
        "audience": "anyone",
        "anonymous": "yes",
        "submission_key": "key-1",
    }
    data.update(changes)
    return data


def count_surveys(db) -> int:
    """Return how many surveys are stored."""
    return db.session.scalar(select(func.count()).select_from(Survey))


def test_the_overview_lists_drafts_and_published_surveys(client, login_as, make_survey):
    login_as(Role.STAFF)
    draft = make_survey(published=False)
    draft.title = "Ein Entwurf"
    published = make_survey()
    response = client.get(f"{BASE}/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ein Entwurf" in page and published.title in page
    assert f"/surveys/{published.id}/results" in page
    assert f"{BASE}/{draft.id}/preview" in page
    assert "Umfragen verwalten" in page  # the staff item in the navigation


def test_creating_a_survey_with_every_field(client, login_as, db):
    staff = login_as(Role.STAFF)
    response = client.post(f"{BASE}/new", data=survey_form())
    survey = db.session.scalar(select(Survey).where(Survey.title == "Neue Spielplätze"))
    assert response.status_code == 302
    assert response.location.endswith(f"{BASE}/{survey.id}")
    assert survey.intro_html.count("<strong>wünschen</strong>") == 1
    assert survey.audience is Audience.ANYONE and survey.anonymous is True
    assert survey.phase() is Phase.DRAFT
    assert survey.created_by_id == staff.id
    assert survey.thread.subject_type == "survey"
    assert len(survey.sections) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "survey.created"))
    assert entry.target_id == survey.id and entry.actor_id == staff.id


def test_double_submitting_the_new_survey_form_creates_one(client, login_as, db):
    login_as(Role.STAFF)
    before = count_surveys(db)
    first = client.post(f"{BASE}/new", data=survey_form(submission_key="same"))
    second = client.post(f"{BASE}/new", data=survey_form(submission_key="same"))
    assert count_surveys(db) == before + 1
    assert first.location == second.location


def test_a_tampered_overlong_submission_key_still_creates_the_survey(client, login_as, db):
    login_as(Role.STAFF)
    before = count_surveys(db)
    response = client.post(f"{BASE}/new", data=survey_form(submission_key="x" * 500))
    assert response.status_code == 302
    assert count_surveys(db) == before + 1


def test_pages_render(client, login_as, make_survey):
    login_as(Role.STAFF)
    survey = make_survey()
    for path in (
        "/new",
        f"/{survey.id}",
        f"/{survey.id}/settings",
        f"/{survey.id}/preview",
        f"/{survey.id}/questions/new",
        f"/{survey.id}/delete",
    ):
        assert client.get(BASE + path).status_code == 200, path
    for question in survey.questions():
        assert client.get(f"{BASE}/{survey.id}/questions/{question.id}").status_code == 200
        assert (
            client.get(f"{BASE}/{survey.id}/questions/new?kind={question.kind.value}").status_code
            == 200
        )


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2026-07-01T08:00", datetime(2026, 7, 1, 6, 0, tzinfo=UTC)),  # summer: UTC+2
        ("2026-01-15T08:00", datetime(2026, 1, 15, 7, 0, tzinfo=UTC)),  # winter: UTC+1
        ("15.01.2026 08:00", datetime(2026, 1, 15, 7, 0, tzinfo=UTC)),  # typed without a picker
    ],
)
def test_berlin_time_is_stored_in_utc(client, login_as, db, typed, utc):
    login_as(Role.STAFF)
    client.post(f"{BASE}/new", data=survey_form(opens_at=typed, closes_at="2026-12-31T18:00"))
    survey = db.session.scalar(select(Survey).where(Survey.title == "Neue Spielplätze"))
    assert survey.opens_at == utc
    assert survey.closes_at == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    page = client.get(f"{BASE}/{survey.id}/settings").get_data(as_text=True)
    assert 'value="2026-12-31T18:00"' in page  # shown again in the town's time


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie einen Titel ein"),
        ({"title": "x" * 201}, "title", "Höchstens 200 Zeichen"),
        ({"intro": "x" * 10_001}, "intro", "Höchstens 10.000 Zeichen"),
        ({"opens_at": ""}, "opens_at", "Bitte geben Sie Datum und Uhrzeit ein"),
        ({"opens_at": "morgen früh"}, "opens_at", "so ein: 31.12.2026 18:00"),
        ({"opens_at": "0202-07-01T08:00"}, "opens_at", "so ein: 31.12.2026 18:00"),
        ({"closes_at": "2026-07-01T08:00"}, "closes_at", "nach dem Beginn liegen"),
        ({"closes_at": "2026-06-01T08:00"}, "closes_at", "nach dem Beginn liegen"),
        ({"audience": "everybody"}, "audience", "Bitte wählen Sie aus der Liste"),
        ({"anonymous": "maybe"}, "anonymous", "Bitte wählen Sie aus der Liste"),
    ],
)
def test_each_settings_rule_is_refused_keeping_what_was_typed(
    client, login_as, db, changes, field, message
):
    login_as(Role.STAFF)
    before = count_surveys(db)
    response = client.post(f"{BASE}/new", data=survey_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and message in page
    assert f'href="#{field}"' in page
    assert 'value="2026-07-01T08:00"' in page or field == "opens_at"
    if field != "title":
        assert 'value="Neue Spielplätze"' in page
    assert count_surveys(db) == before


def test_changing_the_settings_bumps_updated_at(client, login_as, db, make_survey):
    login_as(Role.STAFF)
    survey = make_survey(published=False)
    before = survey.updated_at
    response = client.post(
        f"{BASE}/{survey.id}/settings", data=survey_form(title="Geänderter Titel")
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert survey.title == "Geänderter Titel" and survey.updated_at > before


def test_the_settings_form_shows_the_stored_values(client, login_as, make_survey):
    login_as(Role.STAFF)
    survey = make_survey(audience=Audience.VERIFIED, anonymous=True)
    page = client.get(f"{BASE}/{survey.id}/settings").get_data(as_text=True)
    assert '<input checked class="kern-form-check__radio" id="audience-2"' in page
    assert '<input checked class="kern-form-check__radio" id="anonymous-0"' in page
    assert survey.title in page


def test_sections_are_added_edited_and_deleted(client, login_as, db, make_survey):
    login_as(Role.STAFF)
    survey = make_survey(published=False)
    response = client.post(
        f"{BASE}/{survey.id}/sections", data={"heading": "Zum Ende", "description": ""}
    )
    db.session.expire_all()
    section = survey.sections[-1]
    assert section.heading == "Zum Ende" and response.location.endswith(f"#section-{section.id}")
    client.post(
        f"{BASE}/{survey.id}/sections/{section.id}",
        data={"heading": "Ganz am Ende", "description": "Danke"},
    )
    db.session.expire_all()
    assert (section.heading, section.description) == ("Ganz am Ende", "Danke")
    client.post(f"{BASE}/{survey.id}/sections/{section.id}/delete")
    db.session.expire_all()
    assert [s.heading for s in survey.sections][-1] != "Ganz am Ende"


def test_a_section_without_heading_is_refused(client, login_as, make_survey):
    login_as(Role.STAFF)
    survey = make_survey(published=False)
    response = client.post(
        f"{BASE}/{survey.id}/sections", data={"heading": "", "description": "Getippt"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte geben Sie eine Überschrift ein" in page and "Getippt" in page


def test_the_preview_shows_every_question_without_a_send_button(client, login_as, make_survey):
    login_as(Role.STAFF)
    survey = make_survey(published=False)
    page = client.get(f"{BASE}/{survey.id}/preview").get_data(as_text=True)
    assert "Vorschau" in page and "nichts abgesendet" in page
    for question in survey.questions():
        assert f'id="q{question.id}' in page
    main = page.split("<main", 1)[1]
    assert 'type="submit"' not in main.split("</main>")[0].split("survey-form", 1)[1]


# --- access and tampering ----------------------------------------------------------------


def builder_paths(survey) -> list[tuple[str, str]]:
    """Return (method, path) of every builder page for `survey`."""
    question = survey.questions()[0]
    option = next(q for q in survey.questions() if q.options).options[0]
    option_question = option.question_id
    section = survey.sections[0]
    return [
        ("get", "/"),
        ("get", "/new"),
        ("post", "/new"),
        ("get", f"/{survey.id}"),
        ("get", f"/{survey.id}/settings"),
        ("post", f"/{survey.id}/publish"),
        ("post", f"/{survey.id}/unpublish"),
        ("post", f"/{survey.id}/delete"),
        ("post", f"/{survey.id}/sections"),
        ("post", f"/{survey.id}/sections/{section.id}/move"),
        ("get", f"/{survey.id}/questions/new"),
        ("get", f"/{survey.id}/questions/{question.id}"),
        ("post", f"/{survey.id}/questions/{question.id}/delete"),
        ("post", f"/{survey.id}/questions/{option_question}/options/{option.id}/move"),
        ("get", f"/{survey.id}/preview"),
    ]


@pytest.mark.parametrize(
    "role", [Role.RESIDENT, Role.VERIFIED, Role.MODERATOR, Role.COUNCIL, Role.ADMIN]
)
def test_everyone_but_staff_is_refused(client, login_as, make_survey, role):
    survey = make_survey(published=False)
    login_as(role)
    for method, path in builder_paths(survey):
        assert getattr(client, method)(BASE + path).status_code == 403, path
    assert "Umfragen verwalten" not in client.get("/").get_data(as_text=True)


def test_guests_are_sent_to_sign_in(client, make_survey):
    survey = make_survey(published=False)
    for method, path in builder_paths(survey):
        response = getattr(client, method)(BASE + path)
        assert response.status_code == 302 and "/account/signin" in response.location, path


def test_ids_of_another_survey_or_question_are_not_found(client, login_as, make_survey):
    login_as(Role.STAFF)
    mine, other = make_survey(published=False), make_survey(published=False)
    theirs = other.questions()[0]
    their_option = next(q for q in other.questions() if q.options).options[0]
    my_option_question = next(q for q in mine.questions() if q.options)
    paths = [
        ("get", f"/{mine.id}/questions/{theirs.id}"),
        ("post", f"/{mine.id}/questions/{theirs.id}/delete"),
        ("post", f"/{mine.id}/questions/{theirs.id}/move"),
        ("post", f"/{mine.id}/questions/{my_option_question.id}/options/{their_option.id}/move"),
        ("get", f"/{mine.id}/sections/{other.sections[0].id}"),
        ("post", f"/{mine.id}/sections/{other.sections[0].id}/delete"),
        ("get", "/999999"),
        ("get", "/99999999999999999999/preview"),
    ]
    for method, path in paths:
        response = getattr(client, method)(BASE + path, data={"direction": "up"})
        assert response.status_code == 404, path
    assert theirs in other.questions()


def test_a_huge_form_is_refused_with_a_message(client, login_as, db):
    login_as(Role.STAFF)
    before = count_surveys(db)
    response = client.post(f"{BASE}/new", data=survey_form(title="x" * 100_000))
    assert response.status_code == 400
    assert "Höchstens 200 Zeichen" in response.get_data(as_text=True)
    lines = "\n".join("y" * 5_000 for _ in range(100))  # 500,000 characters of options
    question_page = client.post(f"{BASE}/new", data=survey_form(submission_key="big")).location
    response = client.post(
        f"{question_page}/questions/new?kind=single",
        data={"section_id": "0", "text": "Groß?", "new_options": lines},
    )
    assert response.status_code == 400
    assert "höchstens 300 Zeichen" in response.get_data(as_text=True)
    assert count_surveys(db) == before + 1


def test_the_building_page_and_preview_run_the_same_queries_for_a_longer_survey(
    client, login_as, db, make_survey
):
    login_as(Role.STAFF)
    short = make_survey(published=False)
    long = make_survey(published=False)
    for section in long.sections:  # one more question in every section
        client.post(
            f"{BASE}/{long.id}/questions/new?kind=single",
            data={
                "section_id": str(section.id),
                "text": "Noch eine?",
                "new_options": "A\nB",
            },
        )
    db.session.expire_all()
    assert len(long.questions()) == len(short.questions()) + len(long.sections)
    counts = []
    for survey in (short, long):
        for path in ("", "/preview"):
            with counted_queries(db.engine) as statements:
                assert client.get(f"{BASE}/{survey.id}{path}").status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[2] and counts[1] == counts[3]


def test_deleting_a_section_asks_first_and_names_its_questions(client, login_as, db, make_survey):
    login_as(Role.STAFF)
    survey = make_survey(published=False)
    section = survey.sections[0]
    page = client.get(f"{BASE}/{survey.id}/sections/{section.id}/delete").get_data(as_text=True)
    assert all(question.text in page for question in section.questions)
    db.session.expire_all()
    assert section in survey.sections
