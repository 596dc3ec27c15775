"""Ballots sent at the same moment, on a committed database (a SQLite file or PostgreSQL):
one person's fifty requests leave one vote; many people's ballots all count."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from participation.accounts import services as accounts
from participation.accounts import verification
from participation.extensions import db
from participation.votes.models import Ballot, BallotChoice, Vote, VoteKind, VoteParticipation
from participation.votes.seed import EXAMPLES, build_vote
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app
from tests.votes.conftest import letters


def verified_account(number: int):
    """Register, confirm and verify (in person) the account of voter `number`."""
    user = accounts.register(
        f"gleichzeitig{number}@example.org", f"W {number}", PASSWORD, "de"
    ).user
    user.confirm_email()
    verification.verify(
        user,
        surname=f"Gleichzeitig{letters(number)}",
        given_names="Wera",
        birth_date=date(1980, 5, 17),
        district=None,
        staff=None,
    )
    return user


@pytest.fixture()
def live_vote():
    """An app on its own committed database with an open budget vote and ten verified voters."""
    with live_app("vote_casting") as app:
        with app.app_context():
            vote = build_vote(EXAMPLES[VoteKind.BUDGET])
            tokens = [verified_account(number).session_token for number in range(10)]
            choice = [str(vote.options[1].id), str(vote.options[2].id)]
            vote_id = vote.id
            db.session.commit()
        yield app, vote_id, tokens, choice


def counts(app, vote_id: int) -> tuple[int, int, int, int]:
    """Return (participations, ballots, chosen options, ballot_count) of the vote."""
    with app.app_context():
        count = func.count()
        return (
            db.session.scalar(select(count).where(VoteParticipation.vote_id == vote_id)),
            db.session.scalar(select(count).select_from(Ballot).where(Ballot.vote_id == vote_id)),
            db.session.scalar(select(count).where(BallotChoice.vote_id == vote_id)),
            db.session.get(Vote, vote_id).ballot_count,
        )


def test_fifty_ballots_at_once_by_one_voter_count_once(live_vote):
    app, vote_id, tokens, choice = live_vote
    url = f"/votes/{vote_id}/cast"
    statuses = at_once(
        50, lambda n: client_for(app, tokens[0]).post(url, data={"choice": choice}).status_code
    )
    assert sorted(statuses) == [302] + [403] * 49
    assert counts(app, vote_id) == (1, 1, 2, 1)


def test_ballots_of_many_voters_at_once_all_count(live_vote):
    app, vote_id, tokens, choice = live_vote
    url = f"/votes/{vote_id}/cast"
    statuses = at_once(
        10, lambda n: client_for(app, tokens[n]).post(url, data={"choice": choice}).status_code
    )
    assert statuses == [302] * 10
    assert counts(app, vote_id) == (10, 10, 20, 10)
