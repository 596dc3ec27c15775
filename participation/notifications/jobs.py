"""Handing notifications to RQ, the jobs a worker runs, and the in-process fallback.

With REDIS_URL set, a request that wrote notifications enqueues one `deliver_due` job on the
"mail" queue after it committed; if Redis is down the rows simply wait for the sweeper
(`flask notifications dispatch`, run by cron every minute). Without REDIS_URL (the embedded
default) the same delivery runs in-process right after the request, so `make run` sends to
`instance/mail/` at once.
"""

from __future__ import annotations

from flask import Flask, current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry

from participation.extensions import db
from participation.notifications import delivery, outbox

MAIL_QUEUE = "mail"
QUEUES = (MAIL_QUEUE, "default")
JOB_TIMEOUT = 600
RETRY = Retry(max=3, interval=[10, 60, 300])


def redis_connection() -> Redis | None:
    """Return a connection to REDIS_URL, or None in the embedded mode."""
    url = current_app.config.get("REDIS_URL")
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5) if url else None


def queue(name: str = MAIL_QUEUE) -> Queue | None:
    """Return an RQ queue, or None in the embedded mode."""
    connection = redis_connection()
    return Queue(name, connection=connection) if connection is not None else None


def enqueue_delivery() -> bool:
    """Ask a worker to send what is due; False when Redis is not reachable (rows wait)."""
    mail_queue = queue()
    if mail_queue is None:
        delivery.dispatch()
        return True
    try:
        mail_queue.enqueue(deliver_due, retry=RETRY, job_timeout=JOB_TIMEOUT)
    except RedisError:
        current_app.logger.warning("Redis unavailable: notifications wait for the sweeper")
        return False
    return True


def deliver_due() -> int:
    """The RQ job: send every due notification mail (safe to run twice or at once)."""
    if not has_app_context():
        from participation import create_app

        with create_app().app_context():
            return deliver_due()
    try:
        return delivery.dispatch()
    finally:
        # `flask worker` keeps one app context, so one session, for all its jobs: end this
        # job's transaction, failed or not, so the next job does not start in an aborted one
        # (PostgreSQL) and no idle transaction or write lock (SQLite) outlives the job.
        db.session.rollback()


def sweep() -> tuple[int, bool]:
    """Release claims of stopped workers and hand what is due over again (the cron job)."""
    released = delivery.release_stale_claims()
    return released, enqueue_delivery()


def after_request(response):
    """Hand over the notifications this request wrote (it has committed by now). Whatever the
    view left uncommitted is dropped first, as the end of the request would drop it anyway:
    delivery commits, and must not commit a half-done change."""
    if outbox.dispatch_requested():
        try:
            db.session.rollback()
            enqueue_delivery()
        except Exception:  # a failure here must not turn a saved action into an error page
            current_app.logger.exception("handing over notifications failed")
    return response


def init_app(app: Flask) -> None:
    """Hand notifications over after each request that wrote some."""
    app.after_request(after_request)
