"""End to end on the real things: a real Redis, a real RQ worker (`flask worker --burst`, in
burst mode and in-process unless said otherwise) and a real SMTP server on loopback (aiosmtpd).
Every mail is counted at the server by its Message-ID, so "lost" and "sent twice" both show."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text, update

from participation.core.models import utcnow
from participation.extensions import db as _db
from participation.notifications import delivery, jobs
from participation.notifications.models import Delivery, Notification
from tests import live
from tests.notifications.conftest import (
    add_followers,
    all_rows,
    bulk_people,
    invoke,
    mail_queue,
    publish,
    sign_in,
)
from tests.redisutil import require_redis

ROOT = Path(__file__).resolve().parents[2]


def states() -> dict[Delivery, int]:
    _db.session.expire_all()
    query = select(Notification.delivery, func.count()).group_by(Notification.delivery)
    return dict(_db.session.execute(query).all())


def age_claims() -> None:
    """Let the lease run out (the test's stand-in for ten minutes passing)."""
    _db.session.execute(
        update(Notification)
        .where(Notification.delivery == Delivery.SENDING)
        .values(claimed_at=utcnow() - delivery.LEASE - timedelta(seconds=1)),
        execution_options={"synchronize_session": False},
    )
    _db.session.commit()


def waiting_items(count: int, prefix: str) -> list[int]:
    """Write `count` due "moderation.waiting" mails to bulk-made people; return their ids.
    (A kind every app knows, so a worker in another process can send it too.)"""
    people, now = bulk_people(count, prefix), utcnow()
    rows = [
        {
            "recipient_id": person,
            "kind": "moderation.waiting",
            "payload": {"item_id": n + 1, "cause": "report"},
            "created_at": now,
            "delivery": Delivery.PENDING,
            "next_attempt_at": now,
            "attempts": 0,
        }
        for n, person in enumerate(people)
    ]
    _db.session.execute(insert(Notification), rows)
    _db.session.commit()
    return list(_db.session.scalars(select(Notification.id).order_by(Notification.id)))


def message_ids(ids: list[int]) -> list[str]:
    return sorted(f"<notification-{i}@localhost>" for i in ids)


def assert_each_once(inbox, ids: list[int]) -> None:
    counts = inbox.ids()
    assert sorted(counts) == message_ids(ids), "a mail is missing or one came that was not due"
    assert [n for n in counts.values() if n != 1] == [], "a mail arrived more than once"


# --- from a comment to a mail -----------------------------------------------------------------


def test_a_comment_reaches_the_authors_inbox_through_redis_and_a_worker(
    app, client, db, make_user, redis_url, smtp_server, run_worker
):
    author = make_user(email="autorin@example.org", display_name="Anna")
    commenter = make_user(display_name="Kurt")
    proposal = publish(author, "Ein Brunnen im Park")
    db.session.commit()
    sign_in(client, commenter)

    response = client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "Toll!"})
    assert response.status_code == 302
    [row] = all_rows("proposal.comment")
    assert row.delivery is Delivery.PENDING
    assert mail_queue(redis_url).count == 1  # one job handed to RQ after the commit
    assert smtp_server.messages == []  # the request itself sent nothing

    run_worker()
    [message] = smtp_server.to("autorin@example.org")
    assert message["Subject"] == "Neuer Kommentar zu Ihrem Vorschlag"
    assert message["Message-ID"] == f"<notification-{row.id}@localhost>"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Kurt hat Ihren Vorschlag „Ein Brunnen im Park“ kommentiert." in body
    assert f"http://127.0.0.1:5000/comments/{row.payload['comment_id']}" in body
    assert all_rows("proposal.comment")[0].delivery is Delivery.SENT
    assert mail_queue(redis_url).count == 0


# --- Redis down -----------------------------------------------------------------------------


