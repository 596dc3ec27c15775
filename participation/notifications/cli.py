"""Commands: `flask notifications dispatch` (the sweeper, for cron), `flask notifications digest`
(the daily digest, for cron) and `flask worker` (an RQ worker with the app context)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from participation.notifications import digests, jobs


@click.group("notifications")
def notifications_cli() -> None:
    """Deliver notifications."""


@notifications_cli.command("dispatch")
@with_appcontext
def dispatch_command() -> None:
    """Put mails of stopped workers back, then hand everything due to a worker (or send it)."""
    released, handed_over = jobs.sweep()
    click.echo(f"released {released} stale claims; handed over: {'yes' if handed_over else 'no'}")
    if not handed_over:
        raise click.ClickException("Redis is not reachable; the mails wait for the next run.")


@notifications_cli.command("digest")
@with_appcontext
def digest_command() -> None:
    """Send each person's daily digest of yesterday and earlier (at most one per day)."""
    click.echo(f"sent {digests.send_due()} digests")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run an RQ worker for the queues "mail" and "default" inside the app context."""
    from rq import SimpleWorker

    connection = jobs.redis_connection()
    if connection is None:
        raise click.ClickException("REDIS_URL is not set: jobs run in-process, no worker needed.")
    worker = SimpleWorker(list(jobs.QUEUES), connection=connection)
    current_app.logger.info("worker listening on %s", ", ".join(jobs.QUEUES))
    worker.work(burst=burst, with_scheduler=True)


def init_app(app) -> None:
    """Register the commands."""
    app.cli.add_command(notifications_cli)
    app.cli.add_command(worker_command)
