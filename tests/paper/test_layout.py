"""The layout description of a sheet: stored as JSON and read back alike; markers, QR code and
boxes where the scan reader expects them (boxes on the grid, clear of each other, of the
markers, of the QR code and of every printed text and line); large print is large."""

from __future__ import annotations

import itertools
import json

import pytest

from participation.paper import pdf
from participation.paper.layout import Layout, Rect, boxes_for, qr_text, read_qr
from participation.paper.measure import Measure, new_pdf
from participation.paper.models import Variant
from participation.paper.style import PT
from participation.votes.models import VoteKind
from tests.paper.pdf_fixtures import codes, idea_batch, plan_of, survey_batch, vote_batch

KINDS = [kind.value for kind in VoteKind] + ["survey", "idea"]


@pytest.fixture(autouse=True)
def request_context(app):
    """A request, as when staff print a batch."""
    with app.test_request_context():
        yield


def batch_of(kind: str, variant: Variant):
    """Return a one-sheet batch of `kind` (a vote kind, "survey" or "idea")."""
    if kind == "survey":
        return survey_batch(variant=variant, size=1)
    if kind == "idea":
        return idea_batch(variant=variant, size=1)
    return vote_batch(VoteKind(kind), variant=variant, size=1)


def layout_of(batch) -> Layout:
    """Return the batch's layout as render_batch gives it."""
    _data, layout = pdf.render_batch(batch, codes(1))
    return Layout.from_dict(layout)


def on_step(value: float, origin: float, step: float) -> bool:
    """Whether `value` lies on the grid `origin + n · step`."""
    steps = (value - origin) / step
    return abs(steps - round(steps)) < 1e-6


@pytest.mark.parametrize("variant", list(Variant))
@pytest.mark.parametrize("kind", KINDS)
def test_layout_invariants(db, kind, variant):
    layout = layout_of(batch_of(kind, variant))
    assert layout.kind == ("vote" if kind in VoteKind._value2member_map_ else kind)
    page_area = layout.page_rect
    assert [page.number for page in layout.pages] == list(range(1, len(layout.pages) + 1))
    for page in layout.pages:
        assert page.qr.w >= 20 and page.qr.grown(layout.qr_quiet).inside(page_area)
        zones = layout.keep_clear(page.number)
        for box in page.boxes:
            assert box.rect.inside(page_area.grown(-10))
            assert not any(box.rect.grown(layout.clear).overlaps(zone) for zone in zones)
            assert on_step(box.x, layout.grid_x, layout.pitch), box
            assert on_step(box.y, layout.grid_y, layout.step), box
            assert box.size == layout.box_size
        for one, other in itertools.combinations(page.boxes, 2):
            assert not one.rect.grown(layout.clear - 1e-6).overlaps(other.rect), (one, other)
        for area in page.fields:
            assert area.rect.inside(page_area) and not any(area.rect.overlaps(z) for z in zones)


@pytest.mark.parametrize("kind", KINDS)
def test_markers_are_solid_8mm_squares_near_the_corners(db, kind):
    layout = layout_of(batch_of(kind, Variant.STANDARD))
    assert layout.marker_size == 8
    (left, top), (right, _), (_, bottom), _ = layout.markers
    assert len(layout.markers) == 4
    for x, y in layout.markers:
        assert 15 <= min(x, layout.width - x) <= 18 and 15 <= min(y, layout.height - y) <= 18
    assert left < right and top < bottom and layout.clear >= 5
    for one, other in itertools.combinations(layout.keep_clear(1), 2):
        assert not one.overlaps(other)


def ink(measure: Measure, text) -> Rect:
    """Return the area a line of text covers (from its ascenders to its descenders)."""
    width = measure.width(text.text, text.size, text.bold)
    size = text.size * PT
    return Rect(text.x, text.y - size * 0.95, width, size * 1.2)


def shape_area(shape) -> Rect:
    """Return the area a drawn shape covers."""
    if shape.kind == "line":
        x, y = min(shape.x, shape.w), min(shape.y, shape.h)
        return Rect(x, y, abs(shape.w - shape.x), abs(shape.h - shape.y)).grown(shape.stroke / 2)
    return Rect(shape.x, shape.y, shape.w, shape.h).grown(shape.stroke / 2)


def outline(shape, boxes: list[Rect]) -> bool:
    """Whether the shape is the outline of one of the boxes."""
    return shape.kind == "rect" and any(
        Rect(shape.x, shape.y, shape.w, shape.h).inside(b) for b in boxes
    )


@pytest.mark.parametrize("variant", [Variant.STANDARD, Variant.LARGE])
@pytest.mark.parametrize("kind", KINDS)
def test_nothing_else_is_printed_near_a_box_a_marker_or_the_qr_code(db, kind, variant):
    batch = batch_of(kind, variant)
    planner, measure = plan_of(batch), Measure(new_pdf())
    layout = layout_of(batch)
    for page in planner.pages:
        zones = layout.keep_clear(page.number)
        boxes = [box.rect for box in page.boxes]
        texts = [ink(measure, text) for text in page.texts]
        shapes = [shape_area(shape) for shape in page.shapes if not outline(shape, boxes)]
        for area in texts + shapes:
            assert not any(area.overlaps(zone) for zone in zones), area
            assert not any(area.overlaps(box.grown(layout.clear - 0.05)) for box in boxes), area
        assert page.code_text is not None and page.code_text.inside(layout.page_rect.grown(-20))


def test_large_print_has_bigger_boxes_and_no_text_under_16pt(db):
    standard = layout_of(vote_batch(VoteKind.SINGLE, size=1))
    for variant in (Variant.LARGE, Variant.EASY):
        batch = vote_batch(VoteKind.BUDGET, variant=variant, size=1)
        large = layout_of(batch)
        assert large.box_size >= 9 > standard.box_size == 6
        sizes = {text.size for page in plan_of(batch).pages for text in page.texts}
        assert min(sizes) >= 16
    assert (
        min(
            text.size
            for page in plan_of(survey_batch(variant=Variant.LARGE, size=1)).pages
            for text in page.texts
        )
        >= 16
    )


def test_the_layout_is_json_and_reads_back_alike(db):
    _data, stored = pdf.render_batch(survey_batch(size=1), codes(1))
    again = json.loads(json.dumps(stored))
    assert again == stored
    assert Layout.from_dict(again).to_dict() == stored


def test_the_ballots_boxes_in_sheet_order(db):
    batch = vote_batch(VoteKind.MULTIPLE, size=1)
    layout = layout_of(batch)
    boxes = boxes_for(layout)
    assert [(box.kind, box.option) for box in boxes] == [
        ("option", o.id) for o in batch.vote.options
    ] + [("abstain", None)]
    assert [box.label for box in boxes][:2] == [o.title for o in batch.vote.options][:2]
    assert all(box.group == "vote" for box in boxes)
    assert [box.y for box in boxes] == sorted(box.y for box in boxes)
    assert layout.groups[0].limit == 2 and layout.groups[0].kind == "multiple"
    assert boxes_for(layout, 1) == [box for box in boxes if box in layout.pages[0].boxes]


def test_qr_texts_name_the_code_and_page():
    assert qr_text("PN-7K3M-9Q2X-4") == "PN-7K3M-9Q2X-4"
    assert qr_text("PN-7K3M-9Q2X-4", 3) == "PN-7K3M-9Q2X-4/3"
    assert read_qr("PN-7K3M-9Q2X-4/3") == ("PN-7K3M-9Q2X-4", 3)
    assert read_qr("PN-7K3M-9Q2X-4") == ("PN-7K3M-9Q2X-4", 1)