def test_mails_written_while_redis_is_down_all_go_out_once_it_is_back(
    app, client, db, make_user, stoppable_redis, smtp_server, sweep, run_worker
):
    """Redis is really stopped (a throw-away redis-server of the test's own, terminated and
    started again empty; where no redis-server binary exists the app is pointed at a closed
    port instead). 200 notifications are written during the outage."""
    author = make_user(email="autorin@example.org")
    proposal = publish(author)  # the author follows: 1 + 199 followers
    add_followers(proposal.id, bulk_people(199))
    staff = make_user(roles=("staff",))
    db.session.commit()

    stoppable_redis.stop()
    app.config["REDIS_URL"] = stoppable_redis.url
    sign_in(client, staff)
    answered = client.post(
        f"/proposals/{proposal.id}/answer",
        data={"status": "accepted", "answer": "Wir bauen sie.", "department": "Bauamt"},
    )
    assert answered.status_code == 302  # the answer is saved; the outage is not the user's
    assert states() == {Delivery.PENDING: 200}
    outage = sweep()
    assert outage.exit_code != 0 and "Redis is not reachable" in outage.output
    assert smtp_server.messages == []

    stoppable_redis.start()
    app.config["REDIS_URL"] = stoppable_redis.url
    back = sweep()
    assert back.exit_code == 0 and "handed over: yes" in back.output
    run_worker()
    ids = [row.id for row in all_rows("proposal.answer")]
    assert len(ids) == 200
    assert_each_once(smtp_server, ids)
    assert states() == {Delivery.SENT: 200}

    sweep()
    run_worker()  # the cron job and a worker once more: nothing goes out twice
    assert len(smtp_server.messages) == 200


# --- SMTP refusing --------------------------------------------------------------------------


def test_a_refusing_smtp_server_gets_the_mail_on_a_later_run(
    app, client, db, make_user, redis_url, smtp_server, sweep, run_worker
):
    author = make_user(email="autorin@example.org")
    proposal = publish(author)
    db.session.commit()
    sign_in(client, make_user())
    smtp_server.refuse_next = 1
    client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "Gute Idee!"})
    run_worker()
    [row] = all_rows("proposal.comment")
    assert smtp_server.refused == 1 and smtp_server.messages == []
    assert row.delivery is Delivery.PENDING and row.attempts == 1
    assert row.next_attempt_at > utcnow() + timedelta(seconds=30)  # the first pause

    sweep()
    run_worker()  # the cron job a moment later: the pause is not over
    assert smtp_server.refused == 1 and smtp_server.messages == []

    db.session.execute(update(Notification).values(next_attempt_at=utcnow()))
    db.session.commit()
    sweep()
    run_worker()
    assert_each_once(smtp_server, [row.id])
    assert all_rows("proposal.comment")[0].delivery is Delivery.SENT


def test_a_failed_job_is_retried_by_rq_after_a_pause_and_the_worker_recovers(smtp_inbox):
    """The job itself fails (the table is away, as during a botched migration or a database
    failover): RQ schedules it again after the first pause of its back-off, and the same worker
    process runs it successfully once the database is back."""
    url = require_redis()
    inbox, port = smtp_inbox
    settings = {"REDIS_URL": url, "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1"}
    retry_app = live.live_app("notifications_retry", SMTP_PORT=port, **settings)
    with retry_app as app, app.app_context():
        mail_queue(url).connection.flushdb()
        ids = waiting_items(1, "retry")
        _db.session.execute(text("ALTER TABLE notifications RENAME TO notifications_away"))
        _db.session.commit()
        assert jobs.enqueue_delivery() is True
        [job_id] = mail_queue(url).job_ids
        before = datetime.now(UTC)
        assert invoke(app, "worker", "--burst").exit_code == 0

        queue = mail_queue(url)
        job = queue.fetch_job(job_id)
        assert job.get_status() == "scheduled" and job.retries_left == 2
        when = queue.scheduled_job_registry.get_scheduled_time(job)
        assert timedelta(seconds=9) < when - before < timedelta(seconds=15)  # first pause
        assert inbox.messages == []

        # the table is back (put back over a connection of its own, as an admin would);
        # the worker's session, which the job failed in, must not hold on to anything
        with _db.engine.begin() as connection:
            connection.execute(text("ALTER TABLE notifications_away RENAME TO notifications"))
        queue.scheduled_job_registry.schedule(job, datetime.now(UTC))  # the pause is over
        assert invoke(app, "worker", "--burst").exit_code == 0
        assert queue.fetch_job(job_id).get_status() == "finished"
        assert_each_once(inbox, ids)
        with _db.engine.begin() as connection:  # the worker holds no transaction open
            connection.execute(update(Notification).values(read_at=utcnow()))
        mail_queue(url).connection.flushdb()


