"""The two budget rules against examples computed by hand (pure functions, no database).

Notation: budget B, n voters, share = B / n; "cap" is the most a supporter pays for a project,
ρ = cap / cost (cost utilities: a voter values a project at its cost). Equal Shares funds the
project with the smallest ρ first.
"""

from __future__ import annotations

import time
from collections import Counter

from participation.votes.budget import Project, equal_shares, greedy


def projects_of(costs: dict[str, int], groups: list[tuple[set[str], int]]) -> list[Project]:
    """Return projects named by letters (id = position = 1, 2, …) with votes from the groups."""
    votes = Counter()
    for chosen, count in groups:
        for name in chosen:
            votes[name] += count
    return [
        Project(id=position, cost=cost, position=position, votes=votes[name])
        for position, (name, cost) in enumerate(costs.items(), start=1)
    ]


def ids(costs: dict[str, int], *names: str) -> tuple[int, ...]:
    """Return the ids of the named projects, in the order given."""
    order = list(costs)
    return tuple(order.index(name) + 1 for name in names)


def as_groups(costs: dict[str, int], groups) -> list:
    """Return the groups with project ids instead of letters."""
    return [(frozenset(ids(costs, *sorted(chosen))), count) for chosen, count in groups]


def both(costs, groups, budget):
    """Return the greedy and the Equal Shares outcome of the example."""
    projects = projects_of(costs, groups)
    return greedy(projects, budget), equal_shares(projects, as_groups(costs, groups), budget)


def test_majority_takes_all_by_greedy_but_not_by_equal_shares():
    # B = 100, n = 10. Six voters choose {A, B}, four choose {C}.
    costs = {"A": 60, "B": 40, "C": 40}
    groups = [({"A", "B"}, 6), ({"C"}, 4)]
    by_votes, by_shares = both(costs, groups, 100)
    # Greedy: votes A 6, B 6, C 4. A and B tie on votes: the cheaper B first.
    # B (40, left 60), A (60, left 0), C (40 > 0: skipped).
    assert by_votes.funded == ids(costs, "B", "A")
    assert (by_votes.spent, by_votes.left) == (100, 0)
    # Equal Shares: share 10. Round 1: A: six pay 60/6 = 10 each, ρ = 10/60 = 1/6;
    # B: cap 40/6 = 20/3, ρ = (20/3)/40 = 1/6; C: cap 40/4 = 10, ρ = 10/40 = 1/4.
    # A and B tie on ρ (1/6) and votes (6): the cheaper B. The six keep 10 - 20/3 = 10/3.
    # Round 2: A: 6 × 10/3 = 20 < 60, dropped; C: ρ = 1/4, funded (the four pay 10 each).
    # Spent 80, left 20: no project left would fit, so no completion and no fill.
    assert by_shares.funded == ids(costs, "B", "C")
    assert (by_shares.spent, by_shares.left, by_shares.filled, by_shares.steps) == (80, 20, (), 0)


def test_the_minority_gets_its_project_under_equal_shares():
    # B = 100, n = 10: six choose {A}, four choose {B, C}.
    costs = {"A": 65, "B": 30, "C": 10}
    groups = [({"A"}, 6), ({"B", "C"}, 4)]
    by_votes, by_shares = both(costs, groups, 100)
    # Greedy: A (6 votes, 65, left 35); B and C tie on 4 votes: the cheaper C (10, left 25);
    # B (30 > 25: skipped).
    assert by_votes.funded == ids(costs, "A", "C")
    assert by_votes.spent == 75
    # Equal Shares: share 10. A: 6 × 10 = 60 < 65, dropped. B: cap 30/4 = 7.5, ρ = 1/4;
    # C: cap 10/4 = 2.5, ρ = 1/4: tie on ρ and votes, the cheaper C first (the four keep 7.5),
    # then B: 4 × 7.5 = 30, cap 7.5. Spent 40, left 60 < 65: exhaustive, nothing to fill.
    assert by_shares.funded == ids(costs, "C", "B")
    assert by_shares.spent == 40


def test_a_project_costing_the_whole_budget():
    # B = 100, n = 10: seven choose {X} (costing all of it), three choose {Y}.
    costs = {"X": 100, "Y": 30}
    by_votes, by_shares = both(costs, [({"X"}, 7), ({"Y"}, 3)], 100)
    # Greedy: X has the most votes and fits exactly; then Y no longer fits.
    assert by_votes.funded == ids(costs, "X")
    assert by_votes.left == 0
    # Equal Shares: share 10. X: 7 × 10 = 70 < 100, dropped (seven voters control 70).
    # Y: 3 × 10 = 30, cap 10, funded. Left 70 < 100: exhaustive.
    assert by_shares.funded == ids(costs, "Y")
    assert by_shares.spent == 30


def test_a_project_costing_the_whole_budget_that_everybody_wants():
    # B = 100, n = 10: all choose X (100); four of them also Y (10).
    costs = {"X": 100, "Y": 10}
    by_votes, by_shares = both(costs, [({"X"}, 6), ({"X", "Y"}, 4)], 100)
    # Greedy: X (10 votes) fits exactly; Y skipped.
    assert by_votes.funded == ids(costs, "X")
    # Equal Shares: share 10. X: cap 100/10 = 10, ρ = 10/100 = 1/10; Y: cap 10/4 = 2.5,
    # ρ = 2.5/10 = 1/4. X first, everybody pays all 10; Y no longer affordable.
    assert by_shares.funded == ids(costs, "X")
    assert by_shares.left == 0


