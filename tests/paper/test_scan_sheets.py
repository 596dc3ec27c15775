"""Survey sheets (and every sheet of several pages) from scans: a sheet is judged once all its
pages are read, counted when every page is certain and nothing is written on its lines,
otherwise reviewed as a whole; a sheet whose other pages never came waits for review."""

# ruff: noqa: F811
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from werkzeug.datastructures import MultiDict

from participation.core.channels import Channel
from participation.extensions import db
from participation.paper import batches, registry, scan_review
from participation.paper.layout import Layout
from participation.paper.models import EntrySource, PaperBatch, PaperEntry, SheetKind, SheetStatus
from participation.paper.scan_models import ScanPage, ScanPageStatus
from participation.surveys.models import Response
from participation.surveys.seed import DIGITAL_OFFERS, build_survey
from tests.paper import entry_fixtures as fx
from tests.paper import scan_import_fixtures as sx
from tests.paper.omr.scan_fixtures import crossed
from tests.paper.omr.synthetic import Printed, rasterized
from tests.paper.scan_import_fixtures import DPI, as_pdf, upload
from tests.paper.test_scans import sheet_status, statuses

clerks, in_request = fx.clerks, fx.in_request
scan_folder = sx.scan_folder
pytestmark = pytest.mark.usefixtures("db", "in_request", "scan_folder")
P = ScanPageStatus
MARKS_ONLY = {**DIGITAL_OFFERS, "sections": DIGITAL_OFFERS["sections"][:2]}


@dataclass
class Sheets:
    """Printed survey sheets: codes, layout, and every page image in print order."""

    code: str
    layout: Layout
    pages: list[np.ndarray]

    def marked(self, other: bool = False) -> list[np.ndarray]:
        """Return the sheet's pages with one valid answer crossed per question (and the box
        "Sonstiges" too, when `other`)."""
        plan = answers(self.layout, other)
        printed = Printed(b"", self.layout, [self.code])
        return [
            crossed(image.copy(), printed, number, plan.get(number, []), dpi=DPI)
            for number, image in enumerate(self.pages, start=1)
        ]


def print_survey(survey, count: int = 1) -> Sheets:
    """Print one response sheet of the survey with the real generator."""
    batch = PaperBatch(kind=SheetKind.SURVEY, survey_id=survey.id, size=count)
    db.session.add(batch)
    db.session.flush()
    registry.register_sheets(batch)
    path = batches.make_pdf(batch)
    layout = Layout.from_dict(batch.layout)
    images = rasterized(path.read_bytes(), DPI)[: len(layout.pages)]
    return Sheets(batches.codes_of(batch)[0], layout, images)


def answers(layout: Layout, other: bool) -> dict[int, list[int]]:
    """Return, per page, the indexes of boxes to cross: the first answer of each question,
    the first point of each matrix row, places 1, 2 … for the items of a ranking."""
    chosen: dict[int, list[int]] = {}
    seen: set = set()
    for page in layout.pages:
        for index, box in enumerate(page.boxes):
            if wanted(box, seen, other):
                chosen.setdefault(page.number, []).append(index)
    return chosen


def wanted(box, seen: set, other: bool) -> bool:
    """Whether to cross this box (see `answers`); `seen` remembers what is answered."""
    if box.kind == "other":
        return other
    if box.kind == "rank":
        key = ("rank", box.group, box.option)
        place = len({k for k in seen if k[:2] == ("rank", box.group)}) + 1
        if key in seen or box.value != place:
            return False
    else:
        key = (box.group, box.option if box.kind == "point" else None)
        if key in seen:
            return False
    seen.add(key)
    return True


def paper_responses(survey) -> list[Response]:
    """Return the survey's responses from paper."""
    return db.session.query(Response).filter_by(survey_id=survey.id, channel=Channel.PAPER).all()


@pytest.fixture()
def survey(db):
    """An open survey whose questions are answered with crosses only (over two pages)."""
    survey = build_survey(MARKS_ONLY)
    survey.paper_double_entry = False
    db.session.flush()
    return survey


