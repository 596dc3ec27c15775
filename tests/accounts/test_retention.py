"""Retention (`flask privacy purge`): unconfirmed accounts, idle signed-in browsers and closed
data requests are deleted after their periods; accounts with a role or any contribution never;
a second run deletes nothing more, and two runs at once share the work without failing."""

# ruff: noqa: F811
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from config import BASE_DIR
from participation.accounts import mails, retention, retention_cli, services
from participation.accounts.models import User
from participation.accounts.request_models import (
    DataRequest,
    RequestChannel,
    RequestKind,
    RequestState,
)
from participation.accounts.security_models import AccountSession
from participation.core import audit
from participation.core.audit import AuditEntry
from participation.core.models import utcnow
from participation.core.permissions import Role
from participation.extensions import db
from participation.notifications.models import Choice, Notification, Preference
from tests import live
from tests.conftest import PASSWORD
from tests.proposals.conftest import make_proposal  # noqa: F401 - a shared fixture

DAY = timedelta(days=1)


def exists(model, **where) -> bool:
    """Whether a row of `model` matches `where` (read fresh from the database)."""
    db.session.expire_all()
    query = select(func.count()).select_from(model).filter_by(**where)
    return db.session.scalar(query) > 0


def signed_up(user: User, days_ago: int) -> User:
    """Pretend `user` signed up `days_ago` days ago."""
    user.created_at = utcnow() - days_ago * DAY
    db.session.flush()
    return user


@pytest.fixture()
def unconfirmed(make_user):
    """Factory: unconfirmed(days_ago=31, roles=()) → an account that never confirmed."""

    def make(days_ago: int = 31, roles=()):
        return signed_up(make_user(confirmed=False, roles=roles), days_ago)

    return make


# --- unconfirmed accounts ---------------------------------------------------------------------


def test_an_old_unconfirmed_account_goes_with_what_belongs_to_it(db, unconfirmed):
    user = unconfirmed()
    mails.send_confirmation(user)  # the confirmation mail in the outbox
    db.session.add(Preference(user_id=user.id, kind="comment.reply", choice=Choice.OFF))
    db.session.flush()
    user_id = user.id
    assert exists(Notification, recipient_id=user_id)
    assert retention.purge_unconfirmed(utcnow()) == 1
    assert not exists(User, id=user_id)
    assert not exists(Notification, recipient_id=user_id)
    assert not exists(Preference, user_id=user_id)


def test_accounts_within_the_period_or_confirmed_stay(db, unconfirmed, make_user):
    recent = unconfirmed(days_ago=29)
    confirmed = signed_up(make_user(), 400)
    assert retention.purge_unconfirmed(utcnow()) == 0
    assert exists(User, id=recent.id) and exists(User, id=confirmed.id)


def test_accounts_with_a_role_a_verification_or_a_contribution_stay(db, unconfirmed, make_proposal):
    staff = unconfirmed(roles=(Role.STAFF,))
    verified = unconfirmed()
    verified.identity_key = uuid.uuid4().hex
    author = unconfirmed()
    make_proposal(author=author)
    actor = unconfirmed()
    audit.record("roles.changed", actor, actor=actor)
    nobody = unconfirmed().id
    kept = [user.id for user in (staff, verified, author, actor)]
    assert retention.purge_unconfirmed(utcnow()) == 1
    assert not exists(User, id=nobody)
    assert all(exists(User, id=user_id) for user_id in kept)


def test_zero_days_keeps_unconfirmed_accounts(app, db, unconfirmed, monkeypatch):
    monkeypatch.setitem(app.config, "UNCONFIRMED_ACCOUNT_DAYS", 0)
    user = unconfirmed(days_ago=4000)
    assert retention.purge_unconfirmed(utcnow()) == 0
    assert exists(User, id=user.id)


# --- signed-in browsers -----------------------------------------------------------------------


def browser_seen(user: User, days_ago: float) -> AccountSession:
    """Add a signed-in browser of `user` last seen `days_ago` days ago."""
    seen = utcnow() - days_ago * DAY
    row = AccountSession(
        user_id=user.id, token_hash=uuid.uuid4().hex, created_at=seen, last_seen_at=seen
    )
    db.session.add(row)
    db.session.flush()
    return row


def test_browsers_not_seen_for_the_idle_period_are_deleted(db, make_user):
    user = make_user()
    idle, active = browser_seen(user, 31).id, browser_seen(user, 29).id
    assert retention.purge_sessions(utcnow()) == 1
    assert not exists(AccountSession, id=idle) and exists(AccountSession, id=active)
    assert exists(User, id=user.id)


