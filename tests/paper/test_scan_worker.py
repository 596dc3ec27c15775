"""A scan import whose worker is killed half-way, on the real things: a committed database (a
SQLite file or PostgreSQL), a real Redis and real RQ worker processes (`flask worker --burst`).

The first worker is killed with SIGKILL (no cleanup) after it stored some pages, while it holds
the next page's ballot counted but not yet committed. The upload stays "reading" with the pages
stored so far; once it counts as stalled, staff start it again on its page and a new worker
reads the remaining pages. Every page is stored once, every certain ballot counted once, and
the same file uploaded again counts nothing."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from rq import Queue
from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.core.channels import Channel
from participation.core.models import utcnow
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import scan_jobs
from participation.paper.models import EntryRole, EntrySource, PaperEntry, Sheet, SheetStatus
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanState, ScanUpload
from participation.votes.models import Ballot, Vote, VoteKind
from participation.votes.seed import EXAMPLES, build_vote
from participation.votes.tally import count
from tests.conftest import PASSWORD
from tests.live import client_for, live_app
from tests.paper.scan_import_fixtures import as_pdf, blank_page, print_ballots
from tests.redisutil import require_redis

ROOT = Path(__file__).resolve().parents[2]
P = ScanPageStatus
CERTAIN = 6  # ballots read with certainty: each is counted once
BLANK_AT = 5  # a blank page, followed by a ballot crossed twice, near the end of the stack
OVER_VOTED_AT = BLANK_AT + 1
PAGES = CERTAIN + 2
KILL_AFTER = 2  # the first worker is killed once it stored this many pages (or more)
RETRY_BUTTON = "Übrige Seiten einlesen"


class Stack:
    """The scanned stack: the file, the code on each page (None: blank), the certain ones."""

    def __init__(self, vote):
        """Print the vote's ballots with the real generator and scan them: ballot n crossed in
        box n % 3, the last certain one left empty (counted as invalid), one crossed twice."""
        ballots = print_ballots(vote, CERTAIN + 1)
        certain = [ballots.marked(n, n % 3) for n in range(CERTAIN - 1)]
        certain.append(ballots.marked(CERTAIN - 1))
        odd = [blank_page(), ballots.marked(CERTAIN, 0, 1)]  # at BLANK_AT and OVER_VOTED_AT
        self.data = as_pdf(certain[:BLANK_AT] + odd + certain[BLANK_AT:])
        codes: list[str | None] = list(ballots.codes)
        self.page_codes = codes[:BLANK_AT] + [None, codes[CERTAIN]] + codes[BLANK_AT:CERTAIN]
        self.certain = ballots.codes[:CERTAIN]


def staff_member():
    """Register a staff member who uploads scans."""
    user = accounts.register("scans@example.org", "Sina Scan", PASSWORD, "de").user
    user.confirm_email()
    role_service.set_roles(user, {Role.STAFF}, actor=None)
    return user


@pytest.fixture()
def live_scans(tmp_path):
    """An app on its own committed database that hands scan imports to the real Redis, with
    an open vote (no double entry), its printed and scanned ballots, and a staff member."""
    url = require_redis()
    queue = Queue(scan_jobs.QUEUE, connection=redis.Redis.from_url(url))
    queue.connection.flushdb()
    settings = {"REDIS_URL": url, "PAPER_FOLDER": str(tmp_path / "paper")}
    try:
        with live_app("scan_worker", **settings) as app:
            with app.test_request_context():
                vote = build_vote(EXAMPLES[VoteKind.SINGLE])
                vote.paper_double_entry = False
                stack = Stack(vote)
                token = staff_member().session_token
                db.session.commit()
                vote_id = vote.id
            yield Live(app, client_for(app, token), queue, vote_id, stack, tmp_path)
    finally:
        queue.connection.flushdb()


class Live:
    """What the test works with: the app, a signed-in staff client, the queue, the stack, and
    worker processes started on the app's database, Redis and paper folder."""

    def __init__(self, app, client, queue, vote_id: int, stack: Stack, folder: Path):
        self.app, self.client, self.queue = app, client, queue
        self.vote_id, self.stack, self.folder = vote_id, stack, folder
        self.workers = 0

    def upload(self, key: str) -> int:
        """Post the file on the upload form as staff; return the new upload's id."""
        form = {"scan": (io.BytesIO(self.stack.data), "stapel.pdf"), "submission_key": key}
        response = self.client.post("/paper/scans/", data=form, content_type="multipart/form-data")
        assert response.status_code == 302, response.get_data(as_text=True)
        return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])

    def start_worker(self) -> Worker:
        """Start `flask worker --burst` in a process of its own (as `flask worker` runs in
        production, only stopping when the queues are empty)."""
        self.workers += 1
        log = self.folder / f"worker-{self.workers}.log"
        config = self.app.config
        environment = os.environ | {
            "APP_ENV": "development",
            "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
            "REDIS_URL": config["REDIS_URL"],
            "PAPER_FOLDER": config["PAPER_FOLDER"],
        }
        environment.pop("TOWN_CONFIG", None)  # the same instance/town.toml as the test's app
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--burst"],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        return Worker(process, log)

    def image(self, upload_id: int, index: int) -> Path:
        """Return where the job keeps the image of a page (written once the page is read and
        its ballot counted, just before the page is stored and committed)."""
        return (
            Path(self.app.config["PAPER_FOLDER"])
            / "scans"
            / f"scan-{upload_id}-{index + 1:04d}.png"
        )

    def row(self, upload_id: int) -> ScanUpload:
        """Return the upload as stored now (detached; no lock is held afterwards)."""
        with self.app.app_context():
            upload = db.session.get(ScanUpload, upload_id)
            db.session.expunge(upload)
            return upload

    def pages(self, upload_id: int) -> list[tuple[int, ScanPageStatus, str | None]]:
        """Return the upload's stored pages: index, status and problem, in file order."""
        with self.app.app_context():
            query = select(ScanPage.index, ScanPage.status, ScanPage.problem)
            query = query.where(ScanPage.upload_id == upload_id).order_by(ScanPage.index)
            return [tuple(row) for row in db.session.execute(query)]

    def rows(self, model, **where) -> int:
        """Return how many rows of `model` match."""
        with self.app.app_context():
            return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))

    def sheet_states(self, codes) -> Counter:
        """Return how many of these sheets are in each state."""
        with self.app.app_context():
            return Counter(db.session.scalars(select(Sheet.status).where(Sheet.code.in_(codes))))

    def progress_page(self, upload_id: int) -> str:
        """Return the upload's progress page as staff see it."""
        response = self.client.get(f"/paper/scans/{upload_id}?auto=0")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def age(self, upload_id: int) -> None:
        """Let the upload's last sign of life lie further back than STALLED_AFTER (the test's
        stand-in for an hour passing)."""
        stalled = utcnow() - scan_jobs.STALLED_AFTER - timedelta(minutes=1)
        with self.app.app_context():
            query = update(ScanUpload).where(ScanUpload.id == upload_id)
            db.session.execute(query.values(updated_at=stalled))
            db.session.commit()

    def work_in_process(self) -> None:
        """Run `flask worker --burst` in this process until the queues are empty (a real RQ
        worker without a process start). It installs its own SIGINT/SIGTERM handlers, so they
        are put back afterwards."""
        saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            with self.app.app_context():
                result = self.app.test_cli_runner().invoke(args=["worker", "--burst"])
        finally:
            for number, handler in saved.items():
                signal.signal(number, handler)
        assert result.exit_code == 0, result.output


