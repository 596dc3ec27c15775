"""`make bench`: the platform's pages under gunicorn on SQLite and PostgreSQL, against a bare
Flask ceiling, plus the earlier benches; prints a Markdown report.

    .venv/bin/python bench/pages.py [--output bench/RESULTS.md] [--database sqlite|postgresql]

For each database: a fresh one (a SQLite file in a temporary folder; a PostgreSQL database
bench_pages_<pid> on BENCH_POSTGRES_ADMIN_URL's server), `flask db upgrade`, `flask seed bench
--preset $BENCH_PRESET`; then gunicorn (two sync workers, production settings, Redis database
BENCH_REDIS_URL for rate-limit counters and jobs) with a staff account signed in. Each page gets
50 warm-up requests, 200 sequential ones (median, p95) and a 20-second `wrk -t2 -c8` run; every
answer must be a 200 or the run stops. Then the workers' RSS. A bare Flask app (bench/bare.py)
served the same way is the ceiling. Everything started is stopped and dropped at the end, also
after Ctrl-C or a failure.

Environment: BENCH_PRESET (state, the default, or small); BENCH_SQLITE_PATH and
BENCH_POSTGRES_URL (an already-seeded database: migrated, not seeded, not dropped);
BENCH_SKIP_EXTRAS=1 (leave out the earlier benches); BENCH_POSTGRES_ADMIN_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres); BENCH_REDIS_URL (default
redis://127.0.0.1:6379/12, emptied before and after the run); BENCH_WRK_SECONDS (default 20:
shorter runs for trying the harness out, their figures not comparable).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis  # noqa: E402

from bench import databases, extras, summary  # noqa: E402
from bench.measure import BadStatus, run_wrk, summarize, timed_requests  # noqa: E402
from bench.serve import ROOT, Server, free_port, rss_mb  # noqa: E402
from bench.summary import DatabaseRun, PageResult  # noqa: E402

WARM_UP, SEQUENTIAL, WRK_SECONDS = 50, 200, int(os.environ.get("BENCH_WRK_SECONDS", "20"))
LIST_PAGE = 50
REDIS_URL = "redis://127.0.0.1:6379/12"
KINDS = ("sqlite", "postgresql")


def server_env(url: str, port: int, instance: Path) -> dict[str, str]:
    """Return the production settings the platform runs with under gunicorn."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("BENCH_")}
    return env | {
        "APP_ENV": "production",
        "DATABASE_URL": url,
        "REDIS_URL": redis_url(),
        "SECRET_KEY": secrets.token_urlsafe(48),
        "IDENTITY_KEY_SECRET": secrets.token_urlsafe(48),
        "SERVER_NAME": f"127.0.0.1:{port}",
        "INSTANCE_PATH": str(instance),
        "MAIL_BACKEND": "file",  # nothing should be mailed; if something is, not to the world
        "TWO_FACTOR_ROLES": "none",  # the staff session signs in with a password only
        "SIGNIN_NOTICE_ROLES": "none",
        # The open data API allows 120 requests a minute per address; wrk sends thousands.
        "API_RATE_LIMIT": "100000000 per minute",
        "LOG_LEVEL": "WARNING",  # the app's one line per request is an access log: off
    }


def redis_url() -> str:
    """Return the Redis database of the run (BENCH_REDIS_URL)."""
    return os.environ.get("BENCH_REDIS_URL") or REDIS_URL


def empty_redis() -> None:
    """Empty the run's Redis database: rate-limit counters and queued jobs of the run."""
    redis.Redis.from_url(redis_url()).flushdb()


