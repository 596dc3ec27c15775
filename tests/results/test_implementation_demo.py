"""The demo (`flask seed demo`) tracks its accepted proposal with three dated updates, one with
a drawn photo stored without metadata, and the budget's book case as done; running it again
changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.proposals.models import Proposal
from participation.results import implementation_photos as photos
from participation.results.implementation_demo import BOOK_CASE, PHOTO_ALT
from participation.results.models import (
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
)


def snapshot(db) -> list[tuple]:
    """Return every implementation and update as plain values."""
    rows = db.session.execute(
        select(Implementation.id, Implementation.status, Implementation.progress)
    ).all()
    updates = db.session.execute(
        select(ImplementationUpdate.id, ImplementationUpdate.photo_name)
    ).all()
    return [tuple(row) for row in rows + updates]


def test_seed_demo_tracks_the_accepted_proposal_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    before = snapshot(db)
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert snapshot(db) == before and "/implementation/" in second.output

    proposal = db.session.scalar(
        select(Proposal).where(Proposal.title == "Online-Termine im Bürgerbüro")
    )
    tracked = db.session.scalar(
        select(Implementation).where(Implementation.proposal_id == proposal.id)
    )
    assert (tracked.department, tracked.status, tracked.progress) == (
        "Bürgerbüro",
        ImplementationStatus.IN_PROGRESS,
        80,
    )
    updates = tracked.updates
    assert len(updates) == 3 and len({update.happened_on for update in updates}) == 3
    [pictured] = [update for update in updates if update.photo_name]
    assert pictured.photo_alt == PHOTO_ALT
    assert photos.path_of(pictured.photo_name).read_bytes().startswith(b"\x89PNG")

    book_case = db.session.scalar(
        select(Implementation).where(Implementation.vote_option.has(title=BOOK_CASE))
    )
    assert book_case.status is ImplementationStatus.DONE and book_case.actual_completion
    assert db.session.scalar(select(func.count()).select_from(Implementation)) == 2
