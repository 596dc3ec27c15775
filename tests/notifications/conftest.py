"""Fixtures for notification delivery against the real things: an SMTP server on loopback
(aiosmtpd), a real Redis (DB 15, or a throw-away redis-server that can be stopped), an RQ
worker run in burst mode through `flask worker --burst`, and bulk-made followers."""

from __future__ import annotations

import asyncio
import email
import email.policy
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter

import pytest
import redis
from aiosmtpd.controller import Controller
from rq import Queue
from sqlalchemy import insert, select

from participation.accounts.models import User
from participation.extensions import db as _db
from participation.notifications import jobs, kinds
from participation.notifications.kinds import Kind, Message
from participation.notifications.models import Choice, Notification
from participation.proposals import services as proposal_services
from participation.proposals.models import ProposalFollow
from tests.redisutil import require_redis


def free_port() -> int:
    """Return a loopback port nobody listens on (bound, then closed again)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- SMTP -----------------------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps what it accepts. It can refuse the next few messages
    (451, as a full or greylisting server does) and hold one message unanswered, so a test
    can kill the sending worker while the server still waits."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse_next = 0
        self.refused = 0
        self.hold_at: int | None = None  # the n-th DATA (1-based) waits for `release`
        self.held = threading.Event()
        self.release = threading.Event()
        self._seen = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self._lock:
            self._seen += 1
            number = self._seen
            if self.refuse_next:
                self.refuse_next -= 1
                self.refused += 1
                return "451 4.3.0 Mailbox temporarily unavailable, try again later"
        if number == self.hold_at:
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
            return "451 4.4.2 Connection dropped"  # the sender is gone; nothing was accepted
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def ids(self) -> Counter:
        """Return how often each Message-ID arrived."""
        return Counter(message["Message-ID"] for message in self.messages)

    def to(self, address: str) -> list[email.message.EmailMessage]:
        """Return the messages for one address."""
        return [message for message in self.messages if message["To"] == address]


@pytest.fixture()
def smtp_inbox():
    """A real SMTP server on a free loopback port; yields (inbox, port)."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        inbox.release.set()
        controller.stop()


@pytest.fixture()
def smtp_server(app, monkeypatch, smtp_inbox):
    """The app sends by SMTP to the loopback server; yields its Inbox."""
    inbox, port = smtp_inbox
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 5)
    return inbox


# --- Redis and RQ ---------------------------------------------------------------------------


def mail_queue(url: str) -> Queue:
    """Return the RQ queue the app hands mails to."""
    return Queue(jobs.MAIL_QUEUE, connection=redis.Redis.from_url(url))


@pytest.fixture()
def redis_url(app, monkeypatch):
    """The real Redis (DB 15, emptied before and after); the app hands mails over to it."""
    url = require_redis()
    connection = redis.Redis.from_url(url)
    connection.flushdb()
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    yield url
    connection.flushdb()


class ThrowawayRedis:
    """A redis-server of the test's own on a free port, without persistence, that the test can
    stop and start again (jobs queued before a stop are gone afterwards, as after a crash)."""

    def __init__(self, binary: str):
        self.binary, self.port, self.process = binary, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        for _ in range(200):
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.02)
        raise RuntimeError("the throw-away redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class SwitchedRedis:
    """Without a redis-server binary: "stopped" points the app at a closed port, "started"
    back at the real Redis, emptied, as a restarted server without persistence would be."""

    def __init__(self, url: str):
        self.real = url
        self.url = url

    def start(self) -> None:
        redis.Redis.from_url(self.real).flushdb()
        self.url = self.real

    def stop(self) -> None:
        self.url = f"redis://127.0.0.1:{free_port()}/0"


@pytest.fixture()
def stoppable_redis(app, monkeypatch):
    """A Redis the test can stop and start; the app's REDIS_URL follows it (`server.url`)."""
    binary = shutil.which("redis-server")
    server = ThrowawayRedis(binary) if binary else SwitchedRedis(require_redis())
    server.start()
    monkeypatch.setitem(app.config, "REDIS_URL", server.url)
    try:
        yield server
    finally:
        server.stop()
        if isinstance(server, SwitchedRedis):
            redis.Redis.from_url(server.real).flushdb()


def invoke(app, *args: str):
    """Run a `flask` command in the current app context; return its result. The RQ worker
    installs its own SIGINT/SIGTERM handlers, so they are put back afterwards."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        return app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


@pytest.fixture()
def run_worker(app):
    """run_worker() → a real RQ worker (`flask worker --burst`) drains the queues in-process."""

    def run():
        result = invoke(app, "worker", "--burst")
        assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture()
def sweep(app):
    """sweep() → the cron job `flask notifications dispatch`; returns the command's result."""
    return lambda: invoke(app, "notifications", "dispatch")


# --- people, proposals, kinds ---------------------------------------------------------------


def bulk_people(count: int, prefix: str = "fan", locale: str = "de") -> list[int]:
    """Insert `count` confirmed accounts with one statement; return their ids."""
    rows = [
        {
            "email": f"{prefix}{n}@example.org",
            "display_name": f"{prefix.title()} {n}",
            "password_hash": "x",
            "locale": locale,
        }
        for n in range(count)
    ]
    _db.session.execute(insert(User), rows)
    query = select(User.id).where(User.email.like(f"{prefix}%@example.org")).order_by(User.id)
    return list(_db.session.scalars(query))


def add_followers(proposal_id: int, user_ids: list[int]) -> None:
    """Make the accounts follow the proposal (one statement)."""
    rows = [{"proposal_id": proposal_id, "user_id": uid, "active": True} for uid in user_ids]
    _db.session.execute(insert(ProposalFollow), rows)


def publish(author, title: str = "Mehr Bänke am Markt"):
    """Write and publish a proposal through the services (the author follows it)."""
    fields = {"title": title, "body": "Bitte mehr Bänke.", "category": "Sonstiges"}
    proposal = proposal_services.create_draft(author, fields | {"district": None}, [])
    proposal_services.publish(proposal, author)
    return proposal


def sign_in(client, user) -> None:
    """Make the client's next requests come from `user`."""
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True


def all_rows(kind: str | None = None) -> list[Notification]:
    """Return the notifications (of one kind), oldest first, freshly read."""
    _db.session.expire_all()
    query = select(Notification).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(_db.session.scalars(query))


class Ping(Kind):
    """A kind of the tests' own: tells exactly the ids in `to`."""

    name = "test.ping"
    label = "Test-Nachrichten"

    def recipients(self, to, **_ignored):
        return to

    def payload(self, text="Ping", **_ignored):
        return {"text": text}

    def summary(self, payload):
        return f"Ping: {payload['text']}"

    def message(self, payload, user):
        return Message(
            subject=f"Ping {payload['text']}",
            template="notifications/generic",
            context={"summary": self.summary(payload), "link": None},
        )


class DailyPing(Ping):
    name = "test.daily"
    default = Choice.DAILY


class RequiredPing(Ping):
    name = "test.required"
    optional = False


class BrokenPing(Ping):
    """A kind whose mail cannot be made (a bug, or data that changed under it)."""

    name = "test.broken"

    def message(self, payload, user):
        raise RuntimeError("the template needs something the payload lacks")


TEST_KINDS = (Ping, DailyPing, RequiredPing, BrokenPing)


@pytest.fixture()
def test_kinds(app):
    """Register the tests' own kinds for one test."""
    registry = kinds.registry()
    for kind_class in TEST_KINDS:
        registry[kind_class.name] = kind_class()
    yield
    for kind_class in TEST_KINDS:
        registry.pop(kind_class.name, None)
