"""The words moderation shows for its reasons, actions, rules and states."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.moderation.models import Action, AppealStatus, Cause, HoldRule, Reason

REASON_LABELS = {
    Reason.SPAM: _l("Werbung oder Spam"),
    Reason.INSULT: _l("Beleidigung oder Hass"),
    Reason.OFF_TOPIC: _l("Gehört nicht zum Thema"),
    Reason.PERSONAL_DATA: _l("Persönliche Daten anderer"),
    Reason.OTHER: _l("Anderer Grund"),
}
# Shown in the placeholder while many reports wait for a decision.
UNDER_REVIEW_LABEL = _l("mehrfach gemeldet, wird geprüft")

ACTION_LABELS = {
    Action.DISMISS: _l("Meldungen zurückweisen"),
    Action.APPROVE: _l("Freigeben"),
    Action.HIDE: _l("Ausblenden"),
    Action.RESTORE: _l("Wieder anzeigen"),
    Action.LOCK: _l("Diskussion schließen"),
    Action.WARN: _l("Verwarnen"),
    Action.SUSPEND: _l("Konto sperren"),
    Action.UNSUSPEND: _l("Sperre aufheben"),
    Action.UPHOLD: _l("Widerspruch zurückweisen: Entscheidung bleibt"),
    Action.OVERTURN: _l("Widerspruch annehmen: Entscheidung aufheben"),
}
# What happened, as the person affected reads it.
OUTCOME_LABELS = {
    Action.DISMISS: _l("Die Meldungen wurden zurückgewiesen."),
    Action.APPROVE: _l("Ihr Beitrag wurde freigegeben."),
    Action.HIDE: _l("Ihr Beitrag wurde ausgeblendet."),
    Action.RESTORE: _l("Ihr Beitrag wird wieder angezeigt."),
    Action.LOCK: _l("Die Diskussion wurde geschlossen."),
    Action.WARN: _l("Sie wurden verwarnt."),
    Action.SUSPEND: _l("Ihr Konto wurde gesperrt."),
    Action.UNSUSPEND: _l("Die Sperre Ihres Kontos wurde aufgehoben."),
    Action.UPHOLD: _l("Ihr Widerspruch wurde geprüft. Die Entscheidung bleibt bestehen."),
    Action.OVERTURN: _l("Ihr Widerspruch war erfolgreich. Die Entscheidung ist aufgehoben."),
}
CAUSE_LABELS = {
    Cause.REPORTS: _l("Gemeldet"),
    Cause.HELD: _l("Wartet auf Freigabe"),
    Cause.APPEAL: _l("Widerspruch"),
}
HOLD_RULE_LABELS = {
    HoldRule.NEW_ACCOUNT: _l("Neues Konto: die ersten Beiträge werden geprüft"),
    HoldRule.CATEGORY: _l("In diesem Thema werden alle Vorschläge vorher geprüft"),
    HoldRule.LINKS: _l("Viele Links"),
    HoldRule.BLOCKED_WORD: _l("Enthält ein gesperrtes Wort"),
}
APPEAL_LABELS = {
    AppealStatus.OPEN: _l("Wird geprüft"),
    AppealStatus.UPHELD: _l("Zurückgewiesen"),
    AppealStatus.OVERTURNED: _l("Erfolgreich"),
}


def reason_label(reason: Reason | str | None):
    """Return the translated name of a reason (also the auto-hide placeholder's)."""
    if reason is None:
        return ""
    if reason == "under_review":
        return UNDER_REVIEW_LABEL
    return REASON_LABELS[Reason(reason)]


def decision_text(reason: Reason | None, statement: str | None) -> str:
    """Return the reason with the moderator's explanation, as one line."""
    label = str(reason_label(reason))
    if statement:
        return _("%(reason)s: %(statement)s", reason=label, statement=statement)
    return label
