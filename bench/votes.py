"""Measure the vote tally, the budget rules and the ballot list at scale; print a table.

    .venv/bin/python bench/votes.py [--ballots 500000] [--projects 5] [--runs 3]

Fills a fresh database with a closed participatory budget vote (the example's five projects, or
`--projects N` with invented ones) and N ballots by bulk inserts (the generator of `flask seed
bench`, participation/core/benchdata/votes.py): 30 % on paper, a few abstentions, some invalid
paper ballots, the rest choosing projects by popularity within the budget. Then times the tally
(counts), the SQL grouping of ballots by their choices, greedy and Equal Shares on those groups,
the tally page as staff (with its statement count), the receipt check, and the full CSV and JSON
downloads. Uses a fresh SQLite file unless BENCH_DATABASE_URL is set (for example
postgresql+psycopg://postgres@127.0.0.1:5432/bench, created and dropped by you).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select, text, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.notifications import count_statements  # noqa: E402
from bench.report import bench_app, bench_staff, print_table, staff_client  # noqa: E402
from participation.core.benchdata.votes import ballot_rows, popularity_of  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.votes import budget, mixing, tally  # noqa: E402
from participation.votes.models import Ballot, BallotChoice, Vote  # noqa: E402
from participation.votes.seed import CITIZENS_BUDGET, build_vote  # noqa: E402

BATCH = 10_000  # ballots per bulk insert


def spec_with(projects: int) -> dict:
    """Return the example budget, or one with `projects` invented projects."""
    if projects == len(CITIZENS_BUDGET["options"]):
        return CITIZENS_BUDGET
    costs = [3_000 + (index * 2_700) % 14_000 for index in range(projects)]
    options = [(f"Projekt {n + 1}", "", cost) for n, cost in enumerate(costs)]
    return {**CITIZENS_BUDGET, "options": options, "budget": sum(costs) // 3}


def fill(vote: Vote, count: int) -> int:
    """Insert `count` random ballots in bulk; return the choice rows written."""
    chance = random.Random(2026)
    popularity = popularity_of(vote, chance)
    written = 0
    for start in range(0, count, BATCH):
        ballots, choices = [], []
        for _ in range(min(BATCH, count - start)):
            row, chosen = ballot_rows(vote, chance, popularity)
            ballots.append(row)
            choices += chosen
        db.session.execute(insert(Ballot.__table__), ballots)
        db.session.execute(insert(BallotChoice.__table__), choices)
        written += len(choices)
    db.session.execute(update(Vote).where(Vote.id == vote.id).values(ballot_count=count))
    db.session.commit()
    with db.engine.connect() as connection:  # fresh statistics, as autovacuum would gather them
        connection.execute(text("ANALYZE"))
        connection.commit()
    return written


def timed(action: Callable[[], object], runs: int) -> tuple[float, object]:
    """Return the median milliseconds of `action` over `runs` runs, and its last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def timed_get(client, url: str, runs: int) -> tuple[float, int, int, float]:
    """Return the median ms of GET `url` (the whole body read), the statements of one request,
    the body's size and the ms of the first GET (the tally page counts and stores then)."""
    start = time.perf_counter()
    client.get(url).get_data()  # warm up templates and caches
    first = (time.perf_counter() - start) * 1000
    counter, stop = count_statements(db.engine)
    reply = client.get(url)
    reply.get_data()
    stop()
    assert reply.status_code == 200, (url, reply.status_code)
    milliseconds, body = timed(lambda: client.get(url).get_data(), runs)
    return milliseconds, counter["n"], len(body), first


def streamed_size(client, url: str) -> int:
    """Download `url` chunk by chunk, as a browser would, and return the bytes received."""
    reply = client.get(url, buffered=False)
    try:
        return sum(len(chunk) for chunk in reply.response)
    finally:
        reply.close()


