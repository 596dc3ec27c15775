"""Sizes of a printed sheet per variant: fonts, boxes, the grid, the page's fixed places (mm)."""

from __future__ import annotations

from dataclasses import dataclass

from participation.paper.models import Variant

PT = 25.4 / 72  # one typographic point in millimetres
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
MARKER_SIZE = 8.0
MARKER_INSET = 16.0  # centre of each corner marker from both edges
CLEAR = 5.0  # blank space around every box and marker
LEFT, RIGHT = 20.0, 190.0  # the content column
TOP, BOTTOM = 27.0, 268.0  # below/above the markers' clear zones
QR_SIZE = 24.0
QR_X, QR_Y = RIGHT - QR_SIZE, 30.0
QR_QUIET = 4.0  # four modules of a 25-module code
FOOTER_BASELINE = PAGE_HEIGHT - MARKER_INSET + 1.5


@dataclass(frozen=True)
class Style:
    """Fonts (pt) and sizes (mm) for one variant."""

    body: float  # running text
    small: float  # hints under a question (never below 16 pt in large print)
    heading: float  # question texts and section headings
    title: float
    code: float  # the sheet code next to the QR code
    box: float
    line_gap: float  # distance of ruled writing lines
    stroke: float  # box outline

    @property
    def pitch(self) -> float:
        """Return the grid's step: a box and the clear space after it."""
        return self.box + CLEAR

    @property
    def step(self) -> float:
        """Return the grid's vertical step: half a pitch (rows of boxes stay a pitch apart)."""
        return self.pitch / 2

    def line_height(self, size: float) -> float:
        """Return the height of one line of text at `size` pt."""
        return size * PT * 1.3


STANDARD = Style(body=11, small=10, heading=12, title=16, code=18, box=6, line_gap=9, stroke=0.4)
LARGE = Style(body=16, small=16, heading=17, title=21, code=22, box=9, line_gap=12, stroke=0.6)
STYLES = {Variant.STANDARD: STANDARD, Variant.LARGE: LARGE, Variant.EASY: LARGE}


def style_of(variant: Variant | str) -> Style:
    """Return the style of a batch variant."""
    return STYLES[Variant(variant)]


def markers() -> list[tuple[float, float]]:
    """Return the centres of the four corner markers: top-left, top-right, bottom-left, -right."""
    near, far_x, far_y = MARKER_INSET, PAGE_WIDTH - MARKER_INSET, PAGE_HEIGHT - MARKER_INSET
    return [(near, near), (far_x, near), (near, far_y), (far_x, far_y)]
