"""Shared fixtures: app, db (rolled back per test), client, login_as(role), factories, mailbox."""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession

TMP = Path(tempfile.mkdtemp(prefix="participation-tests-"))
os.environ["INSTANCE_PATH"] = str(TMP / "instance")
os.environ.setdefault("APP_ENV", "testing")

from flask_migrate import upgrade  # noqa: E402

from participation import create_app  # noqa: E402
from participation.accounts import reauth, services, verification  # noqa: E402
from participation.accounts import roles as role_service  # noqa: E402
from participation.accounts import sessions as browser_sessions  # noqa: E402
from participation.core.permissions import Role  # noqa: E402
from participation.extensions import db as _db  # noqa: E402
from participation.extensions import limiter  # noqa: E402
from tests import dbutil  # noqa: E402

PASSWORD = "Lange-Testphrase-2026"


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(TMP, ignore_errors=True)


@pytest.fixture(scope="session")
def database_url():
    """An empty database for the whole run, migrated with `flask db upgrade`."""
    url = dbutil.create_database(TMP, "main")
    yield url
    dbutil.drop_database(url)


class FreshContextClient(FlaskClient):
    """A test client that gives each request its own app context, as a real server does.

    Without it, requests reuse the test's app context, so `g` (the signed-in user, the
    chosen language) would leak from one request into the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url):
    """The app in testing mode on the migrated test database."""
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    application.test_client_class = FreshContextClient
    with application.app_context():
        upgrade()
        yield application
        _db.engine.dispose()


class ConnectionSession(FlaskSession):
    """A session that stays on the test's connection (Flask-SQLAlchemy would pick the engine)."""

    def get_bind(self, *args, **kwargs):
        return self.bind


@pytest.fixture()
def db(app):
    """The database; everything a test writes is rolled back afterwards."""
    connection = _db.engine.connect()
    transaction = connection.begin()
    original = _db.session
    _db.session = _db._make_scoped_session(
        {
            "class_": ConnectionSession,
            "bind": connection,
            "join_transaction_mode": "create_savepoint",
        }
    )
    limiter.reset()
    try:
        yield _db
    finally:
        _db.session.rollback()
        _db.session.remove()
        _db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture(autouse=True)
def shared_limiter_state(app):
    """Undo what another app built in a test did to the one Limiter instance of the process.

    Every create_app() binds the module-level limiter to its own storage and settings; without
    this, a test that builds an app with Redis or with limits off would change later tests.
    """
    saved = dict(vars(limiter))
    yield
    vars(limiter).clear()
    vars(limiter).update(saved)


@pytest.fixture()
def client(app, db):
    """A test client for one visitor."""
    return app.test_client()


@pytest.fixture()
def make_user(db):
    """Factory: make_user(email=..., roles=(Role.ADMIN,), confirmed=True, password=...)."""
    counter = iter(range(1, 10_000))

    def factory(
        email=None,
        display_name=None,
        password=PASSWORD,
        roles=(),
        confirmed=True,
        locale="de",
        district=None,
    ):
        number = next(counter)
        email = email or f"person{number}@example.org"
        user = services.register(email, display_name or f"Person {number}", password, locale).user
        if confirmed:
            user.confirm_email()
        if roles:
            role_service.set_roles(user, set(roles), actor=None)
        if Role.VERIFIED in roles:  # as the Bürgerbüro would: with an identity key
            verify_person(user, f"Person{number}", district=district)
        db.session.flush()
        return user

    return factory


def verify_person(user, surname: str, given: str = "Test", born=date(1970, 1, 1), district=None):
    """Verify `user` in person for the person named (no staff member: set up by the test)."""
    return verification.verify(
        user, surname=surname, given_names=given, birth_date=born, district=district, staff=None
    )


@pytest.fixture()
def login_as(client, make_user):
    """login_as(role) → a signed-in account holding `role` (resident = no extra role)."""

    def sign_in(role: Role | str = Role.RESIDENT, **kwargs):
        role = Role(role)
        extra = () if role is Role.RESIDENT else (role,)
        user = make_user(roles=extra, **kwargs)
        put_signed_in(client, user)
        return user

    return sign_in


def put_signed_in(client, user) -> None:
    """Sign `user` in on `client` as a fresh sign-in through the form would: the session
    token, this browser's row (accounts/sessions.py) and a recent password confirmation."""
    _row, browser_token = browser_sessions.new_row(user, "")
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True
        session[browser_sessions.SESSION_KEY] = browser_token
        session[reauth.SESSION_KEY] = reauth.stamp(user)


class Mailbox:
    """The mails the file backend wrote during one test."""

    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self) -> list[email.message.EmailMessage]:
        """Return the mails in the order they were written."""
        if not self.folder.exists():
            return []
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]

    def last(self) -> email.message.EmailMessage:
        """Return the newest mail."""
        messages = self.messages()
        assert messages, "no mail was written"
        return messages[-1]

    def last_link(self) -> str:
        """Return the path of the first link in the newest mail."""
        body = self.last().get_body(preferencelist=("plain",)).get_content()
        match = re.search(r"https?://[^/\s]+(/\S+)", body)
        assert match, body
        return match.group(1)


@pytest.fixture()
def mailbox(app):
    """The file backend's folder, emptied before the test."""
    folder = Path(app.instance_path) / "mail"
    shutil.rmtree(folder, ignore_errors=True)
    return Mailbox(folder)
