"""Scan import: ballots read from an uploaded scan count once, through the same path as
manual entry; anything uncertain, void or foreign is not counted; a file that cannot be read is
refused with a clear message; an interrupted job finishes later without counting twice."""

# ruff: noqa: F811
from __future__ import annotations

import io
from datetime import timedelta

import pytest

from participation.core.channels import Channel
from participation.core.models import utcnow
from participation.extensions import db
from participation.paper import registry, scan_jobs, scans
from participation.paper.models import EntryRole, PaperEntry, Sheet, SheetStatus
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanState, ScanUpload
from participation.votes.models import Ballot, BallotStatus, VoteKind
from participation.votes.tally import count
from tests.paper import entry_fixtures as fx
from tests.paper import scan_import_fixtures as sx
from tests.paper.entry_fixtures import ballot_form, enter
from tests.paper.scan_import_fixtures import (
    as_pdf,
    as_tiff,
    blank_page,
    print_ballots,
    upload,
)

clerks, in_request, make_paper_vote = fx.clerks, fx.in_request, fx.make_paper_vote
scan_folder = sx.scan_folder
pytestmark = pytest.mark.usefixtures("db", "in_request", "scan_folder")
P = ScanPageStatus


def statuses(upload: ScanUpload) -> list[tuple[ScanPageStatus, str | None]]:
    """Return each page's status and problem, in file order."""
    pages = db.session.query(ScanPage).filter_by(upload_id=upload.id).order_by(ScanPage.index)
    return [(page.status, page.problem) for page in pages]


def sheet_status(code: str) -> SheetStatus:
    """Return a sheet's state, read afresh."""
    return db.session.query(Sheet).filter_by(code=code).one().status


def paper_ballots(vote) -> list[Ballot]:
    """Return the vote's paper ballots."""
    return db.session.query(Ballot).filter_by(vote_id=vote.id, channel=Channel.PAPER).all()


def test_marked_ballots_are_counted_once_as_paper(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.SINGLE, double_entry=False)
    ballots = print_ballots(vote, 3)
    first, second = (option.id for option in vote.options[:2])
    pages = [ballots.marked(0, 0), ballots.marked(1, 1), ballots.marked(2)]
    done = upload(as_pdf(pages), clerks[0])
    assert done.state is ScanState.DONE
    assert (done.pages_total, done.pages_done, done.counted, done.review) == (3, 3, 3, 0)
    assert statuses(done) == [(P.COUNTED, None)] * 3
    assert all(sheet_status(code) is SheetStatus.COUNTED for code in ballots.codes)
    tally = count(vote)
    assert (tally.ballots.paper, tally.valid.paper, tally.invalid.paper) == (3, 2, 1)
    votes = {option.id: option.votes.paper for option in tally.options}
    assert (votes[first], votes[second]) == (1, 1)
    entries = db.session.query(PaperEntry).filter(PaperEntry.staff_id.is_(None)).all()
    assert {entry.role for entry in entries} == {EntryRole.FIRST} and len(entries) == 3
    assert {entry.marks["options"][0] for entry in entries if entry.marks["options"]} == {
        first,
        second,
    }


def test_the_same_scan_again_counts_nothing_twice(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 2)
    data = as_pdf([ballots.marked(0, 0), ballots.marked(1, 1)])
    upload(data, clerks[0])
    again = upload(data, clerks[0])
    assert statuses(again) == [(P.REFUSED, "counted")] * 2
    assert (again.counted, again.refused) == (0, 2)
    assert len(paper_ballots(vote)) == 2


def test_with_double_entry_the_scan_is_the_first_entry_and_staff_complete_it(
    make_paper_vote, clerks
):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=True)
    ballots = print_ballots(vote, 1)
    yes = vote.options[0].id
    data = as_pdf([ballots.marked(0, 0)])
    done = upload(data, clerks[0])
    assert statuses(done) == [(P.WAITING, None)] and done.waiting == 1
    code = ballots.codes[0]
    assert sheet_status(code) is SheetStatus.ENTERED and not paper_ballots(vote)
    again = upload(data, clerks[0])  # no second machine entry
    assert statuses(again) == [(P.WAITING, "scanned")]
    assert db.session.query(PaperEntry).count() == 1
    saved = enter(code, clerks[1], ballot_form(yes))
    assert (saved.role, saved.outcome) == (EntryRole.SECOND, "counted")
    assert [ballot.status for ballot in paper_ballots(vote)] == [BallotStatus.VALID]


def test_a_ballot_entered_by_hand_already_is_left_to_staff(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=True)
    ballots = print_ballots(vote, 1)
    enter(ballots.codes[0], clerks[0], ballot_form(vote.options[0].id))
    done = upload(as_pdf([ballots.marked(0, 0)]))
    assert statuses(done) == [(P.MANUAL, "entered")]
    assert db.session.query(PaperEntry).count() == 1


