"""Fixtures of the scan reader's tests: a batch of every kind printed once per test session
by the real generator (codes drawn from a seeded generator), and helpers to rasterize and
mark single pages."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from participation.extensions import db
from participation.paper import pdf
from participation.paper.layout import Layout
from participation.paper.models import PaperBatch, SheetKind, Variant
from participation.surveys.seed import build_survey
from participation.votes.models import VoteKind
from participation.votes.seed import EXAMPLES, build_vote
from tests.paper.omr import ink
from tests.paper.omr.synthetic import Printed, rasterized, sheet_codes

SHEETS = 2  # per batch


def batch_columns() -> list[tuple[str, dict]]:
    """Return (name, batch columns) of every kind of sheet: each vote kind, the example
    survey (every question type; standard and large print), idea cards, easy language."""
    votes = {kind: build_vote(EXAMPLES[kind]) for kind in VoteKind}
    survey = build_survey()
    made = [
        (f"vote-{kind.value}", {"kind": SheetKind.VOTE, "vote_id": vote.id})
        for kind, vote in votes.items()
    ]
    budget = votes[VoteKind.BUDGET].id
    return made + [
        ("vote-budget-easy", {"kind": SheetKind.VOTE, "vote_id": budget, "variant": Variant.EASY}),
        ("survey", {"kind": SheetKind.SURVEY, "survey_id": survey.id}),
        (
            "survey-large",
            {"kind": SheetKind.SURVEY, "survey_id": survey.id, "variant": Variant.LARGE},
        ),
        ("idea", {"kind": SheetKind.IDEA}),
        ("idea-large", {"kind": SheetKind.IDEA, "variant": Variant.LARGE}),
    ]


def print_all(seed: int = 9, sheets: int = SHEETS) -> dict[str, Printed]:
    """Print `sheets` sheets of every kind (inside an app and request context)."""
    rng, printed = np.random.default_rng(seed), {}
    for name, columns in batch_columns():
        batch = PaperBatch(size=sheets, locale="de", **{"variant": Variant.STANDARD, **columns})
        db.session.add(batch)
        db.session.flush()
        db.session.refresh(batch)
        codes = sheet_codes(rng, sheets)
        data, layout = pdf.render_batch(batch, codes)
        printed[name] = Printed(data, Layout.from_dict(layout), codes)
    return printed


@pytest.fixture(scope="session")
def printed(app) -> dict[str, Printed]:
    """Every kind of sheet, printed once for the session (nothing stays in the database)."""
    with app.app_context(), app.test_request_context():
        try:
            return print_all()
        finally:
            db.session.rollback()
            db.session.remove()


@cache
def pages_of(data: bytes, dpi: int) -> tuple[np.ndarray, ...]:
    """Return a PDF's pages rasterized at `dpi` (kept for the session; do not change them)."""
    return tuple(rasterized(data, dpi))


def page_image(sheet: Printed, index: int = 0, page: int = 1, dpi: int = 200) -> np.ndarray:
    """Return a copy of one page of one sheet of a printed batch, as printed (unmarked)."""
    per_sheet = len(sheet.layout.pages)
    return pages_of(sheet.data, dpi)[index * per_sheet + page - 1].copy()


def crossed(image: np.ndarray, sheet: Printed, page: int, boxes: list[int], dpi: int = 200):
    """Draw a dark pen cross into the boxes (indexes on `page`) of an upright page image."""
    rng = np.random.default_rng(len(boxes))
    for index in boxes:
        box = sheet.layout.pages[page - 1].boxes[index]
        patch = ink.patch_for(image, box, dpi / 25.4)
        ink.cross(patch, rng, box, 0.5)
        patch.lay(0.85)
    return image


def layouts(printed: dict[str, Printed]):
    """Return a `layout_for` that knows every printed code."""
    known = {code: sheet.layout for sheet in printed.values() for code in sheet.codes}
    return known.get
