"""The scan review: sheets the reader was unsure of wait in a queue; staff decide with the page
and the crops of the unclear boxes in view, and the decision counts through the manual entry
path (the scan as first entry where double entry is on). Pages whose code could not be read
are matched by typing the code; sheets of several pages are judged as a whole."""

# ruff: noqa: F811
from __future__ import annotations

import numpy as np
import pytest
from werkzeug.datastructures import MultiDict

from participation.core.audit import AuditEntry
from participation.extensions import db
from participation.paper import registry, scan_review
from participation.paper.models import EntryRole, EntrySource, PaperEntry, Sheet, SheetStatus
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanUpload
from participation.votes.models import BallotStatus, VoteKind
from tests.paper import entry_fixtures as fx
from tests.paper import scan_import_fixtures as sx
from tests.paper.entry_fixtures import ballot_form, enter
from tests.paper.omr import ink
from tests.paper.scan_import_fixtures import DPI, as_pdf, print_ballots, upload
from tests.paper.test_scans import paper_ballots, sheet_status, statuses

clerks, in_request, make_paper_vote = fx.clerks, fx.in_request, fx.make_paper_vote
scan_folder = sx.scan_folder
pytestmark = pytest.mark.usefixtures("db", "in_request", "scan_folder")
P = ScanPageStatus


def penciled(image: np.ndarray, ballots, box_index: int) -> np.ndarray:
    """Draw a faint pencil cross into a box of a ballot page (the reader is unsure of it)."""
    box = ballots.layout.pages[0].boxes[box_index]
    patch = ink.patch_for(image, box, DPI / 25.4, 1.5)
    rng = np.random.default_rng(7)
    ink.cross(patch, rng, box, 0.4)
    patch.lay(0.22, grain=rng)
    return image


def without_code(image: np.ndarray, ballots) -> np.ndarray:
    """Paint the page's QR code over (a coffee stain, a torn corner)."""
    qr = ballots.layout.pages[0].qr.grown(1)
    scale = DPI / 25.4
    top, left = round(qr.y * scale), round(qr.x * scale)
    image[top : top + round(qr.h * scale), left : left + round(qr.w * scale)] = 240
    return image


def queued() -> list[ScanPage]:
    """Return the pages in the review queue."""
    return list(db.session.scalars(scan_review.queue_query()))


def decide(page: ScanPage, staff, form: MultiDict):
    """Decide on a page's sheet as `staff`, with the role the form would be shown for."""
    review = scan_review.load(page.id, staff)
    return scan_review.decide(page.id, review.task.role.value, form, staff)


def test_an_over_voted_ballot_is_decided_in_review_and_counted_once(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 1)
    done = upload(as_pdf([ballots.marked(0, 0, 1)]), clerks[0])
    [page] = queued()
    review = scan_review.load(page.id, clerks[1])
    assert review.task.role is EntryRole.FIRST and review.refusal is None
    assert [item.index for item in review.unclear] == [0, 1, 2]  # yes, no, abstain
    assert {item.group_reason for item in review.unclear} == {"over"}
    yes, no = (str(option.id) for option in vote.options)
    assert sorted(review.values["mark"]) == sorted([yes, no])  # as the machine read them
    saved = decide(page, clerks[1], ballot_form(yes))
    assert (saved.outcome, saved.ballot.status) == ("counted", BallotStatus.VALID)
    entry = db.session.query(PaperEntry).one()
    assert (entry.staff_id, entry.source) == (clerks[1].id, EntrySource.REVIEW)
    assert statuses(done) == [(P.COUNTED, None)] and (done.counted, done.review) == (1, 0)
    assert sheet_status(ballots.codes[0]) is SheetStatus.COUNTED and not queued()
    assert len(paper_ballots(vote)) == 1
    audit = db.session.query(AuditEntry).filter_by(action="paper.scan_reviewed").one()
    assert audit.actor_id == clerks[1].id and "options" not in str(audit.after)
    with pytest.raises(scan_review.ReviewProblem):  # decided: nothing more to review
        decide(page, clerks[2], ballot_form(no))


