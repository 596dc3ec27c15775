"""Paper: printable sheets, the sheet registry, hand-out of ballots, manual entry (and scans)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the paper pages (printing and the registry, ballot hand-out) and commands."""
    from participation.paper import (  # noqa: F401
        comments_views,
        entry_views,
        handout_views,
        ideas_views,
        jobs,
        models,
        scan_jobs,
        scan_models,
        scan_review_views,
        scan_views,
        views,
    )
    from participation.paper.cli import paper_cli

    app.register_blueprint(views.bp)
    app.register_blueprint(handout_views.bp)
    app.register_blueprint(entry_views.bp)
    app.register_blueprint(ideas_views.bp)
    app.register_blueprint(comments_views.bp)
    jobs.init_app(app)
    scan_jobs.init_app(app)
    app.cli.add_command(paper_cli)