def test_the_remember_cookie_lasts_as_long_as_the_idle_period(app):
    assert app.config["REMEMBER_COOKIE_DURATION"] == app.config["SESSION_IDLE_DAYS"] * 86400
    assert app.permanent_session_lifetime.total_seconds() == app.config["SESSION_IDLE_DAYS"] * 86400
    script = "import config; print(config.Config.SESSION_IDLE_DAYS, config.Config.REMEMBER_COOKIE_DURATION)"
    for variable in ("SESSION_IDLE_DAYS", "REMEMBER_DAYS"):  # the new name and the older one
        env = {**os.environ, variable: "7"}
        output = subprocess.run(
            [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True
        )
        assert output.stdout.split() == ["7", str(7 * 86400)], output.stderr


# --- data requests ----------------------------------------------------------------------------


def data_request(state: RequestState, closed_days_ago: int | None) -> DataRequest:
    """Add a request about personal data, closed `closed_days_ago` days ago (None: open)."""
    received = date(2020, 1, 6)
    row = DataRequest(
        kind=RequestKind.ACCESS,
        channel=RequestChannel.LETTER,
        state=state,
        requester="Erika Muster",
        received_on=received,
        due_on=received + timedelta(days=30),
        closed_at=None if closed_days_ago is None else utcnow() - closed_days_ago * DAY,
    )
    db.session.add(row)
    db.session.flush()
    return row


def test_closed_data_requests_are_deleted_after_the_period(db):
    old_done = data_request(RequestState.DONE, 1096).id
    old_refused = data_request(RequestState.REFUSED, 2000).id
    recent = data_request(RequestState.DONE, 1000).id
    still_open = data_request(RequestState.OPEN, None).id
    assert retention.purge_data_requests(utcnow()) == 2
    assert not exists(DataRequest, id=old_done) and not exists(DataRequest, id=old_refused)
    assert exists(DataRequest, id=recent) and exists(DataRequest, id=still_open)


def test_purges_are_counted_in_the_audit_log_without_names(db, unconfirmed):
    user = unconfirmed()
    data_request(RequestState.DONE, 1200)
    browser_seen(user, 40)
    retention.purge_sessions(utcnow())
    retention.purge_unconfirmed(utcnow())
    retention.purge_data_requests(utcnow())
    entries = db.session.execute(
        select(AuditEntry.target_type, AuditEntry.after, AuditEntry.actor_id).where(
            AuditEntry.action == retention.PURGED
        )
    ).all()
    assert sorted(entries) == [
        ("data_requests", {"deleted": 1, "days": 1095}, None),
        ("users", {"deleted": 1, "days": 30}, None),
    ]
    assert user.email not in str(entries)


# --- the command ------------------------------------------------------------------------------


def test_the_command_says_what_it_deleted_and_a_second_run_deletes_nothing(
    app, db, unconfirmed, make_user
):
    unconfirmed()
    unconfirmed()
    browser_seen(make_user(), 45)
    data_request(RequestState.DONE, 1500)
    first = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert first.exit_code == 0, first.output
    assert "unconfirmed accounts: 2 deleted (older than 30 days" in first.output
    assert "signed-in browsers not seen: 1 deleted (older than 30 days" in first.output
    assert "closed data requests: 1 deleted (older than 1095 days" in first.output
    assert "scans: 0 page images and 0 uploaded files of 0 uploads deleted" in first.output
    second = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert second.exit_code == 0, second.output
    assert "unconfirmed accounts: 0 deleted" in second.output
    assert "signed-in browsers not seen: 0 deleted" in second.output
    assert "closed data requests: 0 deleted" in second.output


def test_the_command_names_what_it_keeps(app, db, monkeypatch):
    for setting in (
        "UNCONFIRMED_ACCOUNT_DAYS",
        "DATA_REQUEST_RETENTION_DAYS",
        "SCAN_RETENTION_DAYS",
    ):
        monkeypatch.setitem(app.config, setting, 0)
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "unconfirmed accounts: kept (UNCONFIRMED_ACCOUNT_DAYS is 0)" in result.output
    assert "closed data requests: kept (DATA_REQUEST_RETENTION_DAYS is 0)" in result.output
    assert "scans: kept (SCAN_RETENTION_DAYS is 0)" in result.output


# --- two runs at once -------------------------------------------------------------------------

ACCOUNTS, BROWSERS, REQUESTS = 24, 12, 6


def fill(app) -> None:
    """Add old unconfirmed accounts, idle browsers and closed requests, committed."""
    with app.app_context():
        keeper = services.register("bleibt@example.org", "Bleibt", PASSWORD, "de").user
        keeper.confirm_email()
        for number in range(ACCOUNTS):
            user = services.register(f"alt{number}@example.org", "Alt", PASSWORD, "de").user
            user.created_at = utcnow() - 90 * DAY
        db.session.flush()
        for _ in range(BROWSERS):
            browser_seen(keeper, 60)
        for _ in range(REQUESTS):
            data_request(RequestState.DONE, 1500)
        db.session.commit()


def test_two_runs_at_once_delete_everything_once_and_do_not_fail(monkeypatch):
    monkeypatch.setattr(retention, "CHUNK", 5)  # many small chunks: the runs interleave
    with live.live_app("retention") as app:
        fill(app)

        def run(_):
            with app.app_context():
                return [count for *_, count in retention_cli.purge_all(utcnow())]

        results = live.at_once(2, run)
        assert [sum(counts) for counts in zip(*results, strict=True)] == [
            ACCOUNTS,
            BROWSERS,
            REQUESTS,
        ]
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(User)) == 1
            assert db.session.scalar(select(func.count()).select_from(AccountSession)) == 0
            assert db.session.scalar(select(func.count()).select_from(DataRequest)) == 0
            again = [count for *_, count in retention_cli.purge_all(utcnow())]
            assert again == [0, 0, 0]
