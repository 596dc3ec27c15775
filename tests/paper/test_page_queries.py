"""The paper pages that list rows run as many SQL statements in a world six times as big: a
batch's sheets, the entry screens with their subjects, the sheets waiting for a decision and one
of them side by side, a survey's paper page, the scanned files and the pages of one. The batch
list, a sheet's history, a vote's paper page, the hand-out list and the review queue have
query tests of their own (test_paper_pages*.py, test_subject_paper.py, test_handout_pages.py,
test_scan_review_pages.py); a scanned page's review is tested with 3 and 18 boxes."""
# ruff: noqa: F811  (the fixtures imported from batch_fixtures are test arguments here)

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.core.permissions import Role
from participation.paper.models import Sheet, SheetKind, SheetStatus
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanState, ScanUpload
from participation.surveys.seed import build_survey
from participation.votes.seed import build_vote
from tests.pagequeries import assert_flat, page_statements
from tests.paper.batch_fixtures import (  # noqa: F401 - fixtures used by name
    fake_pdf,
    make_batch,
    move_to,
    paper_folder,
    staff,
)
from tests.paper.entry_fixtures import ballot_form, enter, make_sheets
from tests.paper.scan_import_fixtures import (  # noqa: F401 - scan_folder: a fixture
    as_pdf,
    print_ballots,
    scan_folder,
    upload,
)
from tests.votes.test_page_queries import spec as vote_spec

SMALL, LARGE = 1, 6
OPEN = {"opens_in": timedelta(days=-1)}


def compare(client, db, build, path: str) -> list[list[str]]:
    """Return the statements of `path` (formatted with what `build(size)` returns) for the
    small and the large world."""
    return [
        page_statements(client, db.engine, path.format(**build(size))) for size in (SMALL, LARGE)
    ]


def paper_vote(options: int = 2):
    """An open multiple-choice vote of `options` options, entered twice on paper."""
    vote = build_vote(vote_spec(options), **OPEN)
    vote.paper_double_entry = True
    return vote


def disputed(app, vote, clerks, count: int) -> list[str]:
    """Register `count` ballots of the vote that two clerks read differently; return codes."""
    codes = make_sheets(vote, count)
    first, second = (option.id for option in vote.options[:2])
    with app.test_request_context():
        for code in codes:
            enter(code, clerks[0], ballot_form(first))
            enter(code, clerks[1], ballot_form(second))
    return codes


@pytest.fixture()
def clerks(make_user):
    """Two staff members who enter sheets."""
    return [make_user(roles=(Role.STAFF,)) for _ in range(2)]


def test_a_batch_with_its_sheets(client, db, login_as, make_batch, make_user):
    login_as(Role.STAFF)

    def build(size: int) -> dict:
        batch = make_batch(size * 2, SheetKind.VOTE, paper_vote())
        statuses = [SheetStatus.RETURNED, SheetStatus.ENTERED]
        for number, sheet in enumerate(batch.sheets):
            if number % 2:  # every other sheet came back, some of them entered
                move_to(sheet, statuses[number % 4 // 2], make_user())
        db.session.flush()
        return {"id": batch.id}

    small, large = compare(client, db, build, "/paper/batches/{id}")
    assert_flat(small, large, 10)


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/paper/entry/", 10),
        ("/paper/entry/votes/{vote}", 10),
        ("/paper/entry/surveys/{survey}", 10),
        ("/paper/entry/arbitration", 10),
        ("/paper/surveys/{survey}", 12),
    ],
)
def test_the_entry_screens_and_the_waiting_sheets(app, client, db, login_as, clerks, path, most):
    login_as(Role.STAFF)

    def build(size: int) -> dict:
        for _ in range(size):
            vote, survey = paper_vote(), build_survey(**OPEN)
            disputed(app, vote, clerks, size)
            make_sheets(vote, size * 2)
            make_sheets(survey, size * 2)
        return {"vote": vote.id, "survey": survey.id}

    small, large = compare(client, db, build, path)
    assert_flat(small, large, most)


def test_a_sheet_to_decide_side_by_side(app, client, db, login_as, clerks):
    login_as(Role.STAFF)

    def build(size: int) -> dict:
        disputed(app, paper_vote(size * 2), clerks, 1)  # a ballot of 2 or 12 options
        return {"id": sheet_of(db)}

    small, large = compare(client, db, build, "/paper/entry/arbitration/{id}")
    assert_flat(small, large, 16)


def sheet_of(db) -> int:
    """Return the id of the newest sheet."""
    return db.session.scalar(select(func.max(Sheet.id)))


def scanned(db, uploader, pages: int) -> ScanUpload:
    """A read upload of `pages` pages: counted, for review and unknown ones in turn."""
    upload = ScanUpload(
        created_by_id=uploader.id,
        original_name="stapel.pdf",
        sha256="0" * 64,
        file_type="pdf",
        pages_total=pages,
        pages_done=pages,
        state=ScanState.DONE,
    )
    db.session.add(upload)
    db.session.flush()
    statuses = [ScanPageStatus.COUNTED, ScanPageStatus.REVIEW, ScanPageStatus.REFUSED]
    for index in range(pages):
        status = statuses[index % 3]
        problem = "unknown_code" if status is ScanPageStatus.REFUSED else None
        db.session.add(
            ScanPage(upload_id=upload.id, index=index, status=status, problem=problem, code=None)
        )
    db.session.flush()
    return upload


@pytest.mark.parametrize(("path", "most"), [("/paper/scans/", 11), ("/paper/scans/{id}", 10)])
def test_the_scanned_files_and_their_pages(client, db, login_as, make_user, path, most):
    login_as(Role.STAFF)

    def build(size: int) -> dict:
        uploads = [scanned(db, make_user(roles=(Role.STAFF,)), size * 3) for _ in range(size)]
        return {"id": uploads[-1].id}

    small, large = compare(client, db, build, path)
    assert_flat(small, large, most)


def test_a_scanned_page_to_review_with_its_boxes(app, client, db, login_as, scan_folder):
    login_as(Role.STAFF)

    def build(size: int) -> dict:
        with app.test_request_context():
            vote = build_vote(vote_spec(size * 3), **OPEN)  # 3 or 18 boxes
            ballots = print_ballots(vote, 1)
            done = upload(as_pdf([ballots.marked(0, 0, 1, 2)]))  # over-voted: to review
        page = db.session.scalar(select(ScanPage).where(ScanPage.upload_id == done.id))
        assert page.status is ScanPageStatus.REVIEW
        return {"id": page.id}

    small, large = compare(client, db, build, "/paper/scans/review/{id}")
    assert_flat(small, large, 16)
