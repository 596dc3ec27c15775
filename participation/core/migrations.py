"""`flask db` (Flask-Migrate) without Alembic in every web worker: Alembic, Mako and Pygments
take about 11 MB per process and only the `flask db` commands and the test set-up use them, so
Flask-Migrate is imported and bound to the app the first time one of them needs it."""

from __future__ import annotations

import click
from flask import Flask

from config import BASE_DIR


def init_app(app: Flask) -> None:
    """Offer `flask db` and app.extensions["migrate"]; both bind Flask-Migrate on first use."""
    app.extensions["migrate"] = Pending(app)
    app.cli.add_command(MigrationCommands("db", help="Database migrations (Flask-Migrate)."))


def bind(app: Flask):
    """Bind Flask-Migrate to the app now (importing Alembic); return its settings."""
    from flask_migrate import Migrate

    from participation.core.models import include_migration_name, render_migration_item
    from participation.extensions import db

    Migrate(
        app,
        db,
        directory=str(BASE_DIR / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
        include_name=include_migration_name,
    )
    return app.extensions["migrate"]


class Pending:
    """Stands in app.extensions["migrate"] until Flask-Migrate's settings are first read."""

    def __init__(self, app: Flask):
        self.app = app

    def __getattr__(self, name: str):
        return getattr(bind(self.app), name)


class MigrationCommands(click.Group):
    """`flask db`: hands the command line to Flask-Migrate's own group, imported only now."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        """Parse `flask db …` with Flask-Migrate's group (its options, commands and help)."""
        from flask_migrate.cli import db

        return db.make_context(info_name, args, parent=parent, **extra)
