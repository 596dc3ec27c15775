"""Casting through the service: who may, what each kind of ballot stores, one vote per person."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.core.models import utcnow
from participation.extensions import db
from participation.votes import casting
from participation.votes.models import (
    Ballot,
    BallotChoice,
    BallotStatus,
    Eligibility,
    VoteKind,
    VoteParticipation,
)

RECEIPT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


@pytest.fixture(autouse=True)
def request_context(app):
    """A request, for the German messages (the language is chosen per request)."""
    with app.test_request_context():
        yield


@pytest.fixture()
def resident(make_voter):
    """A verified resident of Innenstadt (not signed in: the service is called directly)."""
    return make_voter(district="Innenstadt")


def ids(vote, *positions: int) -> list[int]:
    """Return the ids of the vote's options at the 1-based `positions`."""
    return [vote.options[position - 1].id for position in positions]


def ballots_of(vote) -> list[Ballot]:
    """Return the ballots stored for `vote`."""
    return list(db.session.scalars(select(Ballot).where(Ballot.vote_id == vote.id)))


def chosen_ids(ballot: Ballot) -> list[int]:
    """Return the option ids chosen on `ballot`, sorted."""
    query = select(BallotChoice.option_id).where(BallotChoice.ballot_id == ballot.id)
    return sorted(db.session.scalars(query))


def participations(vote) -> list[VoteParticipation]:
    """Return who took part in `vote`."""
    query = select(VoteParticipation).where(VoteParticipation.vote_id == vote.id)
    return list(db.session.scalars(query))


# --- each kind


@pytest.mark.parametrize(
    ("kind", "positions"),
    [
        (VoteKind.YES_NO, (1,)),
        (VoteKind.SINGLE, (3,)),
        (VoteKind.MULTIPLE, (2, 4)),
        (VoteKind.BUDGET, (1, 2, 3, 5)),  # 8,000 + 12,000 + 3,000 + 5,000 = 28,000 of 30,000
    ],
)
def test_each_kind_stores_participation_ballot_and_count(make_vote, resident, kind, positions):
    vote = make_vote(kind)
    receipt = casting.cast(resident, vote, ids(vote, *positions), abstain=False)
    assert RECEIPT.match(receipt)
    [ballot] = ballots_of(vote)
    assert ballot.status is BallotStatus.VALID and ballot.channel is Channel.ONLINE
    assert ballot.receipt == receipt
    assert chosen_ids(ballot) == sorted(ids(vote, *positions))
    [participation] = participations(vote)
    assert participation.user_id == resident.id
    assert participation.identity_key == resident.identity_key
    assert participation.channel is Channel.ONLINE and participation.day == town_today()
    assert vote.ballot_count == 1
    assert casting.has_voted(resident, vote)


def test_the_budget_may_be_spent_exactly(make_vote, resident):
    vote = make_vote(VoteKind.BUDGET)
    casting.cast(resident, vote, ids(vote, 2, 4, 3), abstain=False)  # 12,000 + 15,000 + 3,000
    assert chosen_ids(ballots_of(vote)[0]) == sorted(ids(vote, 2, 3, 4))


@pytest.mark.parametrize("kind", list(VoteKind))
def test_abstaining_stores_a_ballot_without_choices(make_vote, resident, kind):
    vote = make_vote(kind)
    receipt = casting.cast(resident, vote, [], abstain=True)
    [ballot] = ballots_of(vote)
    assert ballot.status is BallotStatus.ABSTENTION and ballot.receipt == receipt
    assert chosen_ids(ballot) == []
    assert len(participations(vote)) == 1 and vote.ballot_count == 1


def test_residents_votes_take_unverified_accounts_without_identity_key(make_vote, make_user):
    vote = make_vote(eligibility=Eligibility.RESIDENTS)
    person = make_user()
    casting.cast(person, vote, ids(vote, 2), abstain=False)
    [participation] = participations(vote)
    assert participation.user_id == person.id and participation.identity_key is None


# --- invalid choices


def refusal_of(vote, option_ids, abstain=False) -> str:
    """Return the message check_choice gives for the choice (failing if it accepts it)."""
    with pytest.raises(casting.InvalidChoice) as problem:
        casting.check_choice(vote, option_ids, abstain)
    return str(problem.value)


def test_unknown_and_foreign_option_ids_are_refused(make_vote):
    vote, other = make_vote(VoteKind.SINGLE), make_vote(VoteKind.YES_NO)
    assert "gibt es bei dieser Abstimmung nicht" in refusal_of(vote, [999_999])
    assert "gibt es bei dieser Abstimmung nicht" in refusal_of(vote, ids(other, 1))


def test_duplicates_none_and_abstain_with_a_choice_are_refused(make_vote):
    vote = make_vote(VoteKind.MULTIPLE)
    assert "nur einmal" in refusal_of(vote, ids(vote, 1, 1))
    assert "„Ich enthalte mich“" in refusal_of(vote, [])
    assert "nur eines davon" in refusal_of(vote, ids(vote, 1), abstain=True)


