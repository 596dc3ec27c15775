"""Notifications: the outbox, delivery on RQ (or in-process), email, the in-app centre,
preferences, digests and one-click unsubscribe."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the mail seam, the kinds, the pages, the commands and the hand-over hook."""
    from participation.notifications import (  # noqa: F401
        account_kinds,
        admin,
        cli,
        email,
        jobs,
        models,
        triggers,
        views,
    )

    email.init_app(app)
    triggers.init_app(app)
    account_kinds.init_app(app)
    jobs.init_app(app)
    cli.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    app.context_processor(views.unread_for_header)
