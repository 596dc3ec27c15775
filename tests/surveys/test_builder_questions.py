"""Questions of every kind, their validation, and the order of sections, questions, options."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.core.permissions import Role
from participation.surveys.models import Question, QuestionType

BASE = "/surveys/manage"
T = QuestionType


@pytest.fixture()
def draft(login_as, make_survey):
    """A draft survey (the example with every kind), its builder signed in as staff."""
    login_as(Role.STAFF)
    return make_survey(published=False)


def question_form(section: int, **changes) -> dict:
    """Return a question form in `section` with `changes` (text, required, settings)."""
    data = {"section_id": str(section), "text": "Eine neue Frage?", "required": "y"}
    data.update(changes)
    return data


def create(client, survey, kind: T, **changes):
    """Post a new question of `kind` into the survey's first section."""
    url = f"{BASE}/{survey.id}/questions/new?kind={kind.value}"
    return client.post(url, data=question_form(survey.sections[0].id, **changes))


def newest(db, survey) -> Question:
    """Return the survey's most recently created question."""
    query = select(Question).where(Question.survey_id == survey.id).order_by(Question.id.desc())
    return db.session.scalars(query).first()


def page(response) -> str:
    """Return the page's text."""
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("kind", "fields", "expected"),
    [
        (
            T.SINGLE,
            {"new_options": "Ja\nNein\n\nVielleicht", "allow_other": "y"},
            {"allow_other": True, "labels": ["Ja", "Nein", "Vielleicht"]},
        ),
        (
            T.MULTIPLE,
            {"new_options": "A\nB\nC", "min_choices": "1", "max_choices": "2"},
            {"min_choices": 1, "max_choices": 2, "labels": ["A", "B", "C"]},
        ),
        (T.YES_NO, {}, {"labels": []}),
        (
            T.SCALE,
            {"scale": "0-10", "scale_min_label": "nie", "scale_max_label": "immer"},
            {"scale_min": 0, "scale_max": 10, "scale_min_label": "nie", "scale_max_label": "immer"},
        ),
        (
            T.MATRIX,
            {"scale": "1-5", "new_options": "Sauberkeit"},
            {"scale_min": 1, "scale_max": 5, "labels": ["Sauberkeit"]},
        ),
        (
            T.RANKING,
            {"new_options": "X\nY\nZ", "max_choices": "2"},
            {"max_choices": 2, "labels": ["X", "Y", "Z"]},
        ),
        (T.SHORT_TEXT, {"help_text": "Kurz bitte"}, {"help_text": "Kurz bitte"}),
        (T.LONG_TEXT, {}, {"required": True}),
        (
            T.NUMBER,
            {"number_min": "0", "number_max": "2,5", "number_decimals": "1"},
            {"number_min": 0.0, "number_max": 2.5, "number_decimals": 1},
        ),
    ],
)
def test_each_kind_is_created_with_its_settings(client, db, draft, kind, fields, expected):
    before = draft.updated_at
    response = create(client, draft, kind, **fields)
    assert response.status_code == 302, page(response)
    question = newest(db, draft)
    db.session.refresh(question)
    assert question.kind is kind and question.text == "Eine neue Frage?"
    labels = expected.pop("labels", None)
    if labels is not None:
        assert [option.label for option in question.options] == labels
        assert [option.position for option in question.options] == list(range(1, len(labels) + 1))
    for name, value in expected.items():
        assert getattr(question, name) == value, name
    assert response.location.endswith(f"#question-{question.id}")
    db.session.refresh(draft)
    assert draft.updated_at > before


def test_an_optional_question_and_settings_of_other_kinds_are_dropped(client, db, draft):
    create(
        client, draft, T.SHORT_TEXT, required="", scale="0-10", new_options="A\nB", min_choices="1"
    )
    question = newest(db, draft)
    assert question.required is False
    assert question.scale_min is None and question.min_choices is None and not question.options


