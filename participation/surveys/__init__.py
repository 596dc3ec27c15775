"""Surveys: staff build them, residents answer online (and on paper), staff see the results."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the survey pages (answering, building, results) and the survey discussion."""
    from participation.surveys import (  # noqa: F401
        builder_views,
        models,
        results_views,
        stored_figures,
        views,
    )

    app.register_blueprint(views.bp)
    app.register_blueprint(builder_views.bp)
    app.register_blueprint(results_views.bp)

    from participation.surveys import discussion

    discussion.init_app(app)
