"""The print job with the real renderer (pdf.py): the stored PDF has a page per sheet in the
order of the codes, each page showing its own code, and the layout is kept on the batch."""

# ruff: noqa: F811  (the fixtures imported from batch_fixtures are test arguments here)
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from participation.paper import batches, jobs
from participation.paper.models import BatchState, PaperBatch, SheetKind, Variant
from tests.paper.batch_fixtures import paper_folder, staff, survey, vote  # noqa: F401

pytest.importorskip("participation.paper.pdf")


def make(db, staff, kind, subject, size, **options) -> PaperBatch:
    """Create and commit a batch as the printing page does."""
    batch = batches.create_batch(kind, subject, size, staff=staff, **options)
    db.session.commit()
    batches.requested_prints()
    return batch


def stored(db, batch_id: int) -> PaperBatch:
    """Return the batch as stored."""
    db.session.expire_all()
    return db.session.get(PaperBatch, batch_id)


def pages_of(paper_folder, batch: PaperBatch) -> list[str]:
    """Return the text of each page of the batch's PDF."""
    reader = PdfReader(io.BytesIO((paper_folder / batch.file_name).read_bytes()))
    return [page.extract_text() for page in reader.pages]


def test_a_ballot_batch_has_a_page_per_code(db, staff, vote, paper_folder):
    batch = make(db, staff, SheetKind.VOTE, vote, 6, variant=Variant.LARGE)
    codes = batches.codes_of(batch)
    told = []
    assert jobs.print_batch(batch.id, told.append) == "ready"
    batch = stored(db, batch.id)
    texts = pages_of(paper_folder, batch)
    assert len(texts) == 6 and (batch.state, batch.printed) == (BatchState.READY, 6)
    for text, code in zip(texts, codes, strict=True):
        assert code in text and vote.title[:20] in text
    assert told == list(range(1, 7))
    assert batch.layout["kind"] == "vote" and batch.layout["variant"] == "large"


def test_a_survey_sheet_of_several_pages_counts_as_one_sheet(db, staff, survey, paper_folder):
    batch = make(db, staff, SheetKind.SURVEY, survey, 3)
    told = []
    assert jobs.print_batch(batch.id, told.append) == "ready"
    batch = stored(db, batch.id)
    per_sheet = len(batch.layout["pages"])
    assert len(pages_of(paper_folder, batch)) == 3 * per_sheet
    assert batch.printed == 3 and max(told) == 3 and told == sorted(told)


def test_idea_cards_in_english(db, staff, paper_folder):
    batch = make(db, staff, SheetKind.IDEA, None, 2, locale="en")
    assert jobs.print_batch(batch.id) == "ready"
    assert len(pages_of(paper_folder, stored(db, batch.id))) >= 2