def measure_budget(vote: Vote, runs: int) -> list[tuple[str, str]]:
    """Time the counts, the grouping and both budget rules in the app context."""
    count_ms, counted = timed(lambda: tally.count(vote, stored=False), runs)
    option_ids = [option.id for option in counted.options]
    groups_ms, groups = timed(lambda: tally.choice_groups(vote.id, option_ids), runs)
    projects = [
        budget.Project(o.id, o.cost or 0, o.position, o.votes.total) for o in counted.options
    ]
    greedy_ms, _ = timed(lambda: budget.greedy(projects, vote.budget), runs)
    shares_ms, shares = timed(lambda: budget.equal_shares(projects, groups, vote.budget), runs)
    return [
        ("Ballots (valid / abstention / invalid)",
         f"{counted.valid.total:,} / {counted.abstentions.total:,} / {counted.invalid.total:,}"),
        ("Paper ballots", f"{counted.ballots.paper:,}"),
        (f"Tally counts afresh (3 queries): ms (median of {runs})", f"{count_ms:.0f}"),
        ("Ballot groups by choices (1 query): ms", f"{groups_ms:.0f}"),
        ("Distinct ballots (groups)", f"{len(groups):,}"),
        ("Greedy: ms", f"{greedy_ms:.2f}"),
        ("Equal Shares with completion: ms", f"{shares_ms:.0f}"),
        ("Equal Shares: completion steps", f"{shares.steps}"),
    ]  # fmt: skip


def time_mixing(vote: Vote) -> float:
    """Mix the vote's ballots and clear what that left behind (as `flask votes mix` does from
    cron); return the seconds."""
    start = time.perf_counter()
    mixing.mix(vote)
    db.session.commit()
    mixing.vacuum()
    return time.perf_counter() - start


def bench(count: int, projects: int, runs: int) -> list[tuple[str, str]]:
    """Fill the database, then measure; return the table's rows."""
    app = bench_app("votes")
    with app.app_context(), app.test_request_context():
        db.drop_all()
        db.create_all()
        staff = bench_staff()
        day = timedelta(days=1)
        vote = build_vote(spec_with(projects), author=staff, opens_in=-15 * day, open_for=14 * day)
        db.session.commit()
        vote_id, token, staff_id = vote.id, staff.session_token, staff.id
        start = time.perf_counter()
        choices = fill(vote, count)
        filled = time.perf_counter() - start
        mixed_s = time_mixing(db.session.get(Vote, vote_id))
        rows = measure_budget(db.session.get(Vote, vote_id), runs)
        code = db.session.scalar(select(Ballot.receipt).where(Ballot.vote_id == vote_id).limit(1))
        dialect = db.engine.dialect.name
    client = staff_client(app, token, staff_id)
    with app.app_context():
        page_ms, statements, _size, first_ms = timed_get(client, f"/votes/{vote_id}/tally", runs)
        check = f"/votes/{vote_id}/check-receipt?code={code}"
        check_ms, _n, _size, _first = timed_get(client, check, runs)
        csv_ms, csv_size = timed(lambda: streamed_size(client, f"/votes/{vote_id}/ballots.csv"), 1)
        json_ms, json_size = timed(
            lambda: streamed_size(client, f"/votes/{vote_id}/ballots.json"), 1
        )
    return [
        ("Database", dialect),
        ("Ballots", f"{count:,}"),
        ("Projects", f"{projects}"),
        ("Rows in ballot_choices", f"{choices:,}"),
        ("Fill: seconds (bulk inserts)", f"{filled:.1f}"),
        ("Mixing all ballots once, with VACUUM (flask votes mix): seconds", f"{mixed_s:.1f}"),
        *rows,
        ("Tally page, first view (counts and stores): ms", f"{first_ms:.0f}"),
        (
            f"Tally page (budget, both rules), stored counts: ms (median of {runs})",
            f"{page_ms:.0f}",
        ),
        ("Tally page, stored counts: SQL statements", f"{statements}"),
        ("Receipt check page: ms", f"{check_ms:.0f}"),
        ("Ballot list CSV: seconds", f"{csv_ms / 1000:.1f}"),
        ("Ballot list CSV: MB", f"{csv_size / 1_000_000:.1f}"),
        ("Ballot list JSON: seconds", f"{json_ms / 1000:.1f}"),
        ("Ballot list JSON: MB", f"{json_size / 1_000_000:.1f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=500_000)
    parser.add_argument("--projects", type=int, default=len(CITIZENS_BUDGET["options"]))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print_table(bench(args.ballots, args.projects, args.runs))


if __name__ == "__main__":
    main()
