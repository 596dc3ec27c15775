"""Paper: printable sheets, the sheet registry, hand-out of ballots, manual entry (and scans)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the paper pages (printing and the registry, ballot hand-out) and commands."""
    from participation.paper import handout_views, models, views  # noqa: F401

    app.register_blueprint(views.bp)
    app.register_blueprint(handout_views.bp)
