"""Measure notification fan-out and delivery; print a table.

    .venv/bin/python bench/notifications.py [--followers 10000] [--mails 500]

Fan-out: a staff answer on a proposal with N followers (bulk inserts of the outbox rows).
Delivery: M immediate notifications sent by `delivery.dispatch()` to a local SMTP server
(aiosmtpd on 127.0.0.1). Uses a fresh SQLite file unless BENCH_DATABASE_URL is set (for
example postgresql+psycopg://postgres@127.0.0.1:5432/bench, created and dropped by you).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import event, func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import print_table  # noqa: E402
from participation import create_app  # noqa: E402
from participation.accounts.models import User  # noqa: E402
from participation.comments.threads import create_thread  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.notifications import delivery, outbox  # noqa: E402
from participation.notifications.models import Delivery, Notification  # noqa: E402
from participation.proposals.models import Proposal, ProposalFollow, ProposalStatus  # noqa: E402


class Counter:
    """Count the mails an SMTP server receives."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.received += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_people(count: int) -> list[int]:
    """Insert `count` accounts in bulk; return their ids."""
    rows = [
        {
            "email": f"bench{n}@example.org",
            "display_name": f"Person {n}",
            "password_hash": "x",
            "locale": "de",
            "session_token": f"bench-token-{n}",
        }
        for n in range(count)
    ]
    db.session.execute(insert(User), rows)
    return list(db.session.scalars(select(User.id).order_by(User.id)))


def make_proposal(author_id: int, followers: list[int]) -> Proposal:
    """A published proposal followed by `followers`."""
    proposal = Proposal(
        author_id=author_id,
        thread_id=create_thread("proposal").id,
        title="Bank am Markt",
        body="Bitte eine Bank.",
        body_html="<p>Bitte eine Bank.</p>",
        category="Sonstiges",
        status=ProposalStatus.PUBLISHED,
    )
    db.session.add(proposal)
    db.session.flush()
    rows = [{"proposal_id": proposal.id, "user_id": uid, "active": True} for uid in followers]
    db.session.execute(insert(ProposalFollow), rows)
    return proposal


def count_statements(engine):
    counter = {"n": 0}

    def record(*_args):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", record)
    return counter, lambda: event.remove(engine, "before_cursor_execute", record)


def bench(followers: int, mails: int) -> list[tuple[str, str]]:
    folder = tempfile.mkdtemp(prefix="bench-notifications-")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    port, handler = free_port(), Counter()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    app = create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_BACKEND="smtp",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        SERVER_NAME="bench.example",
        REDIS_URL=None,
    )
    results = []
    with app.app_context(), app.test_request_context():
        db.drop_all()
        db.create_all()
        people = make_people(followers + 1)
        proposal = make_proposal(people[0], people[1:])
        db.session.commit()

        counter, stop = count_statements(db.engine)
        start = time.perf_counter()
        written = outbox.notify("proposal.answer", proposal_id=proposal.id)
        db.session.commit()
        fanout = time.perf_counter() - start
        stop()
        results += [
            ("Fan-out: followers", f"{followers:,}"),
            ("Fan-out: notifications written", f"{written:,}"),
            ("Fan-out: SQL statements", f"{counter['n']}"),
            ("Fan-out: seconds", f"{fanout:.2f}"),
        ]

        db.session.execute(
            Notification.__table__.update()
            .where(Notification.id > mails)
            .values(delivery=Delivery.NONE)
        )
        db.session.commit()
        start = time.perf_counter()
        sent = delivery.dispatch()
        elapsed = time.perf_counter() - start
        time.sleep(0.2)
        pending = db.session.scalar(
            select(func.count()).where(Notification.delivery == Delivery.PENDING)
        )
        results += [
            ("Delivery: mails sent (SMTP on loopback)", f"{sent:,}"),
            ("Delivery: received by the server", f"{handler.received:,}"),
            ("Delivery: still pending", f"{pending}"),
            ("Delivery: seconds", f"{elapsed:.2f}"),
            ("Delivery: mails per second", f"{sent / elapsed:.0f}" if elapsed else "–"),
            ("Database", db.engine.dialect.name),
        ]
    smtp.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--mails", type=int, default=500)
    args = parser.parse_args()
    print_table(bench(args.followers, args.mails))


if __name__ == "__main__":
    main()
