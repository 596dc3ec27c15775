"""Telling the person affected about a decision: what, why, and how to object.

Sent after the decision is committed. If the mail cannot be handed over, nothing is lost: the
decision is listed on the person's page "Entscheidungen der Moderation" (`/moderation/decisions`).
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from participation.accounts.models import User
from participation.core.town import current_town
from participation.extensions import db
from participation.moderation.models import NOTIFIED, Decision
from participation.notifications.email import MailError, send_email


def tell_affected(decision: Decision) -> bool:
    """Mail the decision to the person it affects; False when it was not sent."""
    user = db.session.get(User, decision.affected_id) if decision.affected_id else None
    if user is None or decision.action not in NOTIFIED:
        return False
    try:
        send_email(
            user.email,
            _l("Entscheidung der Moderation"),
            "moderation/decision",
            locale=user.locale,
            town=current_town(),
            user=user,
            decision=decision,
            link=url_for("moderation.decision", decision_id=decision.id, _external=True),
        )
    except MailError:
        current_app.logger.exception("could not send the moderation decision mail")
        return False
    return True
