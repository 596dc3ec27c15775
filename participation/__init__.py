"""participation: a civic participation platform. `create_app()` builds the Flask app."""

from __future__ import annotations

from flask import Flask

from config import BASE_DIR, load_config


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app for `config_name` (or APP_ENV) with optional setting overrides."""
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(load_instance_path()),
    )
    app.config.from_object(load_config(config_name))
    app.config.update(overrides)
    init_core(app)
    register_features(app)
    return app


def load_instance_path():
    """Return the instance folder from config.py, created if missing."""
    from config import instance_dir

    path = instance_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def init_core(app: Flask) -> None:
    """Bind extensions and the shared mechanisms."""
    from participation.core import (
        database,
        errors,
        generations,
        i18n,
        logging,
        migrations,
        page_cache,
        rate_limits,
        security,
        town,
        urls,
    )
    from participation.extensions import csrf, db, limiter

    logging.init_app(app)
    urls.init_app(app)
    db.init_app(app)
    database.init_app(app)
    generations.init_app(app)
    page_cache.init_app(app)
    migrations.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    rate_limits.init_app(app)
    i18n.init_app(app)
    town.init_app(app)
    security.init_app(app)
    errors.init_app(app)


def register_features(app: Flask) -> None:
    """Register each feature package's blueprints and commands."""
    from participation import (
        accounts,
        comments,
        core,
        moderation,
        notifications,
        paper,
        proposals,
        results,
        surveys,
        votes,
    )

    core.init_app(app)
    accounts.init_app(app)
    comments.init_app(app)
    proposals.init_app(app)
    moderation.init_app(app)
    notifications.init_app(app)
    surveys.init_app(app)
    paper.init_app(app)
    votes.init_app(app)
    results.init_app(app)