def test_more_choices_than_allowed_are_refused(make_vote):
    festival, playground = make_vote(VoteKind.MULTIPLE), make_vote(VoteKind.SINGLE)
    assert "höchstens 2 Antworten" in refusal_of(festival, ids(festival, 1, 2, 3))
    assert "nur eine Antwort" in refusal_of(playground, ids(playground, 1, 2))
    yes_no = make_vote(VoteKind.YES_NO)
    assert "nur eine Antwort" in refusal_of(yes_no, ids(yes_no, 1, 2))


def test_a_budget_ballot_over_the_budget_is_refused(make_vote, resident):
    vote = make_vote(VoteKind.BUDGET)
    message = refusal_of(vote, ids(vote, 1, 2, 4))  # 8,000 + 12,000 + 15,000 = 35,000
    assert "35.000 Euro" in message and "30.000 Euro" in message
    with pytest.raises(casting.InvalidChoice):
        casting.cast(resident, vote, ids(vote, 1, 2, 4), abstain=False)
    assert ballots_of(vote) == [] and participations(vote) == []


def test_a_valid_choice_comes_back_in_ballot_order(make_vote):
    vote = make_vote(VoteKind.BUDGET)
    chosen = casting.check_choice(vote, ids(vote, 5, 1), abstain=False)
    assert [option.title for option in chosen] == [vote.options[0].title, vote.options[4].title]
    assert casting.total_cost(chosen) == 13_000


# --- one person, one vote


def test_a_second_ballot_is_refused_and_nothing_is_stored(make_vote, resident):
    vote = make_vote()
    casting.cast(resident, vote, ids(vote, 1), abstain=False)
    with pytest.raises(casting.AlreadyVoted) as refused:
        casting.cast(resident, vote, ids(vote, 2), abstain=False)
    assert refused.value.reason == "voted" and "schon abgestimmt" in refused.value.message
    assert len(ballots_of(vote)) == 1 and len(participations(vote)) == 1
    assert vote.ballot_count == 1


def test_the_constraint_refuses_a_second_ballot_and_keeps_the_transaction(make_vote, resident):
    """Past the early check (as a parallel request would be), the unique key decides."""
    vote = make_vote()
    casting.cast(resident, vote, ids(vote, 1), abstain=False)
    with pytest.raises(casting.AlreadyVoted):
        casting.claim_participation(resident, vote)
    assert len(participations(vote)) == 1  # the savepoint rolled back, the rest is usable
    db.session.flush()


def test_a_paper_participation_by_identity_key_refuses_the_online_ballot(make_vote, resident):
    vote = make_vote()
    paper = VoteParticipation(
        vote_id=vote.id, identity_key=resident.identity_key, channel=Channel.PAPER, day=town_today()
    )
    db.session.add(paper)
    db.session.flush()
    assert casting.has_voted(resident, vote)
    with pytest.raises(casting.AlreadyVoted):
        casting.cast(resident, vote, ids(vote, 1), abstain=False)
    with pytest.raises(casting.AlreadyVoted):  # past the early check: the unique key decides
        casting.claim_participation(resident, vote)
    assert ballots_of(vote) == []


def test_voted_vote_ids_finds_the_votes_taken_part_in(make_vote, resident):
    first, second = make_vote(), make_vote()
    casting.cast(resident, first, ids(first, 2), abstain=False)
    assert casting.voted_vote_ids(resident, [first.id, second.id]) == {first.id}


# --- who may vote


def refusal_reason(user, vote) -> str:
    """Return the reason the service refuses `user`'s ballot (failing if it accepts it)."""
    with pytest.raises(casting.Refused) as refused:
        casting.cast(user, vote, ids(vote, 1), abstain=False)
    assert ballots_of(vote) == [] and participations(vote) == []
    return refused.value.reason


def test_unverified_accounts_are_refused_verified_only_votes(make_vote, make_user):
    assert refusal_reason(make_user(), make_vote()) == "verified"


def test_districts_limit_who_may_vote(make_vote, make_voter):
    vote = make_vote(districts=["Köstitz", "Öpitz"])
    assert refusal_reason(make_voter(district="Innenstadt"), vote) == "district"
    assert refusal_reason(make_voter(), vote) == "district"  # no district recorded
    casting.cast(make_voter(district="Öpitz"), vote, ids(vote, 1), abstain=False)
    assert vote.ballot_count == 1


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"opens_in": timedelta(days=2)}, "upcoming"),
        ({"opens_in": timedelta(days=-10), "open_for": timedelta(days=3)}, "closed"),
        ({"published": False}, "draft"),
    ],
)
def test_votes_outside_their_time_take_no_ballots(make_vote, resident, options, reason):
    assert refusal_reason(resident, make_vote(**options)) == reason


def test_suspended_accounts_are_refused(make_vote, resident):
    resident.suspended_at = utcnow()
    resident.suspended_until = utcnow() + timedelta(days=2)
    assert refusal_reason(resident, make_vote()) == "suspended"


def test_guests_are_refused(make_vote):
    from flask_login import AnonymousUserMixin

    assert refusal_reason(AnonymousUserMixin(), make_vote()) == "sign_in"


def test_refusals_leave_no_count(make_vote, make_user):
    vote = make_vote()
    with pytest.raises(casting.Refused):
        casting.cast(make_user(), vote, ids(vote, 1), abstain=False)
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 0
    db.session.refresh(vote)
    assert vote.ballot_count == 0
