"""Apps on their own committed database, and requests fired at the same moment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from threading import Barrier

from flask_migrate import upgrade

from participation import create_app
from participation.accounts import reauth, services
from participation.extensions import db
from tests import dbutil
from tests.conftest import TMP


@contextmanager
def live_app(label: str, **settings):
    """Yield an app whose requests really commit, on a fresh database dropped afterwards."""
    url = dbutil.create_database(TMP, label)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False, **settings)
    with app.app_context():
        upgrade()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        dbutil.drop_database(url)


def at_once(count, request):
    """Run `request(n)` in `count` threads released together; return the results."""
    barrier = Barrier(count)

    def run(n):
        barrier.wait()
        return request(n)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def client_for(app, session_token: str):
    """Return a test client signed in as the account with `session_token`, its password
    confirmed a moment ago (as after signing in through the form)."""
    client = app.test_client()
    with app.app_context():
        user = services.load_by_session_token(session_token)
        stamp = reauth.stamp(user) if user is not None else None
    with client.session_transaction() as session:
        session["_user_id"] = session_token
        if stamp:
            session[reauth.SESSION_KEY] = stamp
    return client
