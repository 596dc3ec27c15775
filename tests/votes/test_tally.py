"""The tally, counted in SQL, against fixtures counted by hand: every kind, both channels,
abstentions and invalid ballots; a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.core.channels import Channel
from participation.votes.ballots import store_ballot
from participation.votes.models import BallotStatus, VoteKind
from participation.votes.tally import ByChannel, budget_result, count
from tests.querycount import counted_queries

ONLINE, PAPER = Channel.ONLINE, Channel.PAPER
CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}


def cast(vote, positions=(), channel=ONLINE, times=1, status=None):
    """Store `times` ballots choosing the options at these positions (1-based)."""
    options = {option.position: option.id for option in vote.options}
    for _ in range(times):
        store_ballot(vote, [options[p] for p in positions], channel=channel, status=status)


def invalid(vote, times=1):
    """Store `times` invalid paper ballots."""
    cast(vote, (), PAPER, times, BallotStatus.INVALID)


def counts_of(tally) -> dict[str, tuple[int, int, int]]:
    """Return option title → (online, paper, total)."""
    return {o.title: (o.votes.online, o.votes.paper, o.votes.total) for o in tally.options}


def test_yes_no_by_hand(make_vote):
    vote = make_vote(VoteKind.YES_NO, eligible_count=60, **CLOSED)
    cast(vote, [1], ONLINE, 5)  # online: 5 Ja, 3 Nein, 2 abstentions
    cast(vote, [2], ONLINE, 3)
    cast(vote, [], ONLINE, 2)
    cast(vote, [1], PAPER, 2)  # paper: 2 Ja, 1 Nein, 1 abstention, 1 invalid
    cast(vote, [2], PAPER, 1)
    cast(vote, [], PAPER, 1)
    invalid(vote)
    tally = count(vote)
    assert counts_of(tally) == {"Ja": (5, 2, 7), "Nein": (3, 1, 4)}
    assert tally.valid == ByChannel(8, 3)
    assert tally.abstentions == ByChannel(2, 1)
    assert tally.invalid == ByChannel(0, 1)
    assert tally.ballots == ByChannel(10, 5)
    # Ja 7 of 11 valid = 63.64 %, Nein 4/11 = 36.36 %; abstentions 3 of 15 ballots = 20 %,
    # invalid 1/15 = 6.67 %; turnout 15 of 60 eligible = 25 %.
    assert [round(o.percent, 2) for o in tally.options] == [63.64, 36.36]
    assert tally.abstention_percent == pytest.approx(20)
    assert tally.invalid_percent == pytest.approx(100 / 15)
    assert tally.valid_percent == pytest.approx(100 * 11 / 15)
    assert tally.turnout_percent == pytest.approx(25)


def test_single_choice_by_hand(make_vote):
    vote = make_vote(VoteKind.SINGLE, **CLOSED)
    cast(vote, [3], ONLINE, 4)
    cast(vote, [1], ONLINE, 1)
    cast(vote, [3], PAPER, 1)
    cast(vote, [2], PAPER, 2)
    tally = count(vote)
    # Kletterturm 1, Seilbahn 2, Wasserspielplatz 5 of 8 valid: 12.5 %, 25 %, 62.5 %.
    assert counts_of(tally) == {
        "Kletterturm": (1, 0, 1),
        "Seilbahn": (0, 2, 2),
        "Wasserspielplatz": (4, 1, 5),
    }
    assert [o.percent for o in tally.options] == [12.5, 25, 62.5]
    assert tally.turnout_percent is None  # nobody entered how many may vote


def test_multiple_choice_shares_add_up_to_more_than_all(make_vote):
    vote = make_vote(VoteKind.MULTIPLE, **CLOSED)
    cast(vote, [1, 2], ONLINE, 3)
    cast(vote, [1], ONLINE, 1)
    cast(vote, [1, 4], PAPER, 1)
    cast(vote, [], PAPER, 1)
    tally = count(vote)
    # 5 valid ballots: Live-Musik 5 (100 %), Flohmarkt 3 (60 %), Kinder 0, Lesungen 1 (20 %).
    assert [o.votes.total for o in tally.options] == [5, 3, 0, 1]
    assert [o.percent for o in tally.options] == [100, 60, 0, 20]
    assert tally.abstentions == ByChannel(0, 1)
    assert tally.abstention_percent == pytest.approx(100 / 6)


def test_budget_by_hand(make_vote):
    vote = make_vote(VoteKind.BUDGET, **CLOSED)  # Bänke 8,000; Brunnen 12,000; Bücher 3,000;
    # Beleuchtung 15,000; Obstbäume 5,000; budget 30,000.
    cast(vote, [4, 2, 3], ONLINE, 6)
    cast(vote, [4, 2, 3], PAPER, 1)
    cast(vote, [1, 5, 3], ONLINE, 3)
    cast(vote, [1, 5, 3], PAPER, 2)
    cast(vote, [], ONLINE, 1)
    invalid(vote, 2)
    tally = count(vote)
    assert [o.votes.total for o in tally.options] == [5, 7, 12, 7, 5]
    assert tally.options[0].votes == ByChannel(3, 2)
    assert (tally.valid.total, tally.abstentions.total, tally.invalid.total) == (12, 1, 2)
    result = budget_result(vote, tally)
    ids = [o.id for o in tally.options]
    # Greedy: Bücher (12 votes, 3,000), Brunnen and Beleuchtung tie on 7: the cheaper Brunnen
    # (12,000; 15,000 spent), Beleuchtung (15,000; 30,000). Bänke and Obstbäume do not fit.
    assert result.greedy.funded == (ids[2], ids[1], ids[3])
    # Equal Shares: 12 voters (the abstention and invalid ballots take no share), 2,500 each.
    # Bücher: cap 250, ρ = 1/12 (everybody). Then the seven have 2,250 each, the five too.
    # Brunnen: cap 12,000/7 = 1,714.29, ρ = 1/7; Beleuchtung: 7 × 2,250 = 15,750 ≥ 15,000,
    # cap 2,142.86, ρ = 1/7: tie, the cheaper Brunnen; the seven keep 535.71: Beleuchtung
    # dropped. Obstbäume: cap 1,000, ρ = 1/5 (the five keep 1,250); Bänke: 5 × 1,250 = 6,250
    # < 8,000, dropped. Spent 20,000; Bänke (8,000) would still fit: raise the shares. Bänke
    # is affordable when the five have 250 + 1,000 + 1,600 = 2,850 each (k = 14), Beleuchtung
    # when the seven have 250 + 1,714.29 + 2,142.86 = 4,107.14 each (k = 65). At k = 14 the
    # outcome is Bücher, Brunnen, Obstbäume, Bänke: 28,000, exhaustive (2,000 left).
    assert result.equal_shares.funded == (ids[2], ids[1], ids[4], ids[0])
    assert (result.equal_shares.spent, result.equal_shares.steps) == (28_000, 14)
    assert result.voters == 12


def test_no_ballots(make_vote):
    vote = make_vote(VoteKind.BUDGET, eligible_count=100, **CLOSED)
    tally = count(vote)
    assert tally.ballots == ByChannel(0, 0)
    assert [o.percent for o in tally.options] == [None] * 5
    assert (tally.abstention_percent, tally.turnout_percent) == (None, 0)
    result = budget_result(vote, tally)
    assert (result.greedy.funded, result.equal_shares.funded, result.voters) == ((), (), 0)


def test_only_abstentions_fund_nothing(make_vote):
    vote = make_vote(VoteKind.BUDGET, **CLOSED)
    cast(vote, [], ONLINE, 3)
    cast(vote, [], PAPER, 2)
    tally = count(vote)
    assert tally.abstention_percent == 100
    assert [o.percent for o in tally.options] == [None] * 5  # no valid ballot to share of
    result = budget_result(vote, tally)
    assert (result.greedy.spent, result.equal_shares.spent) == (0, 0)


def test_other_votes_do_not_count(make_vote):
    vote, other = make_vote(**CLOSED), make_vote(**CLOSED)
    cast(other, [1], ONLINE, 4)
    cast(vote, [2], PAPER)
    tally = count(vote)
    assert counts_of(tally) == {"Ja": (0, 0, 0), "Nein": (0, 1, 1)}


@pytest.mark.parametrize("kind", [VoteKind.YES_NO, VoteKind.BUDGET])
def test_the_tally_takes_the_same_queries_for_any_number_of_ballots(db, make_vote, kind):
    statements = []
    for ballots in (2, 40):
        vote = make_vote(kind, **CLOSED)
        cast(vote, [1], ONLINE, ballots)
        cast(vote, [2], PAPER, ballots)
        with counted_queries(db.engine) as seen:  # counted (stored: test_stored_tally.py)
            tally = count(vote, stored=False)
            if kind is VoteKind.BUDGET:
                budget_result(vote, tally, stored=False)
        statements.append(len(seen))
    assert statements[0] == statements[1] == (4 if kind is VoteKind.BUDGET else 3)
