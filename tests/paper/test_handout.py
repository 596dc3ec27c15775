"""Hand-out of paper ballots through the service: one person, one vote across online and paper,
names read as the verification desk reads them, only open votes for verified residents, and
only the vote's districts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.accounts.identity import identity_key
from participation.core.audit import AuditEntry
from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.extensions import db
from participation.paper import handout
from participation.paper.handout import HandoutRefused, record_handout
from participation.votes import casting
from participation.votes.models import Eligibility, VoteParticipation
from tests.conftest import verify_person
from tests.votes import conftest as vote_fixtures

BORN = date(1961, 7, 13)
# The vote fixtures, shared with tests/votes.
staff, make_vote, make_voter = (
    vote_fixtures.staff,
    vote_fixtures.make_vote,
    vote_fixtures.make_voter,
)
districts = vote_fixtures.districts
PERSON = {"surname": "Zwetschgenbaum", "given_names": "Lieselotte", "birth_date": BORN}


@pytest.fixture(autouse=True)
def request_context(app):
    """A request, for the German messages (the language is chosen per request)."""
    with app.test_request_context():
        yield


def hand_out(vote, staff, district=None, **changes):
    """Record a hand-out to the person (with `changes` to what was typed)."""
    typed = {**PERSON, **changes}
    return record_handout(
        vote, typed["surname"], typed["given_names"], typed["birth_date"], district, staff
    )


def participations(vote) -> list[VoteParticipation]:
    """Return who took part in `vote`."""
    query = select(VoteParticipation).where(VoteParticipation.vote_id == vote.id)
    return list(db.session.scalars(query))


def refusal_of(vote, staff, **changes) -> str:
    """Return the reason the hand-out is refused (fails if it is recorded)."""
    with pytest.raises(HandoutRefused) as refused:
        hand_out(vote, staff, **changes)
    return refused.value.reason


def test_a_handout_stores_the_identity_key_the_day_and_the_staff_member(make_vote, staff):
    vote = make_vote()
    participation = hand_out(vote, staff)
    assert participations(vote) == [participation]
    assert participation.identity_key == identity_key("Zwetschgenbaum", "Lieselotte", BORN)
    assert participation.channel is Channel.PAPER
    assert participation.day == town_today()
    assert participation.recorded_by_id == staff.id
    assert participation.user_id is None


def test_the_handout_is_audited_on_the_vote_without_anything_about_the_person(make_vote, staff):
    vote = make_vote()
    hand_out(vote, staff)
    entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == vote.id)))
    entry = next(e for e in entries if e.action == "paper.ballot_handed_out")
    assert (entry.target_type, entry.actor_id) == ("votes", staff.id)
    assert entry.before is None and entry.after is None


def test_a_second_ballot_for_the_same_person_is_refused(make_vote, staff):
    vote = make_vote()
    hand_out(vote, staff)
    with pytest.raises(HandoutRefused) as refused:
        hand_out(vote, staff)
    assert refused.value.reason == "taken"
    assert refused.value.message == (
        "Diese Person hat schon abgestimmt oder schon einen Stimmzettel bekommen."
    )
    assert len(participations(vote)) == 1


@pytest.mark.parametrize(
    "typed",
    [
        {"surname": "ZWETSCHGENBAUM", "given_names": "lieselotte"},
        {"given_names": "Lieselotte Marie Sophie"},  # second given names do not count
        {"surname": " Zwetschgen-Baum ", "given_names": "  Lieselotte"},
    ],
)
def test_the_same_person_typed_differently_is_refused(make_vote, staff, typed):
    vote = make_vote()
    hand_out(vote, staff)
    assert refusal_of(vote, staff, **typed) == "taken"


@pytest.mark.parametrize(("first", "second"), [("Müller", "Mueller"), ("Müller", "MÜLLER")])
def test_umlauts_and_their_spellings_are_one_name(make_vote, staff, first, second):
    vote = make_vote()
    hand_out(vote, staff, surname=first)
    assert refusal_of(vote, staff, surname=second) == "taken"


@pytest.mark.parametrize(
    "other",
    [{"birth_date": date(1961, 7, 14)}, {"given_names": "Liselotte"}, {"surname": "Zwetschge"}],
)
def test_another_person_gets_a_ballot(make_vote, staff, other):
    vote = make_vote()
    hand_out(vote, staff)
    hand_out(vote, staff, **other)
    assert len(participations(vote)) == 2


def test_the_same_person_gets_a_ballot_in_each_vote(make_vote, staff):
    first, second = make_vote(), make_vote()
    hand_out(first, staff)
    hand_out(second, staff)
    assert len(participations(first)) == len(participations(second)) == 1


def test_a_person_who_voted_online_gets_no_ballot(make_vote, make_user, staff):
    vote = make_vote()
    account = make_user()
    verify_person(account, "Zwetschgenbaum", "Lieselotte", BORN)
    casting.cast(account, vote, [vote.options[0].id], abstain=False)
    assert refusal_of(vote, staff, given_names="Lieselotte Anna") == "taken"
    assert [p.channel for p in participations(vote)] == [Channel.ONLINE]


def test_after_a_handout_the_persons_verified_account_cannot_vote_online(
    make_vote,
    make_user,
    staff,
):
    vote = make_vote()
    hand_out(vote, staff)
    account = make_user()
    verify_person(account, "zwetschgenbaum", "LIESELOTTE", BORN)
    with pytest.raises(casting.AlreadyVoted):
        casting.cast(account, vote, [vote.options[0].id], abstain=False)
    with pytest.raises(casting.AlreadyVoted):  # also where the earlier check is passed by
        casting.claim_participation(account, vote)
    assert len(participations(vote)) == 1


def test_a_district_vote_takes_only_its_districts(make_vote, staff, districts):
    vote = make_vote(districts=["Innenstadt"])
    assert refusal_of(vote, staff, district="Schlettwein") == "district"
    assert refusal_of(vote, staff, district=None) == "district"
    assert participations(vote) == []
    hand_out(vote, staff, district="Innenstadt")
    assert len(participations(vote)) == 1


def test_a_vote_for_the_whole_town_ignores_the_district(make_vote, staff, districts):
    hand_out(make_vote(), staff, district=None)


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"published": False}, "draft"),
        ({"opens_in": timedelta(days=2)}, "upcoming"),
        ({"opens_in": timedelta(days=-20), "open_for": timedelta(days=5)}, "closed"),
        ({"eligibility": Eligibility.RESIDENTS}, "residents"),
    ],
)
def test_only_open_votes_for_verified_residents_record_handouts(
    make_vote,
    staff,
    options,
    reason,
):
    vote = make_vote(**options)
    assert refusal_of(vote, staff) == reason
    assert handout.vote_refusal(vote) == reason
    assert participations(vote) == []


def test_a_refusal_keeps_the_transaction_usable(make_vote, staff):
    vote = make_vote()
    hand_out(vote, staff)
    refusal_of(vote, staff)
    hand_out(vote, staff, surname="Pflaumenbaum")
    db.session.flush()
    assert len(participations(vote)) == 2


def test_counts_are_by_day_and_in_all_and_only_paper(make_vote, make_voter, staff):
    vote, quiet = make_vote(), make_vote()
    hand_out(vote, staff)
    hand_out(vote, staff, surname="Pflaumenbaum").day = town_today() - timedelta(days=1)
    casting.cast(make_voter(), vote, [vote.options[0].id], abstain=False)  # online: not counted
    db.session.flush()
    counts = handout.handout_counts([vote.id, quiet.id])
    assert counts == {vote.id: handout.Counts(1, 2), quiet.id: handout.Counts(0, 0)}
    assert handout.handout_counts([]) == {}


def test_open_votes_are_only_the_running_ones(make_vote):
    running = make_vote(eligibility=Eligibility.RESIDENTS)
    make_vote(published=False)
    make_vote(opens_in=timedelta(days=2))
    make_vote(opens_in=timedelta(days=-20), open_for=timedelta(days=5))
    assert running in handout.open_votes()
    assert all(vote.phase().value == "open" for vote in handout.open_votes())
