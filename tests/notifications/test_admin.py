"""The admins' delivery page: states, mails given up on (retry), failed RQ jobs (retry)."""

from __future__ import annotations

import pytest
from redis import Redis
from rq import Queue
from rq.registry import FailedJobRegistry

from participation.core.models import utcnow
from participation.notifications.models import Delivery, Notification
from tests.redisutil import require_redis


def given_up(db, user, error="550 mailbox unavailable") -> Notification:
    row = Notification(
        recipient_id=user.id,
        kind="proposal.comment",
        payload={"comment_id": 1, "title": "T", "name": "N"},
        delivery=Delivery.FAILED,
        attempts=5,
        last_error=error,
        created_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    return row


@pytest.mark.parametrize("role", ["resident", "moderator", "staff"])
def test_only_admins_see_the_delivery_page(client, login_as, role):
    login_as(role)
    assert client.get("/admin/notifications/").status_code == 403
    assert client.post("/admin/notifications/retry").status_code == 403


def test_mails_given_up_on_are_listed_and_can_be_retried(client, login_as, make_user, db):
    person = make_user(email="empfaenger@example.org")
    row = given_up(db, person)
    login_as("admin")
    page = client.get("/admin/notifications/").text
    assert "empfaenger@example.org" in page and "550 mailbox unavailable" in page
    client.post("/admin/notifications/retry", data={"notification": row.id})
    db.session.refresh(row)
    assert row.delivery is not Delivery.FAILED and row.attempts in (0, 1)


def failing_job():
    raise RuntimeError("kaputt")


def test_failed_jobs_are_listed_and_requeued(app, client, login_as, monkeypatch):
    url = require_redis()
    connection = Redis.from_url(url)
    connection.flushdb()
    monkeypatch.setitem(app.config, "REDIS_URL", url)
    queue = Queue("default", connection=connection)
    job = queue.enqueue(failing_job)
    from rq import SimpleWorker

    SimpleWorker([queue], connection=connection).work(burst=True)
    assert job.id in FailedJobRegistry("default", connection=connection).get_job_ids()
    login_as("admin")
    page = client.get("/admin/notifications/").text
    assert "failing_job" in page and "RuntimeError: kaputt" in page
    answer = client.post(f"/admin/notifications/jobs/{job.id}/retry")
    assert answer.status_code == 302
    assert job.id not in FailedJobRegistry("default", connection=connection).get_job_ids()
    assert job.id in queue.job_ids
    connection.flushdb()


def test_an_unreachable_redis_is_said_plainly(app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    login_as("admin")
    page = client.get("/admin/notifications/")
    assert page.status_code == 200 and "Redis ist nicht erreichbar" in page.text