def test_completion_raises_the_shares_until_the_next_project_is_affordable():
    # B = 100, n = 10: five choose {P} (50), four {Q} (45), one {R} (5).
    costs = {"P": 50, "Q": 45, "R": 5}
    by_votes, by_shares = both(costs, [({"P"}, 5), ({"Q"}, 4), ({"R"}, 1)], 100)
    assert by_votes.funded == ids(costs, "P", "Q", "R")
    # Share 10: P cap 10, ρ 1/5; Q: 4 × 10 = 40 < 45, dropped; R cap 5, ρ 1. Funded P, R
    # (55); Q (45) would still fit: raise. Step k: share 10 × (1 + k/100). Q is affordable
    # once 4 × share ≥ 45, share ≥ 11.25: k = 13 (share 11.3). Then P (ρ 1/5), Q (cap 11.25,
    # ρ 11.25/45 = 1/4), R (ρ 1): 100, fits and is exhaustive.
    assert by_shares.funded == ids(costs, "P", "Q", "R")
    assert (by_shares.spent, by_shares.steps, by_shares.filled) == (100, 13, ())


def test_completion_stops_before_overspending_and_the_rest_is_filled_greedily():
    # B = 100, n = 10: five choose {A} (60), four {B} (60), one {C} (30).
    costs = {"A": 60, "B": 60, "C": 30}
    by_votes, by_shares = both(costs, [({"A"}, 5), ({"B"}, 4), ({"C"}, 1)], 100)
    # Greedy: A (5 votes), B (60 > 40: skipped), C (30): 90.
    assert by_votes.funded == ids(costs, "A", "C")
    # Share 10: A 50 < 60, B 40 < 60, C 10 < 30: nothing. Raising: A affordable from share 12
    # (k = 20), B from share 15 (k = 50), C from 30 (k = 200). Steps 20…49 fund A only (60;
    # C would still fit, so it goes on). Step 50 funds A (ρ 12/60 = 1/5) and B (ρ 15/60 =
    # 1/4): 120 > 100, so step 49's outcome {A} stays. Left 40: the greedy fill adds C (B does
    # not fit).
    assert by_shares.funded == ids(costs, "A", "C")
    assert (by_shares.filled, by_shares.steps, by_shares.spent) == (ids(costs, "C"), 49, 90)


def test_two_projects_affordable_at_once_fall_back_to_the_greedy_fill():
    # B = 100, n = 10: five choose {A} (60), five {B} (60). Both become affordable at share 12
    # (k = 20) together: 120 > 100, so the outcome of step 19 stays: nothing. The fill takes A
    # (votes 5 and costs 60 tie: the lower position).
    costs = {"A": 60, "B": 60}
    _by_votes, by_shares = both(costs, [({"A"}, 5), ({"B"}, 5)], 100)
    assert by_shares.funded == ids(costs, "A")
    assert (by_shares.filled, by_shares.steps) == (ids(costs, "A"), 19)


def test_greedy_ties_go_to_the_cheaper_then_to_the_earlier_project():
    # B = 10, every project 3 votes. Order: P2 (5, position 2), P3 (5, position 3), P1 (6).
    projects = [
        Project(id=1, cost=6, position=1, votes=3),
        Project(id=2, cost=5, position=2, votes=3),
        Project(id=3, cost=5, position=3, votes=3),
    ]
    assert greedy(projects, 10).funded == (2, 3)


def test_equal_shares_ties_go_to_the_earlier_project():
    # B = 10, n = 2, both choose {P1, P2}, each costing 10. Share 5: both caps 5, ρ 1/2, the
    # same votes and costs: P1 (position 1). Afterwards nobody has money left.
    projects = [Project(1, 10, 1, 2), Project(2, 10, 2, 2)]
    assert equal_shares(projects, [(frozenset({1, 2}), 2)], 10).funded == (1,)


def test_no_ballots_and_only_abstentions_fund_nothing():
    projects = [Project(1, 10, 1, 0), Project(2, 20, 2, 0)]
    for groups in ([], [(frozenset(), 40)]):  # an empty choice set is an abstention
        outcome = equal_shares(projects, groups, 30)
        assert (outcome.funded, outcome.spent, outcome.left) == ((), 0, 30)
    assert greedy(projects, 30).funded == ()


def test_projects_nobody_chose_are_never_funded():
    # B = 100: one voter chooses A (10). Greedy and the fill leave B (no votes) out.
    projects = [Project(1, 10, 1, 1), Project(2, 20, 2, 0)]
    assert greedy(projects, 100).funded == (1,)
    assert equal_shares(projects, [(frozenset({1}), 1)], 100).funded == (1,)


def test_a_free_project_is_funded_first():
    projects = [Project(1, 100, 1, 2), Project(2, 0, 2, 1)]
    outcome = equal_shares(projects, [(frozenset({1}), 1), (frozenset({2, 1}), 1)], 100)
    # Share 50: the free project first (ρ 0), then project 1 (cap 50, both pay all).
    assert outcome.funded == (2, 1)


def test_half_a_million_ballots_in_a_few_groups_are_quick():
    costs = {"A": 15_000, "B": 12_000, "C": 3_000, "D": 8_000, "E": 5_000}
    groups = [({"A", "B", "C"}, 250_000), ({"D", "E", "C"}, 150_000), ({"E"}, 100_000)]
    start = time.perf_counter()
    _by_votes, by_shares = both(costs, groups, 30_000)
    assert time.perf_counter() - start < 2
    assert by_shares.spent <= 30_000
