"""Votes: staff set them up, residents cast secret ballots online (and on paper), staff tally."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the vote pages (casting, building, tallies) and the vote discussion."""
    from participation.votes import (  # noqa: F401
        builder_views,
        models,
        results_views,
        stored_tally,
        views,
    )

    app.register_blueprint(views.bp)
    app.register_blueprint(builder_views.bp)
    app.register_blueprint(results_views.bp)

    from participation.votes import discussion
    from participation.votes.cli import votes_cli

    discussion.init_app(app)
    app.cli.add_command(votes_cli)
