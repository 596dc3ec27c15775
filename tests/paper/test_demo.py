# ruff: noqa: F811  (pytest fixtures imported by name)
"""The paper demo: a printed batch of ballots for the open market square vote, six entered twice
alike (they count, on paper), one waiting for its second entry, four marked as returned, three
scanned (one waits for its second entry, two for review), and an idea card typed in with a
letter about it as a comment."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.accounts.seed import ensure_demo_accounts
from participation.comments.models import Comment
from participation.core.channels import Channel
from participation.paper import demo
from participation.paper.models import PaperBatch, Sheet, SheetStatus
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanUpload
from participation.proposals.models import Proposal
from participation.votes import demo as vote_demo
from participation.votes.tally import count
from tests.paper.batch_fixtures import paper_folder  # noqa: F401 (a fixture)


def statuses(db) -> dict[SheetStatus, int]:
    """Return how many sheets are in each state."""
    query = select(Sheet.status, func.count()).group_by(Sheet.status)
    return {SheetStatus(status): n for status, n in db.session.execute(query)}


def test_the_paper_demo_counts_its_entered_ballots_once(app, db, paper_folder):
    with app.test_request_context():
        ensure_demo_accounts()
        market, _budget = vote_demo.ensure_demo_votes()
        before = count(market).ballots.paper
        batch = demo.ensure_demo_paper(market)
        again = demo.ensure_demo_paper(market)
    assert again.id == batch.id
    assert db.session.scalar(select(func.count()).select_from(PaperBatch)) == 2
    assert (paper_folder / f"batch-{batch.id}.pdf").is_file()
    assert count(market).ballots.paper == before + demo.COUNTED
    found = statuses(db)
    assert found[SheetStatus.COUNTED] == demo.COUNTED + 1  # the ballots and the idea card
    assert found[SheetStatus.ENTERED] == 2  # one typed in once, one scanned
    assert found[SheetStatus.RETURNED] == demo.RETURNED
    paper_proposal = db.session.scalar(select(Proposal).where(Proposal.channel == Channel.PAPER))
    assert paper_proposal.paper_author_name == "Gisela Gärtner"
    [letter] = db.session.scalars(select(Comment).where(Comment.channel == Channel.PAPER))
    assert (letter.thread_id, letter.paper_author_name) == (
        paper_proposal.thread_id,
        "Hans Habermann",
    )
    scanned = db.session.scalars(select(ScanPage).order_by(ScanPage.index)).all()
    assert [(page.status, page.problem) for page in scanned] == [
        (ScanPageStatus.WAITING, None),
        (ScanPageStatus.REVIEW, "marks"),
        (ScanPageStatus.REVIEW, "marks"),
    ]
    assert db.session.scalar(select(func.count()).select_from(ScanUpload)) == 1
