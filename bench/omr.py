"""Measure the scan reader on synthetic scans: accuracy, review rate and speed; print tables.

    .venv/bin/python bench/omr.py [--sheets 2] [--dpi 150 200 300] [--scanner clean …]
                                  [--marks pen …] [--seed 1]

On a fresh SQLite database, a batch of every kind of sheet is printed by the real generator
(each vote kind, the example survey in standard and large print, idea cards, easy language),
rasterized with pypdfium2, marked and scanned by tests/paper/omr/synthetic.py, and read with
`participation.paper.omr.read_page` on one core (OpenCV held to one thread). Per variant
(dpi × scanner × mark style): sheets, pages, boxes, wrong accepts (a box read as empty,
crossed or filled that is not, or a group needing a person that was accepted), wrong codes,
sheets sent to review, and pages read per CPU second. Requirements: no wrong accept, no
wrong code, at most 5% of dark-pen sheets ("pen", "corrections") to review, ≥ 5 pages/s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from bench.report import bench_app, print_table  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.paper.omr import read_page  # noqa: E402
from tests.paper.omr.accuracy import compared  # noqa: E402
from tests.paper.omr.scan_fixtures import layouts, pages_of, print_all  # noqa: E402
from tests.paper.omr.synthetic import SCANNERS, STYLES, scans  # noqa: E402

DARK_PEN = ("pen", "corrections")
COLUMNS = ("dpi", "scanner", "marks", "sheets", "pages", "boxes", "wrong", "codes", "review")


class Variant:
    """The figures of one variant."""

    def __init__(self):
        self.sheets: dict[str, bool] = defaultdict(bool)  # code → sent to review
        self.pages = self.boxes = self.wrong = self.codes = 0
        self.seconds = 0.0
        self.examples: list[str] = []  # what was accepted wrongly

    def add(self, scan, reading, seconds: float) -> None:
        """Count one page."""
        outcome = compared(scan, reading)
        self.sheets[scan.code] |= outcome.review
        self.pages += 1
        self.boxes += outcome.boxes
        self.wrong += len(outcome.wrong_boxes) + len(outcome.wrong_groups)
        self.codes += int(outcome.wrong_code)
        self.seconds += seconds
        where = f"{scan.dpi} dpi {scan.scanner} {scan.style} {scan.code} p. {scan.page}"
        self.examples += [
            f"{where}: {wrong}" for wrong in outcome.wrong_boxes + outcome.wrong_groups
        ]

    def row(self, dpi: int, scanner: str, style: str) -> list[str]:
        """Return the variant's row of the table."""
        review = sum(self.sheets.values()) / max(1, len(self.sheets))
        speed = self.pages / self.seconds if self.seconds else 0.0
        counts = [len(self.sheets), self.pages, self.boxes, self.wrong, self.codes]
        return [str(dpi), scanner, style, *map(str, counts), f"{review:.0%}", f"{speed:.1f}"]


def measure(printed, args) -> dict:
    """Read every variant; return (dpi, scanner, style) → Variant."""
    layout_for, figures, sheets = layouts(printed), {}, args.sheets
    for dpi in args.dpi:
        for scanner in [SCANNERS[name] for name in args.scanner]:
            for style in args.marks:
                figures[(dpi, scanner.name, style)] = variant = Variant()
                rng = np.random.default_rng([args.seed, dpi, *variant_number(scanner.name, style)])
                for sheet in printed.values():
                    pages = list(pages_of(sheet.data, dpi))
                    for scan in scans(sheet, dpi, scanner, style, rng, list(range(sheets)), pages):
                        start = time.process_time()
                        reading = read_page(scan.image, layout_for, "PN")
                        variant.add(scan, reading, time.process_time() - start)
    return figures


def variant_number(scanner: str, style: str) -> tuple[int, int]:
    """Return the variant's place in SCANNERS and STYLES (the same scans for a subset)."""
    return list(SCANNERS).index(scanner), STYLES.index(style)


def print_grid(rows: list[list[str]]) -> None:
    """Print rows under COLUMNS and "pages/s", numbers right-aligned."""
    header = [*COLUMNS, "pages/s"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        cells = [
            c.ljust(w) if i < 3 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))


def totals(figures: dict) -> list[tuple[str, str]]:
    """Return the summary rows: the requirements' figures over all variants."""
    every = list(figures.values())
    pen = [v for (_, _, style), v in figures.items() if style in DARK_PEN]
    pen_sheets = sum(len(v.sheets) for v in pen)
    pen_review = sum(sum(v.sheets.values()) for v in pen)
    pages, seconds = sum(v.pages for v in every), sum(v.seconds for v in every)
    return [
        (
            "Sheets / pages / boxes read",
            f"{sum(len(v.sheets) for v in every):,} / {pages:,} / {sum(v.boxes for v in every):,}",
        ),
        ("Wrong accepts (boxes and groups)", str(sum(v.wrong for v in every))),
        ("Wrong sheet codes", str(sum(v.codes for v in every))),
        (
            "Dark-pen sheets sent to review",
            f"{pen_review} of {pen_sheets} ({pen_review / max(1, pen_sheets):.1%})",
        ),
        ("Pages per CPU second (one core)", f"{pages / seconds:.1f}"),
        ("CPU cores", str(os.cpu_count())),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=2, help="sheets per batch and variant")
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    parser.add_argument("--scanner", nargs="+", default=list(SCANNERS), choices=list(SCANNERS))
    parser.add_argument("--marks", nargs="+", default=list(STYLES), choices=list(STYLES))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    app = bench_app("omr")
    with app.app_context(), app.test_request_context():
        db.create_all()
        printed = print_all(seed=args.seed, sheets=args.sheets)
    wall = time.perf_counter()
    figures = measure(printed, args)
    print_grid([variant.row(*key) for key, variant in figures.items()])
    for line in [line for variant in figures.values() for line in variant.examples]:
        print("Wrong accept:", line)
    print()
    print_table([*totals(figures), ("Wall time, s", f"{time.perf_counter() - wall:.0f}")])


if __name__ == "__main__":
    main()
