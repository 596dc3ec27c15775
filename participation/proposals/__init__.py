"""Proposals: submit, support, follow, browse; staff answer and move them through their life."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the proposal pages, template helpers and event handlers."""
    from participation.proposals import actions, discussion, list_views, views  # noqa: F401
    from participation.proposals.forms import STATUS_LABELS
    from participation.proposals.labels import timeline_label

    app.register_blueprint(views.bp)
    discussion.init_app(app)
    app.jinja_env.globals.update(
        proposal_status_label=lambda status: STATUS_LABELS[status],
        timeline_label=timeline_label,
    )
