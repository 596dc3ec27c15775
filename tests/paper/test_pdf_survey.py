"""Printed survey sheets: every question type that can be answered by marks gets its boxes
(choices, yes/no, scale points, a matrix of rows × points, a ranking of items × places), text
and numbers get lines or a frame; long sheets run over pages, each page with its own QR code."""

from __future__ import annotations

import pytest

from participation.paper.layout import boxes_for, marks_by_group
from participation.paper.models import Variant
from participation.surveys.models import QuestionType as T
from tests.paper.pdf_fixtures import decode, render, survey_batch


@pytest.fixture(autouse=True)
def request_context(app):
    """A request, as when staff print a batch."""
    with app.test_request_context():
        yield


def flat(text: str) -> str:
    """Return text with its line breaks as spaces."""
    return " ".join(text.split())


def by_question(printed):
    """Return question id → (group, boxes, fields) of the printed layout."""
    return {
        group.question: (group, boxes, areas)
        for group, boxes, areas in marks_by_group(printed.layout)
    }


def test_the_sheet_shows_every_question_and_every_option(db):
    batch = survey_batch(size=1)
    text = flat(render(batch).text_of_sheet())
    for section in batch.survey.sections:
        assert section.heading in text
    for number, question in enumerate(batch.survey.questions(), start=1):
        assert f"{number}. {question.text}" in text
        for option in question.options:
            assert option.label in text
    assert "1 = gar nicht zufrieden, 5 = sehr zufrieden" in text
    assert "Sonstiges, und zwar:" in text
    assert "Pößneck" in text


def test_every_markable_question_type_gets_its_boxes(db):
    batch = survey_batch(size=1)
    marks = by_question(render(batch))
    for question in batch.survey.questions():
        group, boxes, areas = marks[question.id]
        assert group.kind == question.kind.value
        ids = [option.id for option in question.options]
        shape = [(box.kind, box.option, box.value) for box in boxes]
        if question.kind is T.SINGLE:
            assert shape == [("option", i, None) for i in ids]
        elif question.kind is T.MULTIPLE:
            assert shape == [("option", i, None) for i in ids] + [("other", None, None)]
            assert [area.kind for area in areas] == ["other"]
        elif question.kind is T.YES_NO:
            assert shape == [("yes", None, 1), ("no", None, 0)]
        elif question.kind is T.SCALE:
            assert shape == [("point", None, point) for point in range(1, 6)]
        elif question.kind is T.MATRIX:
            assert shape == [("point", i, point) for i in ids for point in range(1, 6)]
        elif question.kind is T.RANKING:
            assert shape == [("rank", i, place) for i in ids for place in (1, 2, 3)]
        else:
            assert boxes == [] and len(areas) == 1
            kind = "number" if question.kind is T.NUMBER else "text"
            assert areas[0].kind == kind and areas[0].question == question.id
        assert all(box.question == question.id for box in boxes)


def test_text_questions_get_ruled_lines(db):
    batch = survey_batch(size=1)
    marks = by_question(render(batch))
    lines = {
        q.kind: marks[q.id][2][0].lines
        for q in batch.survey.questions()
        if q.kind in (T.SHORT_TEXT, T.LONG_TEXT)
    }
    assert lines[T.SHORT_TEXT] >= 2 and lines[T.LONG_TEXT] > lines[T.SHORT_TEXT]


def test_a_question_is_kept_on_one_page_and_numbered_in_order(db):
    printed = render(survey_batch(size=1))
    numbers = [group.number for group in printed.layout.groups]
    assert numbers == list(range(1, 10))
    for page in printed.layout.pages:
        for box in page.boxes:
            group = next(g for g in printed.layout.groups if g.key == box.group)
            assert group.page == page.number


@pytest.mark.parametrize("variant", [Variant.STANDARD, Variant.LARGE])
def test_each_page_of_each_sheet_has_its_own_qr_code(db, variant):
    printed = render(survey_batch(variant=variant, size=2))
    per_sheet = len(printed.layout.pages)
    assert per_sheet > 1
    images, texts = printed.images(), printed.texts()
    assert len(images) == 2 * per_sheet and printed.progress == list(range(1, 2 * per_sheet + 1))
    for index, image in enumerate(images):
        code, page = printed.codes[index // per_sheet], index % per_sheet + 1
        assert decode(image) == [code if page == 1 else f"{code}/{page}"]
        assert code in texts[index] and f"Seite {page} von {per_sheet}" in texts[index]


WIDE = {
    "title": "Große Skalen und lange Listen",
    "sections": [
        {
            "heading": "Alles auf einmal",
            "questions": [
                {
                    "kind": T.MATRIX,
                    "text": "Wie wichtig ist Ihnen das, von 0 bis 10?",
                    "options": [
                        "Ein sehr langer Punkt, der über mehrere Zeilen laufen muss",
                        "Kurz",
                    ],
                    "scale": (0, 10, "unwichtig", "sehr wichtig"),
                },
                {"kind": T.SCALE, "text": "Und insgesamt?", "scale": (0, 10, "schlecht", "gut")},
            ]
            + [
                {
                    "kind": T.SINGLE,
                    "text": f"Frage {n} mit Umlauten: Öffnungszeiten?",
                    "options": ["Früh", "Mittags", "Spät", "Gar nicht"],
                }
                for n in range(1, 13)
            ],
        }
    ],
}


@pytest.mark.parametrize("variant", [Variant.STANDARD, Variant.LARGE])
def test_wide_scales_and_long_sheets_stay_inside_the_page(db, variant):
    printed = render(survey_batch(variant=variant, size=1, spec=WIDE))
    layout = printed.layout
    assert len(layout.pages) > 1
    boxes = boxes_for(layout)
    assert len(boxes) == 2 * 11 + 11 + 12 * 4
    for page in layout.pages:
        for box in page.boxes:
            assert box.rect.inside(layout.page_rect.grown(-15))
    assert [len(decode(image)) for image in printed.images()] == [1] * len(layout.pages)
