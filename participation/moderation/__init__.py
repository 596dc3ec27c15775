"""Moderation: reports, the queue, decisions with reasons, appeals, safeguards, transparency."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Register the pages, the post checks, the suspension check and the audited acts."""
    from participation.core import audit, screening
    from participation.moderation import hold, labels, models, suspension, views  # noqa: F401

    app.register_blueprint(views.bp)
    suspension.init_app(app)
    with app.app_context():
        screening.register(hold.hold_for_review)
        screening.register_edit_check(hold.edit_problem)
    app.jinja_env.globals.update(
        reason_label=labels.reason_label,
        action_label=lambda action: labels.ACTION_LABELS[action],
        outcome_label=lambda action: labels.OUTCOME_LABELS[action],
        cause_label=lambda cause: labels.CAUSE_LABELS[cause],
        hold_rule_label=lambda rule: labels.HOLD_RULE_LABELS[rule],
        appeal_label=lambda status: labels.APPEAL_LABELS[status],
    )
    audit.register_actions(
        {f"moderation.{action.value}": label for action, label in labels.ACTION_LABELS.items()}
    )
    audit.register_actions(
        {
            "moderation.auto_hidden": _l("Nach mehreren Meldungen automatisch ausgeblendet"),
            "moderation.held": _l("Zur Prüfung zurückgehalten"),
        }
    )
    audit.register_target_types({"moderation_items": _l("Moderation")})
