"""Measure the survey results page and the CSV export at scale; print a table.

    .venv/bin/python bench/surveys.py [--responses 100000] [--runs 5]

Fills a fresh database with the example survey (one question of every type) and N responses
with random answers by bulk inserts (the generator of `flask seed bench`,
participation/core/benchdata/surveys.py), then renders the results page as staff through the
test client (median of several runs, with its SQL statement count; also with the paper filter)
and downloads the full CSV export. Uses a fresh SQLite file unless BENCH_DATABASE_URL is set (for
example postgresql+psycopg://postgres@127.0.0.1:5432/bench, created and dropped by you).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.notifications import count_statements  # noqa: E402
from bench.report import bench_app, bench_staff, print_table, staff_client  # noqa: E402
from participation.core.benchdata.surveys import response_rows  # noqa: E402
from participation.core.channels import Channel  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.surveys import results  # noqa: E402
from participation.surveys.models import Answer, Response, Survey  # noqa: E402
from participation.surveys.seed import build_survey  # noqa: E402

BATCH = 5000  # responses per bulk insert


def fill(survey: Survey, count: int) -> int:
    """Insert `count` random responses with their answers in bulk; return the answer rows."""
    chance, questions, written = random.Random(2026), survey.questions(), 0
    first_day = date.today() - timedelta(days=30)
    for start in range(0, count, BATCH):
        responses, answers = [], []
        for _ in range(min(BATCH, count - start)):
            response, rows = response_rows(
                survey.id, questions, chance, first_day=first_day, days=30
            )
            responses.append(response)
            answers += rows
        db.session.execute(insert(Response.__table__), responses)
        db.session.execute(insert(Answer.__table__), answers)
        written += len(answers)
    db.session.execute(update(Survey).where(Survey.id == survey.id).values(response_count=count))
    db.session.commit()
    with db.engine.connect() as connection:  # fresh statistics, as autovacuum would gather them
        connection.execute(text("ANALYZE"))
        connection.commit()
    return written


def timed_page(client, url: str, runs: int) -> tuple[float, int, float]:
    """Return the median milliseconds of GET `url` over `runs` runs, its statement count and
    the milliseconds of the first GET (it counts the figures and stores them)."""
    start = time.perf_counter()
    client.get(url)  # warms templates and caches up, and stores the figures
    first = (time.perf_counter() - start) * 1000
    times, statements = [], 0
    for _ in range(runs):
        counter, stop = count_statements(db.engine)
        start = time.perf_counter()
        reply = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        stop()
        assert reply.status_code == 200, reply.status_code
        statements = counter["n"]
    return statistics.median(times), statements, first


def timed_counting(survey_id: int, channel: Channel | None, runs: int) -> float:
    """Return the median milliseconds of counting the results afresh (nothing stored used)."""
    survey = db.session.get(Survey, survey_id)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        results.aggregate(survey, channel, stored=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench(count: int, runs: int) -> list[tuple[str, str]]:
    app = bench_app("surveys")
    with app.app_context(), app.test_request_context():
        db.drop_all()
        db.create_all()
        staff = bench_staff()
        survey = build_survey(author=staff)
        db.session.commit()
        survey_id, token, staff_id = survey.id, staff.session_token, staff.id
        start = time.perf_counter()
        answers = fill(survey, count)
        filled = time.perf_counter() - start
        stored = db.session.scalar(select(func.count()).select_from(Answer))
        assert stored == answers
    client = staff_client(app, token, staff_id)
    with app.app_context():
        page_ms, statements, first_ms = timed_page(client, f"/surveys/{survey_id}/results", runs)
        paper = f"/surveys/{survey_id}/results?channel=paper"
        paper_ms, _, paper_first_ms = timed_page(client, paper, runs)
        counting_ms = timed_counting(survey_id, None, runs)
        start = time.perf_counter()
        reply = client.get(f"/surveys/{survey_id}/results.csv")
        size = len(reply.get_data())
        csv_seconds = time.perf_counter() - start
        dialect = db.engine.dialect.name
    return [
        ("Database", dialect),
        ("Responses", f"{count:,}"),
        ("Rows in survey_answers", f"{answers:,}"),
        ("Fill: seconds (bulk inserts)", f"{filled:.1f}"),
        (
            f"Counting all results afresh (no stored figures): ms (median of {runs})",
            f"{counting_ms:.0f}",
        ),
        ("Results page, first view (counts and stores the figures): ms", f"{first_ms:.0f}"),
        (f"Results page, stored figures: ms (median of {runs})", f"{page_ms:.0f}"),
        ("Results page, stored figures: SQL statements", f"{statements}"),
        ("Results page, paper only, first view: ms", f"{paper_first_ms:.0f}"),
        ("Results page, paper only, stored figures: ms", f"{paper_ms:.0f}"),
        ("CSV export: seconds", f"{csv_seconds:.1f}"),
        ("CSV export: MB", f"{size / 1_000_000:.1f}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print_table(bench(args.responses, args.runs))


if __name__ == "__main__":
    main()