def test_an_over_vote_confirmed_in_review_counts_as_invalid(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 1)
    upload(as_pdf([ballots.marked(0, 0, 1)]), clerks[0])
    [page] = queued()
    review = scan_review.load(page.id, clerks[1])
    saved = decide(page, clerks[1], MultiDict([("mark", v) for v in review.values["mark"]]))
    assert (saved.ballot.status, saved.ballot.reason) == (BallotStatus.INVALID, "over")


def test_with_double_entry_the_scan_is_first_and_the_review_completes_it(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.MULTIPLE, double_entry=True)
    ballots = print_ballots(vote, 1)
    image = penciled(ballots.marked(0, 0), ballots, 2)
    done = upload(as_pdf([image]), clerks[0])
    assert statuses(done) == [(P.REVIEW, "marks")]
    [page] = queued()
    review = scan_review.load(page.id, clerks[0])
    assert [(item.index, item.state, item.reason) for item in review.unclear] == [
        (2, "unclear", "faint")
    ]
    first, third = vote.options[0].id, vote.options[2].id
    saved = decide(page, clerks[0], ballot_form(first, third))  # the pencil cross counts
    assert (saved.role, saved.outcome) == (EntryRole.SECOND, "counted")
    entries = {e.role: e for e in db.session.query(PaperEntry)}
    assert entries[EntryRole.FIRST].staff_id is None
    assert entries[EntryRole.FIRST].source is EntrySource.SCAN
    assert entries[EntryRole.FIRST].marks == entries[EntryRole.SECOND].marks
    assert entries[EntryRole.SECOND].source is EntrySource.REVIEW
    assert sorted(c.option_id for c in paper_ballots(vote)[0].choices) == sorted([first, third])


def test_a_review_that_overrules_a_certain_box_goes_to_arbitration(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.MULTIPLE, double_entry=True)
    ballots = print_ballots(vote, 1)
    done = upload(as_pdf([penciled(ballots.marked(0, 0), ballots, 2)]), clerks[0])
    [page] = queued()
    second = vote.options[1].id  # the machine was sure: box 0 crossed, box 1 empty
    saved = decide(page, clerks[0], ballot_form(second))
    assert saved.outcome == "arbitration"
    entries = {e.role: e for e in db.session.query(PaperEntry)}
    assert entries[EntryRole.FIRST].marks["options"] == [vote.options[0].id]
    assert statuses(done) == [(P.WAITING, "arbitration")] and done.waiting == 1
    assert not paper_ballots(vote) and not queued()
    decided = enter(ballots.codes[0], clerks[1], ballot_form(vote.options[0].id))
    assert (decided.role, decided.outcome) == (EntryRole.ARBITRATION, "counted")
    assert len(paper_ballots(vote)) == 1


def test_a_sheet_entered_by_hand_meanwhile_gets_the_review_as_next_entry(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=True)
    ballots = print_ballots(vote, 1)
    upload(as_pdf([ballots.marked(0, 0, 1)]), clerks[0])
    [page] = queued()
    yes = vote.options[0].id
    enter(ballots.codes[0], clerks[0], ballot_form(yes))
    refused = scan_review.load(page.id, clerks[0])  # they entered it: not their review
    assert refused.task is None and "schon erfasst" in refused.refusal
    saved = decide(page, clerks[1], ballot_form(yes))
    assert (saved.role, saved.outcome) == (EntryRole.SECOND, "counted")


def test_a_stale_form_is_refused(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=True)
    ballots = print_ballots(vote, 1)
    upload(as_pdf([ballots.marked(0, 0, 1)]), clerks[0])
    [page] = queued()
    yes = vote.options[0].id
    with pytest.raises(scan_review.ReviewProblem) as problem:
        scan_review.decide(page.id, "second", ballot_form(yes), clerks[1])
    assert problem.value.reason == "changed"
    assert db.session.query(PaperEntry).count() == 0


