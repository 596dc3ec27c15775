"""Results: the council's publication of votes and surveys, implementation tracking, and the
open data API and feeds."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the results pages."""
    from participation.results import models, notify, publication_views  # noqa: F401

    app.register_blueprint(publication_views.bp)
    notify.init_app(app)

    from participation.results import implementation_views

    implementation_views.init_app(app)

    from participation.results import feeds

    app.register_blueprint(feeds.bp)

    from participation.results import api

    api.init_app(app)
