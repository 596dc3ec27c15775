"""Every route declares who may use it, and each role gets what the declaration says."""

import pytest

from tests.access import ROLES, expected, outcome

SAMPLE_ARGS = {"token": "not-a-real-token", "name": "impressum"}


def declared_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule, getattr(app.view_functions[rule.endpoint], "access", None)


def test_every_route_declares_its_access(app):
    undeclared = [rule.rule for rule, access in declared_routes(app) if access is None]
    assert undeclared == []


def url_for_rule(rule, user_id):
    args = {name: SAMPLE_ARGS.get(name, user_id) for name in rule.arguments}
    path = rule.rule
    for name, value in args.items():
        path = path.replace(f"<{name}>", str(value)).replace(f"<int:{name}>", str(value))
        path = path.replace(f"<any(impressum, datenschutz, barrierefreiheit):{name}>", str(value))
    return path


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.value if role else "guest")
def test_each_role_gets_what_each_route_declares(app, client, db, login_as, role):
    user = login_as(role) if role else None
    user_id = user.id if user else 1
    failures = []
    for rule, access in declared_routes(app):
        method = "GET" if "GET" in rule.methods else "POST"
        if user is not None:  # sign in again: an earlier route may have signed the user out
            db.session.refresh(user)
            with client.session_transaction() as session:
                session["_user_id"] = user.session_token
        response = client.open(url_for_rule(rule, user_id), method=method)
        got, want = outcome(response), expected(access, role)
        if got != want:
            failures.append(f"{method} {rule.rule}: {got}, expected {want}")
    assert failures == []