def test_a_page_without_a_readable_code_is_matched_by_typing_it(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 2)
    done = upload(as_pdf([without_code(ballots.marked(0, 0), ballots)]), clerks[0])
    assert statuses(done) == [(P.REVIEW, "no_code")]
    [page] = queued()
    review = scan_review.load(page.id, clerks[1])
    assert review.sheet is None and review.task is None
    code = ballots.codes[0]
    mistyped = code[:-1] + ("A" if code[-1] != "A" else "B")
    with pytest.raises(registry.SheetRefused):
        scan_review.match_code(page.id, mistyped, 1, clerks[1])
    with pytest.raises(scan_review.ReviewProblem) as problem:
        scan_review.match_code(page.id, code, 2, clerks[1])
    assert problem.value.reason == "page"
    matched = scan_review.match_code(page.id, code.lower(), 1, clerks[1])
    assert (matched.code, matched.status, matched.problem) == (code, P.COUNTED, None)
    assert (done.counted, done.review) == (1, 0) and len(paper_ballots(vote)) == 1
    with pytest.raises(scan_review.ReviewProblem):
        scan_review.match_code(page.id, ballots.codes[1], 1, clerks[1])


def test_a_typed_code_of_a_counted_sheet_is_refused(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 1)
    upload(as_pdf([ballots.marked(0, 0)]), clerks[0])
    done = upload(as_pdf([without_code(ballots.marked(0, 0), ballots)]), clerks[0])
    [page] = [p for p in queued() if p.upload_id == done.id]
    with pytest.raises(registry.SheetRefused) as refused:
        scan_review.match_code(page.id, ballots.codes[0], 1, clerks[1])
    assert refused.value.reason == "counted" and len(paper_ballots(vote)) == 1


def test_a_page_that_is_no_sheet_is_taken_out_of_review(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 1)
    done = upload(as_pdf([without_code(ballots.marked(0, 0), ballots)]), clerks[0])
    [page] = queued()
    scan_review.dismiss(page.id, clerks[1])
    assert statuses(done) == [(P.NOT_A_SHEET, "dismissed")] and done.review == 0
    assert not queued()
    with pytest.raises(scan_review.ReviewProblem):
        scan_review.dismiss(page.id, clerks[1])
    assert sheet_status(ballots.codes[0]) is SheetStatus.ISSUED


def test_the_queue_holds_a_sheet_once_oldest_first(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 2)
    data = as_pdf([ballots.marked(0, 0, 1), ballots.marked(1, 0, 1)])
    upload(data, clerks[0])
    upload(data, clerks[0])  # the same sheets again, still unclear
    pages = queued()
    assert [page.code for page in pages] == ballots.codes and scan_review.queue_count() == 2
    assert scan_review.next_page_id() == pages[0].id
    assert scan_review.next_page_id(after=pages[0].id) == pages[1].id
    assert scan_review.next_page_id(after=pages[1].id) == pages[0].id  # round again
    saved = decide(pages[0], clerks[1], ballot_form(vote.options[0].id))
    assert saved.outcome == "counted"
    again = db.session.query(ScanPage).filter_by(code=ballots.codes[0]).all()
    assert {page.status for page in again} == {P.COUNTED}  # both scans of it settled
    uploads = db.session.query(ScanUpload).order_by(ScanUpload.id).all()
    assert [(u.counted, u.review) for u in uploads] == [(1, 1), (1, 1)]
    assert len(paper_ballots(vote)) == 1


def test_a_void_sheet_in_review_shows_why_it_cannot_count(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    ballots = print_ballots(vote, 1)
    upload(as_pdf([ballots.marked(0, 0, 1)]), clerks[0])
    [page] = queued()
    sheet = db.session.query(Sheet).filter_by(code=ballots.codes[0]).one()
    registry.void_sheet(sheet, clerks[2], "verloren gemeldet")
    review = scan_review.load(page.id, clerks[1])
    assert review.task is None and review.refusal
    with pytest.raises(registry.SheetRefused):
        decide_anyway = scan_review.decide  # the form shown before it was voided
        decide_anyway(page.id, "first", ballot_form(vote.options[0].id), clerks[1])
    assert not paper_ballots(vote)