class Worker:
    """A worker process and its log."""

    def __init__(self, process: subprocess.Popen, log: Path):
        self.process, self.log = process, log

    def alive(self) -> bool:
        """Return whether it still runs; fail with its log if it stopped on its own."""
        assert self.process.poll() is None, f"the worker stopped:\n{self.tail()}"
        return True

    def tail(self) -> str:
        """Return the end of its log."""
        return self.log.read_text(errors="replace")[-3000:]

    def kill(self) -> None:
        """Kill it with SIGKILL: no handler, no cleanup, no rollback of its own."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def finish(self) -> None:
        """Let it empty the queue and stop; fail with its log if it does not."""
        try:
            code = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the worker did not finish:\n{self.tail()}")
        assert code == 0, self.tail()


def wait_for(condition, worker: Worker, what: str, seconds: float = 45) -> None:
    """Poll `condition` while the worker runs; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert worker.alive() and time.monotonic() < deadline, f"{what}:\n{worker.tail()}"
        time.sleep(0.02)


@contextmanager
def commits_held(app, upload_id: int) -> Iterator[int]:
    """Hold a lock under which the worker reads the next page and counts its ballot, but cannot
    commit it; yield how many pages are committed. PostgreSQL: the upload's row locked for
    update (storing the page waits for it). SQLite: a reader's shared lock, which a commit
    waits for (a plain sqlite3 connection, as the app's own begin every transaction IMMEDIATE)."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(url.database, timeout=30, isolation_level=None)
        try:
            connection.execute("BEGIN")
            query = "SELECT pages_done FROM paper_scan_uploads WHERE id = ?"
            yield connection.execute(query, (upload_id,)).fetchone()[0]
        finally:
            connection.close()  # ends the read transaction
        return
    with app.app_context(), db.engine.connect() as connection, connection.begin():
        query = select(ScanUpload.pages_done).where(ScanUpload.id == upload_id)
        yield connection.scalar(query.with_for_update())


def kill_with_a_page_in_flight(live: Live, upload_id: int) -> int:
    """Start a worker on the queued upload; once it stored KILL_AFTER pages, let it read and
    count the next page but not commit it, and kill it then. Return the pages it stored."""
    worker = live.start_worker()
    try:
        enough = lambda: live.row(upload_id).pages_done >= KILL_AFTER  # noqa: E731
        wait_for(enough, worker, "the worker stored no pages in time")
        with commits_held(live.app, upload_id) as stored:
            in_flight = live.image(upload_id, stored)
            wait_for(in_flight.exists, worker, "the worker did not read the next page")
            time.sleep(0.1)  # now waiting for the lock, with the ballot counted, uncommitted
            worker.kill()
    finally:
        if worker.process.returncode is None:
            worker.kill()
    assert worker.process.returncode == -signal.SIGKILL
    return stored


def assert_consistent(live: Live, upload_id: int) -> ScanUpload:
    """Check that the upload's counts agree with its stored pages, the sheets, the entries and
    the ballots (nothing of a page read but not stored survives); return the upload."""
    upload, pages = live.row(upload_id), live.pages(upload_id)
    statuses = Counter(status for _index, status, _problem in pages)
    assert upload.pages_done == len(pages)
    assert (upload.counted, upload.review) == (statuses[P.COUNTED], statuses[P.REVIEW])
    assert live.rows(Ballot, vote_id=live.vote_id, channel=Channel.PAPER) == upload.counted
    assert live.rows(PaperEntry) == upload.counted
    assert live.sheet_states(live.stack.certain)[SheetStatus.COUNTED] == upload.counted
    return upload


def assert_counted_once(live: Live) -> None:
    """Check that each certain ballot is counted exactly once, as scanned, with its marks."""
    codes = live.stack.certain
    assert live.sheet_states(codes) == Counter({SheetStatus.COUNTED: CERTAIN})
    assert live.rows(Ballot, vote_id=live.vote_id, channel=Channel.PAPER) == CERTAIN
    with live.app.app_context():
        receipts = select(Ballot.receipt).where(Ballot.vote_id == live.vote_id)
        assert Counter(db.session.scalars(receipts)) == Counter(codes)
        query = select(Sheet.code, PaperEntry.role, PaperEntry.source, PaperEntry.staff_id)
        entries = Counter(db.session.execute(query.join(Sheet, PaperEntry.sheet_id == Sheet.id)))
        assert entries == Counter(
            {(code, EntryRole.FIRST, EntrySource.SCAN, None): 1 for code in codes}
        )
        tally = count(db.session.get(Vote, live.vote_id))
        valid = CERTAIN - 1  # the last one is empty
        assert (tally.ballots.paper, tally.valid.paper, tally.invalid.paper) == (CERTAIN, valid, 1)
        crosses = Counter(n % 3 for n in range(valid))
        assert [option.votes.paper for option in tally.options] == [
            crosses[box] for box in range(3)
        ]


def test_a_worker_killed_mid_upload_is_finished_by_the_next_and_counts_once(live_scans):
    live = live_scans
    upload_id = live.upload("erster-stapel")
    assert live.row(upload_id).state is ScanState.QUEUED and live.queue.count == 1

    stored = kill_with_a_page_in_flight(live, upload_id)
    assert KILL_AFTER <= stored < BLANK_AT, "the worker was not killed on a ballot half-way"
    stopped = assert_consistent(live, upload_id)
    assert stopped.state is ScanState.READING and stopped.pages_done == stored
    assert [index for index, _s, _p in live.pages(upload_id)] == list(range(stored))
    in_flight = live.stack.page_codes[stored]  # read and counted, never committed
    assert live.sheet_states([in_flight]) == Counter({SheetStatus.ISSUED: 1})
    assert live.rows(Ballot, receipt=in_flight) == 0

    # Killed a moment ago, it still looks busy: no retry yet.
    assert not scan_jobs.may_retry(stopped)
    assert RETRY_BUTTON not in live.progress_page(upload_id)
    refused = live.client.post(f"/paper/scans/{upload_id}/retry", follow_redirects=True)
    assert "gerade eingelesen" in refused.get_data(as_text=True)
    assert live.row(upload_id).state is ScanState.READING and live.queue.count == 0

    # An hour later it has stalled: staff have the remaining pages read by a new worker.
    live.age(upload_id)
    assert scan_jobs.may_retry(live.row(upload_id))
    assert RETRY_BUTTON in live.progress_page(upload_id)
    assert live.client.post(f"/paper/scans/{upload_id}/retry").status_code == 302
    assert live.row(upload_id).state is ScanState.QUEUED and live.queue.count == 1
    live.start_worker().finish()

    done = assert_consistent(live, upload_id)
    assert done.state is ScanState.DONE and done.error is None
    assert (done.pages_total, done.pages_done) == (PAGES, PAGES)
    assert (done.counted, done.review, done.waiting, done.refused) == (CERTAIN, 1, 0, 0)
    pages = live.pages(upload_id)
    assert [index for index, _s, _p in pages] == list(range(PAGES))  # each page once
    expected = [(P.COUNTED, None)] * PAGES
    expected[BLANK_AT], expected[OVER_VOTED_AT] = (P.NOT_A_SHEET, "blank"), (P.REVIEW, "marks")
    assert [(status, problem) for _index, status, problem in pages] == expected
    assert_counted_once(live)

    # The same file uploaded again counts nothing twice.
    again_id = live.upload("zweiter-stapel")
    assert again_id != upload_id and live.queue.count == 1
    live.work_in_process()
    again = live.row(again_id)
    assert (again.state, again.pages_done) == (ScanState.DONE, PAGES)
    assert (again.counted, again.refused, again.review) == (0, CERTAIN, 1)
    statuses = Counter((status, problem) for _index, status, problem in live.pages(again_id))
    assert statuses[(P.REFUSED, "counted")] == CERTAIN
    assert_counted_once(live)
