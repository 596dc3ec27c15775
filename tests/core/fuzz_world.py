"""The world the fuzz tests send their requests into, seeded once per test module.

An app of its own on a database of its own, seeded with everything the browser tests see
(tests/browser/world.py: every page state), then walked once by each visitor (fuzz_crawl.py)
to learn the real URLs and the forms of every route. Each generated request runs in a
transaction that is rolled back afterwards, so every example meets the same world.
"""

from __future__ import annotations

import email
import email.policy
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from participation import create_app
from participation.accounts import reauth, services
from participation.accounts.models import User
from participation.accounts.seed import verify_demo_person
from participation.core.permissions import PUBLIC, SIGNED_IN, Role
from participation.extensions import db, limiter
from tests import dbutil
from tests.browser.world import seed_world, world_settings
from tests.conftest import ConnectionSession, FreshContextClient
from tests.core.fuzz_crawl import Found, crawl, endpoint_of

LINK = re.compile(r"https?://[^\s\"'<>]+")
PLENTY = "100000 per minute"
# The visitors, by the account they sign in with (guest: nobody). The resident wrote the
# seeded "own" proposals and comments; she is verified too, so she may vote.
ACCOUNTS = {
    "guest": None,
    "resident": "einwohnerin@example.org",
    "staff": "verwaltung@example.org",
    "council": "stadtrat@example.org",
    "moderator": "moderation@example.org",
    "admin": "admin@example.org",
}
# Who uses a route that some roles may use: the first of these the route allows.
ROLE_VISITORS = (
    (Role.STAFF, "staff"),
    (Role.COUNCIL, "council"),
    (Role.MODERATOR, "moderator"),
    (Role.ADMIN, "admin"),
    (Role.VERIFIED, "resident"),
    (Role.RESIDENT, "resident"),
)


def fuzz_settings(folder) -> dict:
    """Return the settings of the fuzzed app: the world's, no limits that end the fuzzing
    early, files below `folder` (see SMALL for what changes once the world is seeded)."""
    return {
        **world_settings(folder),
        **{
            name: PLENTY
            for name in (
                "SIGNIN_LIMIT_PER_IP",
                "SIGNIN_LIMIT_PER_ACCOUNT",
                "MAIL_LIMIT_PER_IP",
                "PROPOSAL_LIMIT",
                "COMMENT_LIMIT",
                "REPORT_LIMIT",
                "ACCOUNT_CHANGE_LIMIT",
                "SURVEY_RESPONSE_LIMIT",
                "VOTE_CAST_LIMIT",
                "API_RATE_LIMIT",
                "TWO_FACTOR_LIMIT_PER_ACCOUNT",
            )
        },
        # The second factor has tests of its own; here the privileged visitors' forms count.
        "TWO_FACTOR_ROLES": [],
        "RESULTS_FOLDER": str(folder / "results"),
    }


# Set once the world is seeded: a valid batch is printed in-process within the request, and a
# valid upload is read there too; they may be valid, but they must not take minutes.
SMALL = {"PAPER_BATCH_MAX": 20, "SCAN_PAGES_MAX": 3}


def visitors_of(access) -> list[str]:
    """Return the visitors that use a route declared with `access`."""
    if access == PUBLIC:
        return ["guest", "resident"]
    if access == SIGNED_IN:
        return ["resident"]
    return [next(name for role, name in ROLE_VISITORS if role in access)]


@dataclass
class World:
    """The seeded app, its visitors' accounts (id and session token) and what each visitor's
    walk found."""

    app: Flask
    accounts: dict[str, tuple[int, str] | None]
    born: float = field(default_factory=time.time)  # mails older than the world are not its

    @cached_property
    def found(self) -> dict[str, Found]:
        """Walk the world as each visitor (once, undone afterwards); add the links of the
        mails the world sent (`mail`), which no page shows."""
        adapter, found = self.app.url_map.bind("localhost"), {}
        with self.rolled_back():
            self.client("guest").post("/account/reset", data={"email": ACCOUNTS["resident"]})
            found["mail"] = mail_links(self.app, adapter, self.born)
            starts = start_pages(self.app) + found["mail"].urls_of("GET")
            for visitor in ACCOUNTS:
                client = self.client(visitor)
                found[visitor] = crawl(
                    client, adapter, starts, partial(self.sign_in, client, visitor)
                )
        return found

    def client(self, visitor: str):
        """Return a new test client signed in as `visitor` (sign_in again before requests)."""
        client = self.app.test_client()
        self.sign_in(client, visitor)
        return client

    def sign_in(self, client, visitor: str, confirmed: bool = True) -> None:
        """Put the visitor's account into the client's session (or make it a guest's);
        `confirmed`: as right after signing in, the password counts as just confirmed."""
        account = self.accounts[visitor]
        with client.session_transaction() as session:
            session.clear()
            if account:
                session["_user_id"] = account[1]
                session["_fresh"] = True
                if confirmed:
                    session[reauth.SESSION_KEY] = reauth.stamp(SimpleNamespace(id=account[0]))

    @contextmanager
    def rolled_back(self):
        """Run requests in a transaction that is undone afterwards; fail if the database
        session cannot be used any more when they are done."""
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {
                "class_": ConnectionSession,
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
            }
        )
        limiter.reset()
        try:
            yield
            with self.app.app_context():
                assert db.session.scalar(select(func.count()).select_from(User)) > 0
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


def mail_links(app: Flask, adapter, since: float) -> Found:
    """Return the links of the mails written to the instance's mail folder since `since`."""
    found = Found()
    for path in sorted((Path(app.instance_path) / "mail").glob("*.eml")):
        if path.stat().st_mtime < since:
            continue
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for part in mail.walk():
            if part.get_content_type() != "text/plain":
                continue
            for href in LINK.findall(part.get_content()):
                parts = urlsplit(href)
                url = parts.path + (f"?{parts.query}" if parts.query else "")
                for method in ("GET", "POST"):
                    if endpoint := endpoint_of(adapter, url, method):
                        found.add_url(method, endpoint, url)
    return found


def start_pages(app: Flask) -> list[str]:
    """Return the routes without URL arguments that answer GET: where every walk begins."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments
    )


def seed() -> dict[str, tuple[int, str] | None]:
    """Seed the world (committed); return each visitor's account id and session token."""
    seed_world()
    resident = services.find_by_email(ACCOUNTS["resident"])
    verify_demo_person(resident)
    db.session.commit()
    users = {name: services.find_by_email(address) for name, address in ACCOUNTS.items() if address}
    return {
        name: (users[name].id, users[name].session_token) if name in users else None
        for name in ACCOUNTS
    }


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory):
    """The seeded world of this test module (walked by every visitor when first asked)."""
    folder = tmp_path_factory.mktemp("fuzz")
    saved_limiter = dict(vars(limiter))  # create_app binds the process's one Limiter
    url = dbutil.create_database(folder, "fuzz")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, **fuzz_settings(folder))
    app.test_client_class = FreshContextClient
    try:
        with app.app_context():
            upgrade()
            world = World(app, {})
            world.accounts = seed()
            app.config.update(SMALL)
            db.session.remove()
            yield world
            db.engine.dispose()
    finally:
        dbutil.drop_database(url)
        vars(limiter).clear()
        vars(limiter).update(saved_limiter)
