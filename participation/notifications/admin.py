"""For admins: mails that could not be delivered and failed background jobs, with retry."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from redis.exceptions import RedisError
from rq.job import Job
from rq.registry import FailedJobRegistry
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from participation.accounts.models import User
from participation.core import audit
from participation.core.pagination import paginate
from participation.core.permissions import Role, roles_required
from participation.core.urls import MAX_ID
from participation.extensions import db
from participation.notifications import delivery, jobs
from participation.notifications.models import Delivery, Notification

bp = Blueprint("notifications_admin", __name__, url_prefix="/admin/notifications")
JOBS_SHOWN = 50
RETRIED, REQUEUED = "notifications.retried", "notifications.job_requeued"
audit.register_actions(
    {
        RETRIED: _l("Nicht zugestellte Nachrichten erneut versucht"),
        REQUEUED: _l("Fehlgeschlagenen Hintergrundauftrag neu gestartet"),
    }
)
audit.register_target_types({"notifications": _l("Nachricht"), "rq_jobs": _l("Hintergrundauftrag")})


@dataclass
class FailedJob:
    """A job RQ gave up on: its id, what it ran and the last line of its error."""

    id: str
    function: str
    error: str
    queue: str


def counts_by_state() -> dict[Delivery, int]:
    """Return how many notification mails are in each delivery state (one query)."""
    query = select(Notification.delivery, func.count()).group_by(Notification.delivery)
    return dict(db.session.execute(query).all())


def failed_query():
    """Return the mails that were given up on, newest first, with their recipients."""
    return (
        select(Notification)
        .where(Notification.delivery == Delivery.FAILED)
        .options(joinedload(Notification.recipient).lazyload(User.roles))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def failed_jobs() -> tuple[list[FailedJob], bool]:
    """Return RQ's failed jobs of every queue, and whether Redis could be asked."""
    connection = jobs.redis_connection()
    if connection is None:
        return [], True
    found = []
    try:
        for name in jobs.QUEUES:
            registry = FailedJobRegistry(name, connection=connection)
            for job in Job.fetch_many(registry.get_job_ids(0, JOBS_SHOWN - 1), connection):
                if job is not None:
                    found.append(describe(job, name))
    except RedisError:
        current_app.logger.warning("Redis unavailable for the failed-jobs page", exc_info=True)
        return [], False
    return found, True


def describe(job: Job, queue: str) -> FailedJob:
    """Return what the page shows of a failed job."""
    result = job.latest_result()
    text = (result.exc_string if result is not None else None) or ""
    lines = text.strip().splitlines()
    return FailedJob(
        id=job.id, function=job.func_name, error=lines[-1] if lines else "", queue=queue
    )


@bp.get("/")
@roles_required(Role.ADMIN)
def index():
    """Delivery states, mails given up on, and failed jobs."""
    found, reachable = failed_jobs()
    return render_template(
        "admin/notifications.html",
        counts=counts_by_state(),
        states=list(Delivery),
        page=paginate(failed_query()),
        jobs=found,
        redis_reachable=reachable,
        redis_configured=jobs.redis_connection() is not None,
    )


@bp.post("/retry")
@roles_required(Role.ADMIN)
def retry():
    """Give one failed mail (`notification`) or all of them a fresh set of attempts."""
    chosen = request.form.get("notification", type=int)
    if chosen is not None and not 0 < chosen <= MAX_ID:  # no mail has it (nor "all": None)
        abort(400)
    count = delivery.retry_failed([chosen] if chosen else None)
    if count:
        everything = audit.whole_table("notifications")
        after = {"count": count, "notification": chosen} if chosen else {"count": count}
        audit.record(RETRIED, everything, actor=current_user, after=after)
        db.session.commit()
        jobs.enqueue_delivery()
    flash(
        ngettext(
            "%(num)s Nachricht wird erneut versucht.",
            "%(num)s Nachrichten werden erneut versucht.",
            count,
        ),
        "success",
    )
    return redirect(url_for("notifications_admin.index"))


@bp.post("/jobs/<job_id>/retry")
@roles_required(Role.ADMIN)
def retry_job(job_id: str):
    """Put a failed job back on its queue."""
    connection = jobs.redis_connection()
    if connection is None:
        abort(404)
    try:
        job = Job.fetch(job_id, connection=connection)
        job.requeue()
    except RedisError:
        flash(_("Redis ist nicht erreichbar. Bitte versuchen Sie es später noch einmal."), "error")
    except Exception:  # the job is gone (expired or retried by someone else)
        abort(404)
    else:
        after = {"job": job_id, "function": job.func_name}
        audit.record(REQUEUED, audit.whole_table("rq_jobs"), actor=current_user, after=after)
        db.session.commit()
        flash(_("Der Auftrag ist wieder in der Warteschlange."), "success")
    return redirect(url_for("notifications_admin.index"))
