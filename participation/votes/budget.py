"""Which projects of a participatory budget are funded: pure functions, no database.

Two rules, shown side by side on the tally page:

**Greedy (Mehrheitsregel).** Projects in order of votes (most first); each is funded if it still
fits in what is left of the budget, otherwise skipped, and the next one is tried. Ties: the
cheaper project first, then the lower position on the ballot. Projects nobody voted for are
never funded.

**Method of Equal Shares (Methode der gleichen Anteile)**, with cost utilities (a voter values a
project at its cost when they approve it, nothing otherwise). Voters are the ballots with at
least one project chosen: abstentions and invalid ballots take no share. Every voter starts
with the same share, budget / voters. Round by round, for each project not yet funded, the
smallest ρ is found such that its supporters, each paying min(what they have left, ρ × cost),
pay its cost together; the project with the smallest ρ is funded and its supporters pay.
A project its supporters can no longer afford is dropped (their money only shrinks). Ties in
ρ: more votes first, then cheaper, then the lower position. A project costing nothing is funded
first, for free, if anyone chose it. All money is exact (fractions.Fraction).

Completion ("add one"): the rule alone often leaves money unspent. So it runs again with every
voter's share raised by one hundredth of the starting share, then two hundredths, and so on,
and keeps the last outcome whose real cost fits the budget. It stops at the first outcome that
costs more than the budget, at an outcome that leaves no supported project that would still
fit (exhaustive), or after MAX_STEPS raises (shares eleven times the start). Whatever is left
is then filled greedily (the rule above) with the projects not yet funded.

Ballots with the same choices are one group, (approval set, count): the work grows with the
number of different ballots, not with the number of ballots.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

STEP = Fraction(1, 100)  # each completion step raises every share by 1 % of the starting share
MAX_STEPS = 1000


@dataclass(frozen=True)
class Project:
    """A budget option: its id, cost in whole euros, position on the ballot and votes."""

    id: int
    cost: int
    position: int
    votes: int


@dataclass(frozen=True)
class Outcome:
    """The funded projects (ids, in the order the rule chose them) and the money spent.

    filled: the ids the greedy fill added after Equal Shares (empty for the greedy rule).
    steps: how often Equal Shares raised the shares before the last outcome that fit.
    """

    funded: tuple[int, ...]
    spent: int
    budget: int
    filled: tuple[int, ...] = field(default=())
    steps: int = 0

    @property
    def left(self) -> int:
        """Return the money not spent."""
        return self.budget - self.spent


Group = tuple[frozenset[int], int]  # the projects a ballot chose, and how many ballots did


def greedy_order(projects: Iterable[Project]) -> list[Project]:
    """Return the projects somebody voted for: most votes first, then cheaper, then position."""
    chosen = [project for project in projects if project.votes > 0]
    return sorted(chosen, key=lambda project: (-project.votes, project.cost, project.position))


def fill(projects: Iterable[Project], budget: int, funded: Sequence[int] = ()) -> list[int]:
    """Return the ids the greedy rule adds to `funded` with what is left of `budget`."""
    costs = {project.id: project.cost for project in projects}
    left = budget - sum(costs[pid] for pid in funded)
    added = []
    for project in greedy_order(projects):
        if project.id not in funded and project.cost <= left:
            added.append(project.id)
            left -= project.cost
    return added


def greedy(projects: Sequence[Project], budget: int) -> Outcome:
    """Return the outcome of the greedy rule (most votes first, skip what does not fit)."""
    funded = fill(projects, budget)
    return Outcome(tuple(funded), spent_on(projects, funded), budget)


def spent_on(projects: Iterable[Project], funded: Iterable[int]) -> int:
    """Return what the funded projects cost together."""
    chosen = set(funded)
    return sum(project.cost for project in projects if project.id in chosen)


def payment_cap(cost: int, budgets: Counter) -> Fraction | None:
    """Return the most any supporter pays when those with `budgets` (budget → how many) pay
    `cost` together, each min(budget, cap); None if all they have is not enough."""
    if sum(budget * count for budget, count in budgets.items()) < cost:
        return None
    paid, payers = Fraction(0), sum(budgets.values())
    for budget in sorted(budgets):
        cap = (cost - paid) / payers
        if cap <= budget:
            return cap
        paid += budget * budgets[budget]
        payers -= budgets[budget]
    raise AssertionError("unreachable: the supporters have enough together")


def supporters_of(projects: Sequence[Project], groups: Sequence[Group]) -> dict[int, list[int]]:
    """Return project id → the indexes of the groups that chose it."""
    return {
        project.id: [index for index, (chosen, _n) in enumerate(groups) if project.id in chosen]
        for project in projects
    }


def payment_for(project: Project, supporters: list[int], groups, left) -> Fraction | None:
    """Return the payment cap of `project` for its supporters with what they have `left`
    (None when they cannot afford it)."""
    if project.cost == 0:
        return Fraction(0)
    budgets: Counter = Counter()
    for index in supporters:
        budgets[left[index]] += groups[index][1]
    return payment_cap(project.cost, budgets)


def equal_shares_run(projects, groups: Sequence[Group], supporters, share: Fraction) -> list[int]:
    """Return the ids Equal Shares funds, in order, when every voter starts with `share`."""
    left = [share] * len(groups)  # what each voter of a group has left (the same for all)
    waiting = [project for project in projects if supporters[project.id]]
    funded: list[int] = []
    while waiting:
        best = None
        for project in list(waiting):
            cap = payment_for(project, supporters[project.id], groups, left)
            if cap is None:
                waiting.remove(project)  # budgets only shrink: it never becomes affordable
                continue
            rho = cap / project.cost if project.cost else cap
            key = (rho, -project.votes, project.cost, project.position)
            if best is None or key < best[0]:
                best = (key, project, cap)
        if best is None:
            break
        _key, project, cap = best
        for index in supporters[project.id]:
            left[index] -= min(left[index], cap)
        funded.append(project.id)
        waiting.remove(project)
    return funded


def exhaustive(projects: Sequence[Project], budget: int, funded: Sequence[int]) -> bool:
    """Whether no project somebody chose, not yet funded, would still fit the budget."""
    return not fill(projects, budget, funded)


def equal_shares(projects: Sequence[Project], groups: Iterable[Group], budget: int) -> Outcome:
    """Return the outcome of Equal Shares with the add-one completion and a greedy fill."""
    groups = [(frozenset(chosen), count) for chosen, count in groups if chosen and count > 0]
    voters = sum(count for _chosen, count in groups)
    if not voters:
        return Outcome((), 0, budget)
    start, supporters = Fraction(budget, voters), supporters_of(projects, groups)
    funded, steps = equal_shares_run(projects, groups, supporters, start), 0
    for step in range(1, MAX_STEPS + 1):
        if exhaustive(projects, budget, funded):
            break
        trial = equal_shares_run(projects, groups, supporters, start * (1 + step * STEP))
        if spent_on(projects, trial) > budget:
            break
        funded, steps = trial, step
    added = fill(projects, budget, funded)
    chosen = (*funded, *added)
    return Outcome(chosen, spent_on(projects, chosen), budget, tuple(added), steps)
