"""`flask privacy purge`: delete what has passed its retention period (daily from cron)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext

from participation.accounts import retention
from participation.core.models import utcnow
from participation.extensions import db

STEPS = (
    ("unconfirmed accounts", "UNCONFIRMED_ACCOUNT_DAYS", retention.purge_unconfirmed),
    ("signed-in browsers not seen", "SESSION_IDLE_DAYS", retention.purge_sessions),
    ("closed data requests", "DATA_REQUEST_RETENTION_DAYS", retention.purge_data_requests),
)


@click.group()
def privacy() -> None:
    """Retention of personal data."""


@privacy.command("purge")
@with_appcontext
def purge_command() -> None:
    """Delete unconfirmed accounts, idle signed-in browsers, closed data requests and scans
    whose retention period has ended, and say how many. Run it daily from cron."""
    now = utcnow()
    for what, setting, period, count in purge_all(now):
        if not period:
            click.echo(f"{what}: kept ({setting} is 0)")
        else:
            click.echo(f"{what}: {count} deleted (older than {period} days, {setting})")
    purge_scans(now)


def purge_all(now: datetime) -> list[tuple[str, str, int, int]]:
    """Run each purge and commit it on its own (a failure later keeps what was done); return
    (what, setting, period in days, how many were deleted) for each."""
    done = []
    for what, setting, purge in STEPS:
        period = retention.days(setting)
        count = purge(now) if period else 0
        db.session.commit()
        done.append((what, setting, period, count))
    return done


def purge_scans(now: datetime) -> None:
    """Run the scan purge of the paper feature (SCAN_RETENTION_DAYS)."""
    from participation.paper import scan_retention  # accounts must not import paper at load

    period = scan_retention.retention_days()
    if not period:
        click.echo("scans: kept (SCAN_RETENTION_DAYS is 0)")
        return
    purged = scan_retention.purge_expired(now)
    db.session.commit()
    click.echo(
        f"scans: {purged.images} page images and {purged.files} uploaded files of "
        f"{purged.uploads} uploads deleted (older than {period} days, SCAN_RETENTION_DAYS)"
    )
