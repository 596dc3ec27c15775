"""Simultaneous requests on a real, committed database (SQLite file or PostgreSQL)."""

import pytest
from sqlalchemy import func, select

from participation.accounts import roles, services
from participation.accounts.models import User
from participation.core.permissions import Role
from participation.extensions import db
from tests import live
from tests.conftest import PASSWORD


@pytest.fixture()
def live_app():
    """An app on its own database where every request really commits."""
    with live.live_app("concurrency") as app:
        yield app


def test_simultaneous_identical_sign_ups_make_one_account(live_app):
    data = {
        "email": "gleich@example.org",
        "display_name": "Gleich",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    statuses = live.at_once(
        6, lambda n: live_app.test_client().post("/account/signup", data=data).status_code
    )
    assert statuses == [302] * 6
    with live_app.app_context():
        assert (
            db.session.scalar(select(func.count()).where(User.email == "gleich@example.org")) == 1
        )


def make_admins(app, count):
    with app.app_context():
        admins = []
        for n in range(count):
            user = services.register(f"admin{n}@example.org", f"Admin {n}", PASSWORD, "de").user
            user.confirm_email()
            roles.grant(user, Role.ADMIN)
            admins.append((user.id, user.session_token))
        db.session.commit()
        return admins


def test_two_admins_cannot_remove_each_other_at_once(live_app):
    (first_id, first_token), (second_id, second_token) = make_admins(live_app, 2)
    pairs = [(first_token, second_id), (second_token, first_id)]
    statuses = live.at_once(
        2,
        lambda n: (
            live.client_for(live_app, pairs[n][0])
            .post(f"/admin/users/{pairs[n][1]}", data={"sent": "1"})
            .status_code
        ),
    )
    assert sorted(statuses) in ([302, 400], [302, 403])
    with live_app.app_context():
        assert roles.admin_count() == 1


def test_simultaneous_role_saves_do_not_fail(live_app):
    [(admin_id, token)] = make_admins(live_app, 1)
    with live_app.app_context():
        target = services.register("ziel@example.org", "Ziel", PASSWORD, "de").user
        db.session.commit()
        target_id = target.id
    statuses = live.at_once(
        4,
        lambda n: (
            live.client_for(live_app, token)
            .post(f"/admin/users/{target_id}", data={"roles": ["moderator"]})
            .status_code
        ),
    )
    assert statuses == [302] * 4
    with live_app.app_context():
        assert db.session.get(User, target_id).role_set() == {Role.RESIDENT, Role.MODERATOR}