# --- a worker that dies ---------------------------------------------------------------------


def test_a_worker_that_dies_mid_batch_loses_nothing_and_sends_nothing_twice(
    app, db, redis_url, smtp_server, sweep, run_worker
):
    """Simulated in-process: a worker claims a batch of 30, sends 10 (each marked sent in its
    own commit) and stops without a word, as a killed process would."""
    ids = waiting_items(30, "batch")
    token, claimed = delivery.claim()
    assert claimed == ids
    with delivery.mail_context():
        assert delivery.deliver(claimed[:10], token) == 10
    # ... the process is gone here; its 20 claimed mails sit in "sending"

    sweep()
    run_worker()  # a healthy worker leaves another worker's fresh claims alone
    assert len(smtp_server.messages) == 10
    assert states() == {Delivery.SENT: 10, Delivery.SENDING: 20}

    age_claims()
    result = sweep()
    assert "released 20 stale claims" in result.output
    run_worker()
    assert_each_once(smtp_server, ids)
    assert states() == {Delivery.SENT: 30}


def test_the_mail_in_flight_when_a_worker_dies_comes_again_with_the_same_message_id(
    app, db, smtp_server
):
    """The one gap that remains: the server took the mail, the worker died before it could
    note that. The mail is sent again after the lease, with the same Message-ID, so mail
    programs that recognise duplicates show it once."""
    [mail] = waiting_items(1, "flight")
    token, claimed = delivery.claim()
    with delivery.mail_context():
        delivery.send(_db.session.get(Notification, mail))  # sent, but never marked sent
    db.session.rollback()
    age_claims()
    delivery.release_stale_claims()
    assert delivery.dispatch() == 1
    assert smtp_server.ids() == {f"<notification-{mail}@localhost>": 2}


def test_a_worker_process_killed_while_sending_loses_nothing(smtp_inbox):
    """A real `flask worker --burst` process is killed with SIGKILL while the SMTP server holds
    its fourth mail unanswered; the sweeper and another worker deliver the rest exactly once."""
    url = require_redis()
    inbox, port = smtp_inbox
    inbox.hold_at = 4
    settings = {"REDIS_URL": url, "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1"}
    with live.live_app("notifications_kill", SMTP_PORT=port, **settings) as app:
        with app.app_context():
            mail_queue(url).connection.flushdb()
            ids = waiting_items(12, "kill")
            assert jobs.enqueue_delivery() is True
            database_url = app.config["SQLALCHEMY_DATABASE_URI"]
            _db.session.remove()  # hold no connection (and no SQLite lock) while it works

        worker = start_worker_process(database_url, url, port)
        try:
            assert inbox.held.wait(30), "the worker never reached the fourth mail"
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        inbox.release.set()
        assert len(inbox.messages) == 3

        with app.app_context():
            assert states() == {Delivery.SENT: 3, Delivery.SENDING: 9}
            age_claims()
            assert "released 9 stale claims" in invoke(app, "notifications", "dispatch").output
            assert invoke(app, "worker", "--burst").exit_code == 0
            assert states() == {Delivery.SENT: 12}
            mail_queue(url).connection.flushdb()
    assert_each_once(inbox, ids)


def start_worker_process(database_url: str, redis_url: str, smtp_port: int) -> subprocess.Popen:
    """Start `flask worker --burst` in a process of its own on the given database."""
    environment = os.environ | {
        "APP_ENV": "development",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_TIMEOUT": "60",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--burst"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# --- two workers at once --------------------------------------------------------------------


def test_two_workers_at_once_send_every_mail_exactly_once(smtp_inbox):
    """Two jobs for the same mails run at the same moment (a double hand-over, the sweeper and a
    request): the claims split the mails between them."""
    inbox, port = smtp_inbox
    settings = {"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    with live.live_app("notifications_twice", **settings) as app:
        with app.app_context():
            ids = waiting_items(40, "twice")
            _db.session.remove()

        def work(_n):
            with app.app_context():
                return delivery.dispatch(limit=5)

        sent = live.at_once(2, work)
        assert sum(sent) == 40
    assert_each_once(inbox, ids)
