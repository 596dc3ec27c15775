"""Proposals: submit, support, follow, browse; staff answer and move them through their life."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the proposal blueprint."""
    from participation.proposals import models, views  # noqa: F401

    app.register_blueprint(views.bp)
