"""Printed ballots: a page per code, each showing its code as text and in a QR code that reads
back, the question, every option (with costs and the budget), the rule, the instructions, the
closing date and where to hand it in; umlauts and ß survive; large print and easy language."""

from __future__ import annotations

import pytest
from babel.dates import format_date

from participation.core.clock import to_town_time
from participation.core.town import current_town
from participation.paper.models import Variant
from participation.votes.models import VoteKind
from tests.paper.pdf_fixtures import decode, render, vote_batch


@pytest.fixture(autouse=True)
def request_context(app):
    """A request, as when staff print a batch (the sheets follow the batch's language)."""
    with app.test_request_context():
        yield


def flat(text: str) -> str:
    """Return text with its line breaks as spaces (the PDF breaks long lines)."""
    return " ".join(text.split())


def test_a_batch_has_a_page_per_code_each_with_its_code_in_text_and_qr(db):
    batch = vote_batch(VoteKind.YES_NO, size=4)
    printed = render(batch)
    texts, images = printed.texts(), printed.images()
    assert len(texts) == len(images) == 4 and len(set(printed.codes)) == 4
    for text, image, code in zip(texts, images, printed.codes, strict=True):
        assert code in text
        assert decode(image) == [code]
    assert printed.progress == [1, 2, 3, 4]


@pytest.mark.parametrize("kind", list(VoteKind))
def test_a_ballot_shows_the_question_every_option_and_abstaining(db, kind):
    batch = vote_batch(kind, size=1)
    text = flat(render(batch).texts()[0])
    vote = batch.vote
    assert flat(vote.title) in text
    for option in vote.options:
        assert option.title in text
    assert "Ich enthalte mich" in text


def test_a_budget_ballot_shows_every_cost_and_the_budget(db):
    batch = vote_batch(VoteKind.BUDGET, size=1)
    text = flat(render(batch).texts()[0])
    for cost in ("8.000 €", "12.000 €", "3.000 €", "15.000 €", "5.000 €"):
        assert cost in text
    assert "höchstens 30.000 € kosten" in text


@pytest.mark.parametrize(
    ("kind", "rule"),
    [
        (VoteKind.YES_NO, "Kreuzen Sie genau ein Feld an."),
        (VoteKind.SINGLE, "Kreuzen Sie genau ein Feld an."),
        (VoteKind.MULTIPLE, "Kreuzen Sie höchstens 2 Felder an."),
        (VoteKind.BUDGET, "Zusammen dürfen sie höchstens 30.000 € kosten."),
    ],
)
def test_the_ballot_states_its_rule(db, kind, rule):
    assert rule in flat(render(vote_batch(kind, size=1)).texts()[0])


def test_the_instructions_say_pen_cross_one_correction_rule_place_and_closing_date(db):
    batch = vote_batch(VoteKind.SINGLE, size=1)
    text = flat(render(batch).texts()[0])
    assert "dunklen Stift (blau oder schwarz)" in text
    assert "Machen Sie ein Kreuz in das Kästchen." in text
    assert "malen Sie das Kästchen ganz aus. Ein ausgemaltes Kästchen zählt nicht." in text
    town = current_town()
    assert f"{town.contact_name}, {town.contact_address}" in text
    local = to_town_time(batch.vote.closes_at)
    assert format_date(local, "long", locale="de") in text
    assert local.strftime("%H:%M") in text


def test_umlauts_and_sharp_s_survive(db):
    text = render(vote_batch(VoteKind.BUDGET, size=1)).texts()[0]
    for word in ("Pößneck", "Bürgerbüro", "Fußweg", "Bücherschrank", "Obstbäume", "„Ich"):
        assert word in text


def test_the_sheet_is_in_the_batch_language(db):
    batch = vote_batch(VoteKind.YES_NO, size=1, locale="en")
    text = flat(render(batch).texts()[0])
    local = to_town_time(batch.vote.closes_at)
    assert format_date(local, "long", locale="en") in text
    assert format_date(local, "long", locale="de") not in text


def test_easy_language_gives_short_sentences_instead_of_the_plain_ones(db):
    easy = flat(render(vote_batch(VoteKind.YES_NO, variant=Variant.EASY, size=1)).text_of_sheet())
    plain = flat(render(vote_batch(VoteKind.YES_NO, size=1)).text_of_sheet())
    for sentence in (
        "Nehmen Sie einen dunklen Stift.",
        "Machen Sie nur 1 Kreuz.",
        "Sie haben sich vertan?",
    ):
        assert sentence in easy and sentence not in plain
    assert (
        "Kreuzen Sie genau ein Feld an." in plain and "Kreuzen Sie genau ein Feld an." not in easy
    )


def test_every_page_of_a_large_print_ballot_has_its_code_and_qr(db):
    batch = vote_batch(VoteKind.BUDGET, variant=Variant.LARGE, size=2)
    printed = render(batch)
    per_sheet = len(printed.layout.pages)
    images = printed.images()
    assert len(images) == 2 * per_sheet
    for index, image in enumerate(images):
        code, page = printed.codes[index // per_sheet], index % per_sheet + 1
        assert decode(image) == [code if page == 1 else f"{code}/{page}"]
        assert code in printed.texts()[index]
