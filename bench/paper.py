"""Measure printing paper sheets: registering a batch's codes and drawing its PDF; print a table.

    .venv/bin/python bench/paper.py [--sheets 1000]

On a fresh SQLite database: for a yes/no ballot, a budget ballot (standard and large print), the
example survey and blank idea cards, a batch of N sheets is created as staff would (every code
registered in one transaction), then its PDF is drawn as the print job does. Prints wall and CPU
seconds, pages and the PDF's size for each.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import print_table  # noqa: E402
from participation import create_app  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.paper import pdf, registry  # noqa: E402
from participation.paper.models import PaperBatch, SheetKind, Variant  # noqa: E402
from participation.surveys.seed import build_survey  # noqa: E402
from participation.votes.models import VoteKind  # noqa: E402
from participation.votes.seed import EXAMPLES, build_vote  # noqa: E402


def subjects() -> list[tuple[str, dict]]:
    """Return (name, batch columns) of the batches to print."""
    yes_no, budget = build_vote(EXAMPLES[VoteKind.YES_NO]), build_vote(EXAMPLES[VoteKind.BUDGET])
    survey = build_survey()
    db.session.commit()
    vote = {"kind": SheetKind.VOTE}
    return [
        ("Yes/no ballot, standard", {**vote, "vote_id": yes_no.id}),
        ("Yes/no ballot, large print", {**vote, "vote_id": yes_no.id, "variant": Variant.LARGE}),
        ("Budget ballot, standard", {**vote, "vote_id": budget.id}),
        ("Budget ballot, easy language", {**vote, "vote_id": budget.id, "variant": Variant.EASY}),
        ("Survey sheet, standard", {"kind": SheetKind.SURVEY, "survey_id": survey.id}),
        ("Idea card, standard", {"kind": SheetKind.IDEA}),
    ]


def measure(name: str, columns: dict, sheets: int) -> list[tuple[str, str]]:
    """Create and print one batch; return its rows."""
    start = time.perf_counter()
    batch = PaperBatch(size=sheets, locale="de", **{"variant": Variant.STANDARD, **columns})
    db.session.add(batch)
    db.session.flush()
    codes = registry.register_sheets(batch)
    db.session.commit()
    registered = time.perf_counter() - start
    wall, cpu = time.perf_counter(), time.process_time()
    data, layout = pdf.render_batch(db.session.get(PaperBatch, batch.id), codes)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pages = len(layout["pages"]) * sheets
    return [
        (f"{name}: register {sheets:,} codes, s", f"{registered:.2f}"),
        (f"{name}: PDF, s wall / CPU", f"{wall:.1f} / {cpu:.1f}"),
        (f"{name}: pages, MB", f"{pages:,}, {len(data) / 1_000_000:.1f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-paper-")
    app = create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.db",
        REDIS_URL=None,
        SERVER_NAME="bench.example",
    )
    logging.disable(logging.WARNING)  # fpdf2 and the request log
    rows = [("Sheets per batch", f"{args.sheets:,}"), ("CPU cores", f"{os.cpu_count()}")]
    with app.app_context(), app.test_request_context():
        db.create_all()
        for name, columns in subjects():
            rows += measure(name, columns, args.sheets)
    print_table(rows)


if __name__ == "__main__":
    main()