@pytest.mark.parametrize(
    ("kind", "fields", "field", "message"),
    [
        (
            T.SINGLE,
            {"new_options": "Nur eine"},
            "new_options",
            "mindestens zwei Antwortmöglichkeiten",
        ),
        (T.RANKING, {"new_options": "Nur eine"}, "new_options", "mindestens zwei"),
        (T.MATRIX, {"new_options": "", "scale": "1-5"}, "new_options", "mindestens eine Zeile"),
        (T.SINGLE, {"new_options": "A\na"}, "new_options", "nur einmal"),
        (
            T.MULTIPLE,
            {"new_options": "A\nB", "min_choices": "2", "max_choices": "1"},
            "min_choices",
            "nicht größer",
        ),
        (T.MULTIPLE, {"new_options": "A\nB", "max_choices": "3"}, "max_choices", "von 1 bis 2"),
        (T.MULTIPLE, {"new_options": "A\nB", "max_choices": "zwei"}, "max_choices", "ganze Zahl"),
        (T.RANKING, {"new_options": "A\nB\nC", "max_choices": "4"}, "max_choices", "von 1 bis 3"),
        (T.SCALE, {"scale": "1-7"}, "scale", "1 bis 5 oder 0 bis 10"),
        (T.MATRIX, {"scale": "2-9", "new_options": "Zeile"}, "scale", "1 bis 5 oder 0 bis 10"),
        (T.NUMBER, {"number_min": "10", "number_max": "5"}, "number_max", "größer sein"),
        (T.NUMBER, {"number_min": "10", "number_max": "10"}, "number_max", "größer sein"),
        (T.NUMBER, {"number_min": "zehn"}, "number_min", "Zahl ein"),
        (T.NUMBER, {"number_max": "1e99"}, "number_max", "Zahl ein"),
        (T.NUMBER, {"number_decimals": "3"}, "number_decimals", "0, 1 oder 2"),
        (T.SHORT_TEXT, {"text": ""}, "text", "Bitte geben Sie die Frage ein"),
        (T.SHORT_TEXT, {"text": "x" * 501}, "text", "Höchstens 500 Zeichen"),
        (T.SHORT_TEXT, {"help_text": "x" * 1001}, "help_text", "Höchstens 1.000 Zeichen"),
        (T.SCALE, {"scale_min_label": "x" * 101}, "scale_min_label", "Höchstens 100 Zeichen"),
        (T.SINGLE, {"new_options": "A\n" + "b" * 301}, "new_options", "höchstens 300 Zeichen"),
        (
            T.SINGLE,
            {"new_options": "\n".join(f"Option {n}" for n in range(51))},
            "new_options",
            "Höchstens 50",
        ),
    ],
)
def test_each_rule_is_refused_on_its_field_keeping_what_was_typed(
    client, db, draft, kind, fields, field, message
):
    before = len(draft.questions())
    response = create(client, draft, kind, **{"text": "Getippte Frage", **fields})
    text = page(response)
    assert response.status_code == 400
    assert f'id="{field}-error"' in text or f'href="#{field}"' in text, text
    assert message in text
    if fields.get("text", "Getippte Frage") == "Getippte Frage":
        assert 'value="Getippte Frage"' in text
    for value in fields.values():
        if (
            value
            and len(value) < 60
            and "\n" not in value
            and field not in ("scale", "number_decimals")
        ):
            assert value in text
    db.session.expire_all()
    assert len(draft.questions()) == before


def test_a_section_of_another_survey_is_refused(client, db, draft, make_survey):
    other = make_survey()
    response = create(client, draft, T.YES_NO, section_id=str(other.sections[0].id))
    assert response.status_code == 400
    assert "Abschnitt aus der Liste" in page(response)
    assert not other.sections[0].questions or all(
        q.text != "Eine neue Frage?" for q in other.sections[0].questions
    )


def test_an_unknown_kind_shows_the_choice_of_kinds(client, draft):
    response = client.get(f"{BASE}/{draft.id}/questions/new?kind=bogus")
    assert response.status_code == 200
    assert "Welche Art von Frage" in page(response)
    assert client.post(f"{BASE}/{draft.id}/questions/new?kind=bogus", data={}).status_code == 400


def test_editing_renames_removes_and_adds_options_keeping_ids(client, db, draft):
    question = next(q for q in draft.questions() if q.kind is T.SINGLE)
    first, second, *rest = question.options
    first_id, second_id = first.id, second.id
    data = question_form(question.section_id, text="Wie oft?", new_options="Täglich")
    data[f"option-{first.id}"] = "Jede Woche einmal"
    data[f"option-{second.id}"] = second.label
    for option in rest:
        data[f"option-{option.id}"] = option.label
    data["remove_option"] = [str(second.id)]
    response = client.post(f"{BASE}/{draft.id}/questions/{question.id}", data=data)
    assert response.status_code == 302, page(response)
    db.session.expire_all()
    labels = [(o.id, o.label) for o in question.options]
    assert labels[0] == (first_id, "Jede Woche einmal")
    assert second_id not in [i for i, _ in labels]
    assert labels[-1][1] == "Täglich"
    assert [o.position for o in question.options] == list(range(1, len(labels) + 1))


