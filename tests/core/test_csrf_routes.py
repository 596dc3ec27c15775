"""Every state-changing route refuses a request without a valid CSRF token.

The walk covers every rule of `app.url_map` that accepts POST, PUT, PATCH or DELETE. A new
route is covered without anyone touching this file; a route that skips the check fails the
test unless it is listed in EXEMPT below with the reason it is safe.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participation.core.errors import CSRF_MESSAGE
from participation.core.permissions import Role

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# Routes that accept unsafe methods without a CSRF token, on purpose. Keep this list short and
# give each entry its reason; the walk checks that each one really is exempt (no stale entries).
EXEMPT = {
    # The one-click unsubscribe link of every mail (RFC 8058): the mail program POSTs without a
    # page, so no token can exist. The signed token in the URL is the proof instead.
    "notifications.unsubscribe",
    # The read-only open data API (blueprint `api`, csrf.exempt): nothing there writes; every
    # writing method lands on this catch-all and is answered with 405.
    "api.elsewhere",
}

TOKEN_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture()
def csrf_on(app, monkeypatch):
    """CSRF protection switched on for this test (Flask-WTF reads the flag per request)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    return app


@pytest.fixture()
def admin(csrf_on, client, make_user):
    """A signed-in account holding every role, so no role check answers before the CSRF check."""
    user = make_user(roles=tuple(role for role in Role if role is not Role.RESIDENT))
    sign_in(client, user)
    return user


def sign_in(client, user) -> None:
    """Put `user` into the client's session (keeps the session's CSRF token)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True


def token_from_page(client, path: str = "/") -> str:
    """Return the CSRF token a page hands this client (it also lands in the client's session)."""
    match = TOKEN_FIELD.search(client.get(path).text)
    assert match, f"no csrf_token field on {path}"
    return match.group(1)


def unsafe_rules(app):
    """Yield (rule, method) for every rule and every state-changing method it accepts."""
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & UNSAFE_METHODS):
            yield rule, method


def path_for(rule, user_id: int) -> str:
    """Fill the rule's URL parameters with plausible values (the admin's id, else 1)."""
    values = {name: user_id if name == "user_id" else 1 for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def snapshot(db) -> dict[str, list]:
    """Every row of every table, to prove that a refused request wrote nothing."""
    db.session.expire_all()
    return {
        table.name: sorted(map(repr, db.session.execute(select(table)).all()))
        for table in db.metadata.sorted_tables
    }


def changed_tables(before: dict, after: dict) -> list[str]:
    """Names of the tables whose rows differ between two snapshots."""
    return [name for name in before if before[name] != after[name]]


def is_csrf_refusal(response) -> bool:
    """True when the response is the app-wide CSRF error page of core.errors.handle_csrf_error.

    Not some other 400, and not a form's own CSRF error (forms.html says "abgelaufen" too, but
    by then the view already ran): the request must be stopped before any view.
    """
    message = str(CSRF_MESSAGE)  # in the default locale, German, as the admin's pages are
    return response.status_code == 400 and message in response.text


def walk(app, client, user, extra: dict) -> list[str]:
    """Send every unsafe request with form data `extra`; return what went wrong."""
    failures = []
    for rule, method in unsafe_rules(app):
        sign_in(client, user)
        response = client.open(path_for(rule, user.id), method=method, data=dict(extra))
        where = f"{method} {rule.rule} ({rule.endpoint}): {response.status_code}"
        if rule.endpoint in EXEMPT:
            if is_csrf_refusal(response):
                failures.append(f"{where} listed in EXEMPT but refused: remove it from the list")
            elif response.status_code < 400:
                failures.append(f"{where} exempt route accepted a bogus request")
        elif not is_csrf_refusal(response):
            failures.append(f"{where} was NOT refused for its CSRF token")
    return failures


def test_the_walk_sees_the_state_changing_routes(app):
    endpoints = {rule.endpoint for rule, _ in unsafe_rules(app)}
    assert len(endpoints) > 50
    assert {"core.switch_language", "accounts.sign_out", "admin.user_roles"} <= endpoints
    assert endpoints >= EXEMPT, "EXEMPT names a route that no longer exists"


def test_no_token_is_refused_everywhere(app, client, db, admin):
    token_from_page(client)  # the session holds a token; the request just does not send it
    before = snapshot(db)
    failures = walk(app, client, admin, {"lang": "en", "next": "/"})
    assert failures == []
    assert changed_tables(before, snapshot(db)) == []


@pytest.mark.parametrize("kind", ["garbage", "another-visitors"])
def test_a_wrong_token_is_refused_everywhere(app, client, db, admin, kind):
    token_from_page(client)
    if kind == "garbage":
        wrong = "IjEyMzQ1Njc4OTAi.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"
    else:  # a genuine token, signed by this app, but for someone else's session (a guest's
        # pages carry none, except the forms that need one, such as signing in)
        wrong = token_from_page(app.test_client(), "/account/signin")
    before = snapshot(db)
    failures = walk(app, client, admin, {"csrf_token": wrong, "lang": "en", "next": "/"})
    assert failures == []
    assert changed_tables(before, snapshot(db)) == []


def test_a_wrong_token_in_the_header_is_refused(client, db, admin):
    token_from_page(client)
    response = client.post("/language", data={"lang": "en"}, headers={"X-CSRFToken": "falsch"})
    assert is_csrf_refusal(response)


def test_a_valid_token_is_accepted_and_the_snapshot_sees_the_write(client, db, admin):
    token = token_from_page(client)
    refused = client.post("/language", data={"lang": "en", "next": "/"})
    assert is_csrf_refusal(refused)
    before = snapshot(db)
    response = client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    assert response.status_code == 302
    # The admin's language was saved (and the users table's generation raised with it).
    assert changed_tables(before, snapshot(db)) == ["table_generations", "users"]
    assert db.session.get(type(admin), admin.id).locale == "en"


def test_sign_out_needs_the_token(client, db, admin):
    assert is_csrf_refusal(client.post("/account/signout"))
    assert client.get("/profile/").status_code == 200  # still signed in
    token = token_from_page(client, "/profile/")
    response = client.post("/account/signout", data={"csrf_token": token})
    assert response.status_code in (302, 303)
    assert "/account/signin" in client.get("/profile/").headers.get("Location", "")
