"""The scan reader measured on synthetic scans (synthetic.py): sheets of every kind printed by
the real generator, marked in every style, scanned at 150, 200 and 300 dpi clean, skewed and
shifted, turned (sideways and upside down) and rough (blur, noise, JPEG). Required: no mark
is ever accepted wrongly (a box read as empty, crossed or filled is exactly that, a group
that needs a person is never accepted), no sheet code is ever wrong, and at most 5% of the
sheets filled in with a dark pen go to review. bench/omr.py prints the same figures for a
larger suite."""

# ruff: noqa: F811
from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from participation.paper.omr import Status, read_page
from tests.paper.omr.accuracy import compared
from tests.paper.omr.scan_fixtures import layouts, pages_of, printed  # noqa: F401
from tests.paper.omr.synthetic import SCANNERS, STYLES, scans

DPIS = (150, 200, 300)
DARK_PEN = ("pen", "corrections")
# Each variant reads one sheet of the next kind in turn, so the kinds are spread over the
# variants (60 sheets, about 130 pages).
KINDS = (
    "vote-single",
    "survey",
    "vote-multiple",
    "idea-large",
    "vote-yes_no",
    "vote-budget-easy",
    "survey-large",
    "idea",
    "vote-budget",
)


@pytest.fixture(scope="module")
def suite(printed):
    """Return (scan, reading, outcome) for every page of the suite."""
    layout_for, results = layouts(printed), []
    variants = [(d, s, style) for d in DPIS for s in SCANNERS for style in STYLES]
    for n, (dpi, scanner, style) in enumerate(variants):
        sheet = printed[KINDS[n % len(KINDS)]]
        pages = list(pages_of(sheet.data, dpi))
        rng = np.random.default_rng(n)
        for scan in scans(sheet, dpi, SCANNERS[scanner], style, rng, [n % 2], pages):
            reading = read_page(scan.image, layout_for, "PN")
            results.append((scan, reading, compared(scan, reading)))
    return results


def test_every_page_is_found_with_its_code(suite):
    assert len(suite) > 100
    for scan, reading, _ in suite:
        assert reading.status in (Status.READ, Status.REVIEW), (scan.dpi, scan.scanner)
        assert (reading.code, reading.page) == (scan.code, scan.page)


def test_no_mark_is_ever_accepted_wrongly(suite):
    wrong = [
        (scan.dpi, scan.scanner, scan.style, scan.code, scan.page, outcome)
        for scan, _, outcome in suite
        if outcome.wrong_boxes or outcome.wrong_groups
    ]
    assert wrong == []
    assert sum(outcome.boxes for _, _, outcome in suite) > 600


def test_no_sheet_code_is_ever_wrong(suite):
    assert not any(outcome.wrong_code for _, _, outcome in suite)


def test_what_needs_a_person_goes_to_review(suite):
    for scan, reading, _ in suite:
        if scan.unclear_groups:
            assert reading.status is Status.REVIEW
            unclear = {group.key for group in reading.groups if group.unclear}
            assert scan.unclear_groups <= unclear


def test_few_dark_pen_sheets_go_to_review(suite):
    review = defaultdict(bool)
    for scan, _, outcome in suite:
        if scan.style in DARK_PEN:
            review[(scan.dpi, scan.scanner, scan.style, scan.code)] |= outcome.review
    assert len(review) == len(DPIS) * len(SCANNERS) * len(DARK_PEN)
    assert sum(review.values()) <= 0.05 * len(review)