def find_targets(env: dict[str, str]) -> dict:
    """Return the proposal, survey and vote to open and the staff cookie (bench/targets.py)."""
    done = subprocess.run(
        [sys.executable, "bench/targets.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench/targets.py failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def page_list(targets: dict) -> list[PageResult]:
    """Return the pages to measure; those the data lacks are marked as skipped."""
    staff = [
        staff_page("Survey results", "surveys/{}/results", targets["survey"], "responses"),
        staff_page("Vote results (staff tally)", "votes/{}/tally", targets["vote"], "ballots"),
    ]
    # Guests get the list from the page cache; a signed-in person's list is rendered each time.
    rendered = PageResult("Proposal list, page 1, signed in (rendered each time)", "/proposals/")
    for page in (*staff, rendered):
        page.cookie = targets["cookie"]
    return [
        PageResult("Home", "/"),
        PageResult("Proposal list, page 1", "/proposals/"),
        list_page(targets),
        rendered,
        detail_page(targets["proposal"]),
        *staff,
        PageResult("API /api/v1/proposals", "/api/v1/proposals"),
    ]


def list_page(targets: dict) -> PageResult:
    """Return the proposal list's page 50, skipped when the data has fewer pages."""
    page = PageResult(f"Proposal list, page {LIST_PAGE}", f"/proposals/?page={LIST_PAGE}")
    pages = -(-targets["listed"] // targets["per_page"])
    if pages < LIST_PAGE:
        page.skipped = f"only {pages} pages in the data"
    return page


def detail_page(proposal: dict | None) -> PageResult:
    """Return the proposal detail page of the 90th-percentile proposal."""
    if proposal is None:
        return PageResult("Proposal detail", "", skipped="no proposal in the data")
    name = f"Proposal detail #{proposal['id']} ({proposal['count']:,} comments, p90)"
    return PageResult(name, f"/proposals/{proposal['id']}")


def staff_page(title: str, pattern: str, found: dict | None, what: str) -> PageResult:
    """Return a staff page about the largest survey or vote, or a skipped row."""
    if found is None:
        return PageResult(title, "", skipped=f"no {title.split()[0].lower()} in the data")
    name = f"{title} #{found['id']} ({found['count']:,} {what})"
    return PageResult(name, "/" + pattern.format(found["id"]))


def measure_page(server: Server, page: PageResult) -> PageResult:
    """Warm the page up, time sequential requests, then run wrk against it."""
    if page.skipped:
        return page
    print(f"  {page.name}: {page.path}", file=sys.stderr, flush=True)
    timed_requests(server.port, page.path, page.cookie, WARM_UP)
    page.timing = summarize(timed_requests(server.port, page.path, page.cookie, SEQUENTIAL))
    page.wrk = run_wrk(f"http://127.0.0.1:{server.port}{page.path}", page.cookie, WRK_SECONDS)
    return page


def measure_pages(server: Server, pages: list[PageResult]) -> list[PageResult]:
    """Measure every page; on an answer other than 200, fail with the server's log."""
    try:
        return [measure_page(server, page) for page in pages]
    except BadStatus as error:
        raise BadStatus(f"{error}\n--- server log ---\n{server.log_tail()}") from None


def measure_bare(folder: Path) -> tuple[PageResult, list[float]]:
    """Measure bench/bare.py served the same way; return its figures and worker RSS."""
    print("measuring the bare Flask ceiling", file=sys.stderr, flush=True)
    env = {name: value for name, value in os.environ.items() if not name.startswith("BENCH_")}
    with Server("bench.bare:app", env, folder / "bare.log") as server:
        bare = measure_page(server, PageResult("Bare Flask (bench/bare.py)", "/"))
        return bare, [rss_mb(pid) for pid in server.worker_pids()]


def open_database(kind: str, folder: Path, stack: ExitStack) -> databases.Database:
    """Return the database of `kind`, to be dropped when `stack` closes."""
    if kind == "sqlite":
        database = databases.sqlite_database(folder)
    else:
        database = databases.postgres_database(f"bench_pages_{os.getpid()}")
    stack.callback(database.close)
    return database


def run_database(kind: str, folder: Path, preset: str) -> DatabaseRun:
    """Prepare one database, serve the platform on it and measure every page."""
    instance = folder / f"instance-{kind}"
    with ExitStack() as stack:
        print(f"preparing {kind} (preset {preset})", file=sys.stderr, flush=True)
        database = open_database(kind, folder, stack)
        databases.prepare(database, preset, instance)
        port = free_port()
        env = server_env(database.url, port, instance)
        pages = page_list(find_targets(env))
        server = stack.enter_context(Server("wsgi:app", env, folder / f"{kind}.log", port))
        print(f"measuring {kind} on port {port}", file=sys.stderr, flush=True)
        run = DatabaseRun(kind, measure_pages(server, pages))
        run.rss_mb = [rss_mb(pid) for pid in server.worker_pids()]
        run.seed_seconds, run.seed_output = database.seed_seconds, database.seed_output
        return run


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--database", choices=KINDS, action="append", help="default: both")
    args = parser.parse_args()
    args.preset = os.environ.get("BENCH_PRESET") or "state"
    if args.preset not in ("state", "small"):
        parser.error(f"BENCH_PRESET={args.preset!r}: use state or small")
    args.kinds = [kind for kind in KINDS if kind in (args.database or KINDS)]
    return args


def emit(sections: list[str], text: str) -> None:
    """Print one section of the report now and keep it for --output."""
    sections.append(text)
    print(text + "\n", flush=True)


def run(args: argparse.Namespace, folder: Path, sections: list[str]) -> bool:
    """Measure everything into `sections`; return False when an earlier bench failed."""
    emit(sections, summary.machine_section(args.preset, WRK_SECONDS))
    bare, bare_rss = measure_bare(folder)
    emit(sections, summary.ceiling_section(bare, bare_rss))
    for kind in args.kinds:
        result = run_database(kind, folder, args.preset)
        emit(sections, summary.database_section(result, bare.wrk.requests_per_second))
    if os.environ.get("BENCH_SKIP_EXTRAS", "") not in ("", "0"):
        return True
    outcomes = extras.run_all(folder / "extras", args.kinds)
    emit(sections, summary.extras_section(outcomes))
    return not any(outcome.failed for outcome in outcomes)


def interrupt(_signum, _frame) -> None:
    """Turn SIGTERM (and SIGINT, which a shell may have set to be ignored in the background)
    into KeyboardInterrupt, so the cleanup runs."""
    raise KeyboardInterrupt


def main() -> None:
    """Run the bench, write the report if asked, and clean up whatever happens."""
    args = parse_args()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, interrupt)
    sections: list[str] = []
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-pages-")))
        empty_redis()
        stack.callback(empty_redis)
        succeeded = run(args, folder, sections)
    if args.output:
        args.output.write_text("\n\n".join(sections) + "\n")
        print(f"report written to {args.output}", file=sys.stderr)
    if not succeeded:
        raise SystemExit("an earlier bench failed (its output is in the report)")


if __name__ == "__main__":
    main()
