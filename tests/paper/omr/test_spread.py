"""One line is not a cross: the ink of a cross spreads in two directions. A partial fill along
one diagonal (like a single thick stroke) once passed every other test of a cross."""

from __future__ import annotations

import cv2
import numpy as np

from participation.paper.omr.boxes import BoxState, Measures, judged, spread


def drawn(*lines) -> np.ndarray:
    """Return a 40 × 40 ink mask with these lines (x0, y0, x1, y1) 3 px wide."""
    ink = np.zeros((40, 40), np.uint8)
    for x0, y0, x1, y1 in lines:
        cv2.line(ink, (x0, y0), (x1, y1), 1, 3)
    return ink.astype(bool)


def test_crosses_spread_and_single_strokes_do_not():
    assert spread(drawn((2, 2, 37, 37), (37, 2, 2, 37))) > 0.8  # an X
    assert spread(drawn((20, 2, 20, 37), (2, 20, 37, 20))) > 0.8  # a +
    assert 0.05 < spread(drawn((4, 22, 14, 34), (14, 34, 36, 4))) < 0.15  # a tick: review
    assert spread(drawn((2, 2, 37, 37))) < 0.05  # a slash
    assert spread(np.zeros((40, 40), bool)) == 0.0


def test_a_band_along_one_diagonal_is_unclear_not_crossed():
    band = Measures(4, 0.742, 0.424, 0.571, 0.25, 0.139, 0.0, 0.0, 0.0, 4, 0.787, 0.069)
    assert judged(band) == (BoxState.UNCLEAR, "partial")
    cross = Measures(4, 0.742, 0.3, 0.4, 0.1, 0.05, 0.0, 0.0, 0.0, 4, 0.5, 0.9)
    assert judged(cross) == (BoxState.CROSSED, None)
