"""Steps the tests of signed-in browsers share: browsers with a User-Agent, signing in through
the form, and the rows of an account."""

from __future__ import annotations

from sqlalchemy import select

from participation.accounts.security_models import AccountSession
from tests.conftest import PASSWORD

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def browser(app, agent: str = FIREFOX_LINUX):
    """Return a new test client that sends `agent` as its User-Agent."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    return client


def sign_in(client, user, remember: bool = False, password: str = PASSWORD, next_path=None):
    """Sign in through the form and return the response."""
    data = {"email": user.email, "password": password}
    if remember:
        data["remember"] = "y"
    path = "/account/signin" + (f"?next={next_path}" if next_path else "")
    return client.post(path, data=data)


def rows(db, user) -> list[AccountSession]:
    """Return the account's signed-in browsers as stored."""
    db.session.expire_all()
    return list(db.session.scalars(select(AccountSession).where(AccountSession.user_id == user.id)))


def is_signed_in(client) -> bool:
    """Whether the client can open its profile."""
    return client.get("/profile/").status_code == 200