def test_blank_pages_void_codes_and_other_votes(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    other = make_paper_vote(VoteKind.SINGLE, double_entry=False)
    ours, theirs = print_ballots(vote, 2), print_ballots(other, 1)
    registry.void_sheet(db.session.query(Sheet).filter_by(code=ours.codes[1]).one(), None, "x")
    pages = [ours.marked(0, 1), blank_page(), ours.marked(1, 0), theirs.marked(0, 2)]
    done = upload(as_pdf(pages), clerks[0])
    assert statuses(done) == [
        (P.COUNTED, None),
        (P.NOT_A_SHEET, "blank"),
        (P.REFUSED, "void"),
        (P.COUNTED, None),
    ]
    assert (done.counted, done.refused, done.pages_done) == (2, 1, 4)
    assert len(paper_ballots(vote)) == 1 and len(paper_ballots(other)) == 1


def test_an_over_voted_ballot_goes_to_review_and_is_not_counted(make_paper_vote):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 1)
    done = upload(as_tiff([ballots.marked(0, 0, 1)]), name="scan.tif")
    assert statuses(done) == [(P.REVIEW, "marks")] and done.review == 1
    assert sheet_status(ballots.codes[0]) is SheetStatus.ISSUED and not paper_ballots(vote)
    page = db.session.query(ScanPage).one()
    assert page.sheet_id is not None and page.reading["status"] == "review"
    assert scans.problem_text(page)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "leer"),
        (b"GIF89a" + b"\0" * 64, "kein PDF"),
        (b"%PDF-1.7\n broken", "beschädigt"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "beschädigt"),
    ],
)
def test_files_that_cannot_be_read_are_refused_clearly(data, words, scan_folder):
    with pytest.raises(scans.ScanRefused) as refused:
        scans.accept(io.BytesIO(data), "scan.pdf", None)
    assert words in str(refused.value.message)
    assert db.session.query(ScanUpload).count() == 0
    assert not [path for path in (scan_folder / "scans").glob("*") if path.is_file()]


def test_too_many_pages_and_too_large_files_are_refused(app, monkeypatch):
    page = blank_page()
    monkeypatch.setitem(app.config, "SCAN_PAGES_MAX", 2)
    with pytest.raises(scans.ScanRefused) as refused:
        scans.accept(io.BytesIO(as_pdf([page] * 3)), "scan.pdf", None)
    assert "3 Seiten" in str(refused.value.message)
    monkeypatch.setitem(app.config, "SCAN_UPLOAD_MAX_MB", 0)
    with pytest.raises(scans.ScanRefused) as refused:
        scans.accept(io.BytesIO(as_pdf([page])), "scan.pdf", None)
    assert "zu groß" in str(refused.value.message)


def test_an_interrupted_job_finishes_later_without_counting_twice(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.SINGLE, double_entry=False)
    ballots = print_ballots(vote, 3)
    data = as_pdf([ballots.marked(0, 0), ballots.marked(1, 1), ballots.marked(2, 2)])
    accepted = scans.accept(io.BytesIO(data), "scan.pdf", clerks[0])
    db.session.commit()
    scans.requested_imports()
    assert scan_jobs.import_scans(accepted.id, limit=2) == "reading"  # killed after 2 pages
    stopped = db.session.get(ScanUpload, accepted.id)
    assert (stopped.pages_done, stopped.counted) == (2, 2)
    seen = []
    assert scan_jobs.import_scans(accepted.id, progress=seen.append) == "done"
    assert seen == [3]
    finished = db.session.get(ScanUpload, accepted.id)
    assert (finished.pages_done, finished.counted) == (3, 3)
    assert [index for (index,) in db.session.query(ScanPage.index).order_by(ScanPage.index)] == [
        0,
        1,
        2,
    ]
    assert len(paper_ballots(vote)) == 3
    assert scan_jobs.import_scans(accepted.id) == "done"  # a finished upload is left alone
    assert len(paper_ballots(vote)) == 3


def test_the_command_reads_files_with_a_progress_bar(app, make_paper_vote, tmp_path):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 2)
    path = tmp_path / "stapel.pdf"
    path.write_bytes(as_pdf([ballots.marked(0, 0), ballots.marked(1, 1)]))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["paper", "import-scans", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 pages, 2 counted" in result.output
    assert len(paper_ballots(vote)) == 2
    empty = tmp_path / "leer.pdf"
    empty.write_bytes(b"")
    result = app.test_cli_runner().invoke(args=["paper", "import-scans", str(empty)])
    assert result.exit_code != 0 and "leer" in result.output


def test_a_stalled_upload_is_resumed_by_the_command(app, make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 2)
    data = as_pdf([ballots.marked(0, 0), ballots.marked(1, 1)])
    accepted = scans.accept(io.BytesIO(data), "scan.pdf", clerks[0])
    db.session.commit()
    scans.requested_imports()
    assert scan_jobs.import_scans(accepted.id, limit=1) == "reading"  # its worker died
    runner = app.test_cli_runner()
    result = runner.invoke(args=["paper", "resume-scans"])
    assert "0 stalled uploads" in result.output  # a moment ago: it may still be reading
    stopped = db.session.get(ScanUpload, accepted.id)
    stopped.updated_at = utcnow() - scan_jobs.READING_STALLED_AFTER - timedelta(minutes=1)
    db.session.commit()
    result = runner.invoke(args=["paper", "resume-scans"])
    assert result.exit_code == 0 and "1 stalled uploads" in result.output, result.output
    finished = db.session.get(ScanUpload, accepted.id)
    assert finished.state is ScanState.DONE and (finished.pages_done, finished.counted) == (2, 2)
    assert len(paper_ballots(vote)) == 2