def test_a_survey_sheet_with_clear_crosses_is_counted_once_all_pages_are_read(survey, clerks):
    sheets = print_survey(survey)
    assert len(sheets.layout.pages) > 1
    done = upload(as_pdf(sheets.marked()), clerks[0])
    assert statuses(done) == [(P.COUNTED, None)] * len(sheets.pages)
    assert (done.counted, done.waiting, done.review) == (len(sheets.pages), 0, 0)
    assert sheet_status(sheets.code) is SheetStatus.COUNTED
    [response] = paper_responses(survey)
    assert {a.question_id for a in response.answers} == {q.id for q in survey.questions()}
    entry = db.session.query(PaperEntry).one()
    assert (entry.staff_id, entry.source) == (None, EntrySource.SCAN)
    again = upload(as_pdf(sheets.marked()), clerks[0])
    assert {status for status, _problem in statuses(again)} == {P.REFUSED}
    assert len(paper_responses(survey)) == 1


def test_pages_in_any_order_and_files_count_the_sheet_once(survey, clerks):
    sheets = print_survey(survey)
    pages = sheets.marked()
    first = upload(as_pdf(pages[1:]), clerks[0])  # the later pages come first
    assert {status for status, _problem in statuses(first)} == {P.INCOMPLETE}
    assert first.waiting == len(pages) - 1 and not paper_responses(survey)
    assert [page.code for page in db.session.scalars(scan_review.queue_query())] == [sheets.code]
    second = upload(as_pdf(pages[:1]), clerks[0])
    assert statuses(second) == [(P.COUNTED, None)]
    assert statuses(first) == [(P.COUNTED, None)] * (len(pages) - 1)
    assert (first.counted, first.waiting) == (len(pages) - 1, 0)
    assert len(paper_responses(survey)) == 1
    assert not list(db.session.scalars(scan_review.queue_query()))


def test_a_sheet_whose_other_pages_never_came_is_reviewed_with_what_is_there(survey, clerks):
    sheets = print_survey(survey)
    pages = sheets.marked()
    done = upload(as_pdf(pages[:1]), clerks[0])
    assert statuses(done) == [(P.INCOMPLETE, "pages")]
    [page] = db.session.scalars(scan_review.queue_query())
    review = scan_review.load(page.id, clerks[1])
    assert review.missing == tuple(range(2, len(pages) + 1))
    assert review.values  # what the first page says is filled in
    form = MultiDict([(name, value) for name, items in review.values.items() for value in items])
    saved = scan_review.decide(page.id, review.task.role.value, form, clerks[1])
    assert saved.outcome == "counted" and statuses(done) == [(P.COUNTED, None)]
    assert len(paper_responses(survey)) == 1


def test_a_crossed_other_box_needs_its_line_typed(survey, clerks):
    sheets = print_survey(survey)
    done = upload(as_pdf(sheets.marked(other=True)), clerks[0])
    assert statuses(done)[-1] == (P.REVIEW, "text")
    assert not paper_responses(survey)
    [page] = db.session.scalars(scan_review.queue_query())
    review = scan_review.load(page.id, clerks[1])
    question = next(q for q in survey.questions() if q.allow_other)
    assert "other" in review.values[f"q{question.id}"]
    form = MultiDict([(name, value) for name, items in review.values.items() for value in items])
    form.add(f"q{question.id}-other", "Bürgerhaushalt online")
    saved = scan_review.decide(page.id, review.task.role.value, form, clerks[1])
    assert saved.outcome == "counted"
    [response] = paper_responses(survey)
    texts = [answer.value_text for answer in response.answers if answer.value_text]
    assert "Bürgerhaushalt online" in texts


def test_a_sheet_with_lines_to_write_on_always_goes_to_review(clerks, db):
    survey = build_survey()
    survey.paper_double_entry = False
    db.session.flush()
    sheets = print_survey(survey)
    done = upload(as_pdf(sheets.marked()), clerks[0])
    assert statuses(done) == [(P.REVIEW, "text")] * len(sheets.pages)  # reviewed as a whole
    assert done.review == len(sheets.pages) and done.waiting == 0
    assert not paper_responses(survey)
    assert db.session.query(ScanPage).filter_by(status=P.REVIEW).count() >= 1
    assert scan_review.queue_count() == 1  # one sheet, however many of its pages wait
