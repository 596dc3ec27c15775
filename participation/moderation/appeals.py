"""Appeals: the person affected objects to a decision; the item goes back to the queue,
where a moderator other than the one who decided takes it. They flush, never commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.extensions import db
from participation.moderation import items
from participation.moderation.models import Appeal, Cause, Decision

TEXT_MAX = 2_000

NOT_YOURS = _l("Gegen diese Entscheidung können nur die Betroffenen widersprechen.")
NOT_APPEALABLE = _l("Gegen diese Entscheidung ist kein Widerspruch möglich.")
ALREADY = _l("Sie haben gegen diese Entscheidung schon widersprochen.")
WAITING = _l(
    "Ein Widerspruch zu diesem Beitrag wird gerade geprüft. Bitte warten Sie das Ergebnis ab."
)
TEXT_NEEDED = _l("Bitte schreiben Sie, warum die Entscheidung aus Ihrer Sicht falsch ist.")
TEXT_TOO_LONG = _l("Ihr Text ist zu lang. Erlaubt sind höchstens 2.000 Zeichen.")


class AppealError(Exception):
    """The appeal cannot be taken; `message` is shown, `status` is the HTTP answer."""

    def __init__(self, message, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def appeal_of(decision: Decision) -> Appeal | None:
    """Return the appeal against `decision`, if there is one."""
    return db.session.scalar(select(Appeal).where(Appeal.decision_id == decision.id))


def appeal_refusal(decision: Decision, user) -> AppealError | None:
    """Return why `user` cannot appeal against `decision`, or None when they can."""
    if decision.affected_id is None or decision.affected_id != user.id:
        return AppealError(NOT_YOURS, 403)
    if not decision.is_appealable:
        return AppealError(NOT_APPEALABLE, 403)
    if appeal_of(decision) is not None:
        return AppealError(ALREADY, 409)
    if decision.item.is_open and decision.item.cause is Cause.APPEAL:
        return AppealError(WAITING, 409)
    return None


def lodge(decision: Decision, user, text: str) -> Appeal:
    """Take the appeal and put the item back into the queue."""
    refusal = appeal_refusal(decision, user)
    if refusal is not None:
        raise refusal
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise AppealError(TEXT_NEEDED)
    if len(text) > TEXT_MAX:
        raise AppealError(TEXT_TOO_LONG)
    appeal = Appeal(decision_id=decision.id, appellant_id=user.id, text=text)
    try:
        with db.session.begin_nested():
            db.session.add(appeal)
    except IntegrityError:  # the same appeal sent twice at once
        raise AppealError(ALREADY, 409) from None
    items.open_item(decision.item, Cause.APPEAL)
    return appeal
