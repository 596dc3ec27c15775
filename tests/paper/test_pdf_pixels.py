"""The printed page, rasterized, is where the layout says: solid markers at the corners, a box
outline at every box with a white inside, nothing printed in the clear space around a box."""

from __future__ import annotations

import pytest

from participation.paper.layout import Rect
from participation.paper.models import Variant
from participation.votes.models import VoteKind
from tests.paper.pdf_fixtures import (
    covered,
    darkest,
    darkness,
    idea_batch,
    render,
    survey_batch,
    vote_batch,
)


@pytest.fixture(autouse=True)
def request_context(app):
    """A request, as when staff print a batch."""
    with app.test_request_context():
        yield


def batches(kind: str, variant: Variant):
    """Return a one-sheet batch of `kind` (a vote kind, "survey" or "idea")."""
    if kind == "survey":
        return survey_batch(variant=variant, size=1)
    if kind == "idea":
        return idea_batch(variant=variant, size=1)
    return vote_batch(VoteKind(kind), variant=variant, size=1)


def edges(rect: Rect) -> list[Rect]:
    """Return thin strips along the four sides of `rect`, over its edge."""
    x, y, w, h, t, inset = rect.x, rect.y, rect.w, rect.h, 1.0, 0.3
    return [
        Rect(x + 1, y + inset - t / 2, w - 2, t),  # top
        Rect(x + 1, y + h - inset - t / 2, w - 2, t),  # bottom
        Rect(x + inset - t / 2, y + 1, t, h - 2),  # left
        Rect(x + w - inset - t / 2, y + 1, t, h - 2),  # right
    ]


def ring(rect: Rect, inner: float, outer: float) -> list[Rect]:
    """Return four strips covering the band between `inner` and `outer` mm around `rect`."""
    big, width = rect.grown(outer), outer - inner
    return [
        Rect(big.x, big.y, big.w, width),
        Rect(big.x, big.y + big.h - width, big.w, width),
        Rect(big.x, big.y, width, big.h),
        Rect(big.x + big.w - width, big.y, width, big.h),
    ]


KINDS = [kind.value for kind in VoteKind] + ["survey", "idea"]


@pytest.mark.parametrize("variant", [Variant.STANDARD, Variant.LARGE])
@pytest.mark.parametrize("kind", KINDS)
def test_markers_and_boxes_are_printed_where_the_layout_says(db, kind, variant):
    printed = render(batches(kind, variant))
    layout = printed.layout
    for page, image in zip(layout.pages, printed.images(), strict=True):
        for marker in layout.marker_rects():
            assert darkness(image, marker.grown(-1)) > 0.95  # solid
            for strip in ring(marker, 0.6, layout.clear - 0.5):
                assert darkest(image, strip) < 0.25  # clear space around it
        for box in page.boxes:
            for strip in edges(box.rect):
                assert covered(image, strip) > 0.95, (kind, box)  # the outline
            assert darkest(image, box.rect.grown(-1.2)) < 0.25  # white inside
            for strip in ring(box.rect, 0.7, layout.clear - 0.3):
                assert darkest(image, strip) < 0.25, (kind, box)  # nothing near it


def test_the_qr_code_is_where_the_layout_says(db):
    printed = render(vote_batch(VoteKind.YES_NO, size=1))
    layout, image = printed.layout, printed.images()[0]
    qr = layout.pages[0].qr
    assert qr.w >= 20 and qr.w == qr.h
    assert 0.3 < darkness(image, qr) < 0.8  # a pattern, not empty and not solid
    for corner in (Rect(qr.x, qr.y, 6.5, 6.5), Rect(qr.x + qr.w - 6.5, qr.y, 6.5, 6.5)):
        assert darkness(image, corner) > 0.5  # the finder patterns
    for strip in ring(qr, 0.3, layout.qr_quiet - 0.3):
        assert darkest(image, strip) < 0.25  # the quiet zone


def test_a_box_drawn_elsewhere_would_be_noticed(db):
    printed = render(vote_batch(VoteKind.SINGLE, size=1))
    box, image = printed.layout.pages[0].boxes[0], printed.images()[0]
    moved = Rect(box.x + 2.5, box.y, box.size, box.size)
    assert min(covered(image, strip) for strip in edges(moved)) < 0.5