def test_an_emptied_option_is_refused_and_the_typed_rows_are_kept(client, db, draft):
    question = next(q for q in draft.questions() if q.kind is T.SINGLE)
    first, second = question.options[:2]
    data = question_form(question.section_id, text="Wie oft?")
    data[f"option-{first.id}"] = ""
    data[f"option-{second.id}"] = "Umformuliert"
    response = client.post(f"{BASE}/{draft.id}/questions/{question.id}", data=data)
    text = page(response)
    assert response.status_code == 400
    assert f'id="option-{first.id}-error"' in text and 'value="Umformuliert"' in text
    db.session.expire_all()
    assert question.options[1].label == second.label


def test_changing_the_kind_of_an_unanswered_question(client, db, draft):
    question = next(q for q in draft.questions() if q.kind is T.SINGLE)
    form_page = client.get(f"{BASE}/{draft.id}/questions/{question.id}?kind=scale")
    assert 'name="scale"' in page(form_page)
    data = question_form(question.section_id, text=question.text, scale="1-5")
    response = client.post(f"{BASE}/{draft.id}/questions/{question.id}?kind=scale", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert question.kind is T.SCALE and question.options == [] and question.scale_max == 5


def test_deleting_an_unanswered_question(client, db, draft):
    question = draft.questions()[0]
    question_id, section = question.id, question.section
    response = client.post(f"{BASE}/{draft.id}/questions/{question_id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question_id) is None
    assert [q.position for q in section.questions] == list(range(1, len(section.questions) + 1))


# --- order ---------------------------------------------------------------------------------


def move(client, path: str, direction: str):
    """Post a move button."""
    return client.post(f"{BASE}{path}/move", data={"direction": direction})


def test_questions_move_up_and_down_and_across_sections(client, db, draft):
    first_section, second_section = draft.sections[:2]
    a, b, c = first_section.questions
    response = move(client, f"/{draft.id}/questions/{b.id}", "up")
    assert response.location.endswith(f"#question-{b.id}")
    db.session.expire_all()
    assert first_section.questions == [b, a, c]
    move(client, f"/{draft.id}/questions/{c.id}", "down")  # into the next section, first
    db.session.expire_all()
    assert first_section.questions == [b, a] and second_section.questions[0] == c
    move(client, f"/{draft.id}/questions/{c.id}", "up")  # back, at the end
    db.session.expire_all()
    assert first_section.questions == [b, a, c]


def test_the_first_question_cannot_move_up_nor_the_last_down(client, db, draft):
    first, last = draft.questions()[0], draft.questions()[-1]
    order = [q.id for q in draft.questions()]
    move(client, f"/{draft.id}/questions/{first.id}", "up")
    move(client, f"/{draft.id}/questions/{last.id}", "down")
    shown = client.get(f"{BASE}/{draft.id}")
    assert "kann nicht weiter verschoben werden" in page(shown)
    db.session.expire_all()
    assert [q.id for q in draft.questions()] == order


def test_sections_move_and_the_edges_are_refused(client, db, draft):
    one, two, three = draft.sections
    move(client, f"/{draft.id}/sections/{two.id}", "up")
    db.session.expire_all()
    assert draft.sections == [two, one, three]
    move(client, f"/{draft.id}/sections/{two.id}", "up")
    move(client, f"/{draft.id}/sections/{three.id}", "down")
    db.session.expire_all()
    assert draft.sections == [two, one, three]


def test_options_move_and_focus_returns_to_the_moved_option(client, db, draft):
    question = next(q for q in draft.questions() if q.kind is T.RANKING)
    first, second = question.options[:2]
    response = move(client, f"/{draft.id}/questions/{question.id}/options/{second.id}", "up")
    assert response.location.endswith(f"#order-{second.id}")
    db.session.expire_all()
    assert question.options[:2] == [second, first]
    move(client, f"/{draft.id}/questions/{question.id}/options/{second.id}", "up")
    db.session.expire_all()
    assert question.options[0] == second
    edit = client.get(f"{BASE}/{draft.id}/questions/{question.id}")
    assert f'id="order-{second.id}" tabindex="-1"' in page(edit)


def test_an_unknown_direction_is_a_bad_request(client, draft):
    question = draft.questions()[0]
    assert move(client, f"/{draft.id}/questions/{question.id}", "sideways").status_code == 400
