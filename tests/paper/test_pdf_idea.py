"""The printed idea card ("Ideenkarte"): lines for the title and the idea, a box for each of the
town's categories (and districts, where the town has them), and the consent to show the
author's name with a line for it."""

from __future__ import annotations

import dataclasses

import pytest

from participation.core.town import current_town
from participation.paper.layout import marks_by_group
from participation.paper.models import Variant
from tests.paper.pdf_fixtures import decode, idea_batch, render


@pytest.fixture(autouse=True)
def request_context(app):
    """A request, as when staff print a batch."""
    with app.test_request_context():
        yield


def flat(text: str) -> str:
    """Return text with its line breaks as spaces."""
    return " ".join(text.split())


def marks(printed) -> dict:
    """Return group key → (boxes, fields) of the printed card."""
    return {group.key: (boxes, areas) for group, boxes, areas in marks_by_group(printed.layout)}


def test_a_standard_idea_card_is_one_page_with_its_code(db):
    printed = render(idea_batch(size=3))
    assert len(printed.layout.pages) == 1
    images, texts = printed.images(), printed.texts()
    assert len(images) == 3
    for image, text, code in zip(images, texts, printed.codes, strict=True):
        assert decode(image) == [code] and code in text


def test_the_card_has_lines_categories_and_the_consent(db):
    printed = render(idea_batch(size=1))
    text = flat(printed.text_of_sheet())
    town = current_town()
    assert "Ideenkarte" in text and f"Ihre Idee für {town.name}" in text
    assert "Mein Name darf veröffentlicht werden." in text
    found = marks(printed)
    assert [area.kind for area in found["title"][1]] == ["title"]
    assert found["description"][1][0].lines >= 5
    categories = found["category"][0]
    assert [(box.kind, box.value) for box in categories] == [
        ("category", c) for c in town.categories
    ]
    for category in town.categories:
        assert category in text
    consent_boxes, consent_areas = found["consent"]
    assert [box.kind for box in consent_boxes] == ["consent"]
    assert [area.kind for area in consent_areas] == ["name"]
    assert "district" not in found  # the town has no districts configured


def test_the_towns_districts_get_boxes(app, db, monkeypatch):
    districts = ("Innenstadt", "Schlettwein", "Jüdewein", "Öpitz")
    town = dataclasses.replace(current_town(), districts=districts)
    monkeypatch.setitem(app.extensions, "town", town)
    printed = render(idea_batch(size=1))
    boxes, _areas = marks(printed)["district"]
    assert [(box.kind, box.value) for box in boxes] == [("district", d) for d in districts]
    text = flat(printed.text_of_sheet())
    assert "Ortsteil" in text and "Jüdewein" in text and "Öpitz" in text


@pytest.mark.parametrize("variant", [Variant.LARGE, Variant.EASY])
def test_a_large_print_card_runs_over_pages_with_a_qr_code_on_each(db, variant):
    printed = render(idea_batch(variant=variant, size=1))
    pages = len(printed.layout.pages)
    assert [decode(image) for image in printed.images()] == [
        [printed.codes[0] if page == 1 else f"{printed.codes[0]}/{page}"]
        for page in range(1, pages + 1)
    ]
