"""Decisions on moderation items. They flush, never commit.

Every decision names its reason, resolves the open reports, closes the item and is written to
the audit log with the state before and after. Two moderators deciding the same item at once:
the item's version lets only the first one through (`Conflict`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from participation.accounts.models import User
from participation.comments import services as comment_services
from participation.comments.rules import REASON_MAX
from participation.core import audit, events
from participation.core.models import utcnow
from participation.core.permissions import is_moderator
from participation.extensions import db
from participation.moderation import items, targets
from participation.moderation.labels import decision_text
from participation.moderation.models import (
    Action,
    Appeal,
    AppealStatus,
    Cause,
    Decision,
    ModerationItem,
    Reason,
    Report,
    SubjectType,
)

STATEMENT_MAX = 2_000

NOT_MODERATOR = _l("Nur die Moderation kann hier entscheiden.")
OWN_CONTENT = _l("Über Ihre eigenen Beiträge oder Ihr eigenes Konto entscheidet jemand anderes.")
OWN_DECISION = _l(
    "Über einen Widerspruch gegen Ihre eigene Entscheidung entscheidet jemand anderes."
)
CONFLICT = _l(
    "Eine andere Person aus der Moderation hat inzwischen entschieden. Bitte sehen Sie sich den neuen Stand an."
)
NOT_NOW = _l("Diese Entscheidung ist im Moment nicht möglich.")
REASON_NEEDED = _l("Bitte wählen Sie einen Grund.")
STATEMENT_NEEDED = _l("Bitte erklären Sie den Grund in ein paar Worten.")
STATEMENT_TOO_LONG = _l("Die Begründung ist zu lang. Erlaubt sind höchstens 2.000 Zeichen.")
GONE = _l("Den Beitrag oder das Konto gibt es nicht mehr.")

NEEDS_REASON = {Action.HIDE, Action.LOCK, Action.WARN, Action.SUSPEND}
# Decisions after which content hidden automatically stays hidden: a real hide, and an
# appeal's answer (reports that came in meanwhile still wait for their own decision).
KEEPS_AUTO_HIDDEN = {Action.HIDE, Action.UPHOLD, Action.OVERTURN}


class DecisionError(Exception):
    """The decision cannot be taken; `message` is shown, `status` is the HTTP answer."""

    def __init__(self, message, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Choice:
    """What a moderator asks for; `version` is the item's version when the page was shown."""

    action: Action
    version: int
    reason: Reason | None = None
    statement: str | None = None
    suspend_days: int | None = None  # None with SUSPEND: indefinitely


def open_appeal(item: ModerationItem) -> Appeal | None:
    """Return the appeal that reopened the item, if one is waiting."""
    query = (
        select(Appeal)
        .join(Decision, Decision.id == Appeal.decision_id)
        .where(Decision.item_id == item.id, Appeal.status == AppealStatus.OPEN)
    )
    return db.session.scalar(query)


def allowed_actions(item: ModerationItem, subject) -> list[Action]:
    """Return what a moderator may decide on the item now, in the order offered."""
    if subject is None:
        return [Action.DISMISS] if item.is_open else []
    if item.is_open and item.cause is Cause.APPEAL:
        return [Action.UPHOLD, Action.OVERTURN]
    if item.subject_type is SubjectType.USER:
        return person_actions(item, subject)
    return content_actions(item, subject) + author_actions(item)


def content_actions(item: ModerationItem, subject) -> list[Action]:
    """Actions on a proposal or comment in its current state."""
    kind = targets.kind(item.subject_type)
    actions = []
    if kind.is_pending(subject):
        actions.append(Action.APPROVE)
    elif item.is_open:
        actions.append(Action.DISMISS)
    if not kind.is_hidden(subject) or item.auto_hidden:  # confirm an automatic hiding
        actions.append(Action.HIDE)
    if kind.is_hidden(subject):
        actions.append(Action.RESTORE)
    if not kind.thread(subject).is_closed:
        actions.append(Action.LOCK)
    return actions


def author_actions(item: ModerationItem) -> list[Action]:
    """Warn or suspend the author of content (when the account still exists)."""
    author = db.session.get(User, item.author_id) if item.author_id else None
    if author is None:
        return []
    return [Action.WARN, Action.UNSUSPEND if author.is_suspended else Action.SUSPEND]


def person_actions(item: ModerationItem, user: User) -> list[Action]:
    """Actions on a reported account."""
    actions = [Action.DISMISS] if item.is_open else []
    return actions + [Action.WARN, Action.UNSUSPEND if user.is_suspended else Action.SUSPEND]


def check_moderator(item: ModerationItem, moderator, appeal: Appeal | None) -> None:
    """Refuse non-moderators, decisions on one's own content and on appeals against oneself."""
    if not is_moderator(moderator):
        raise DecisionError(NOT_MODERATOR, 403)
    if item.author_id is not None and item.author_id == moderator.id:
        raise DecisionError(OWN_CONTENT, 403)
    if appeal is not None and appeal.decision.moderator_id == moderator.id:
        raise DecisionError(OWN_DECISION, 403)


def checked_choice(choice: Choice) -> Choice:
    """Refuse a missing reason, or a missing or too long explanation."""
    statement = (choice.statement or "").strip() or None
    if choice.action in NEEDS_REASON and choice.reason is None:
        raise DecisionError(REASON_NEEDED)
    if choice.reason is Reason.OTHER and statement is None:
        raise DecisionError(STATEMENT_NEEDED)
    if statement is not None and len(statement) > STATEMENT_MAX:
        raise DecisionError(STATEMENT_TOO_LONG)
    choice.statement = statement
    return choice


def decide(item: ModerationItem, moderator, choice: Choice) -> Decision:
    """Take one decision on the item (see the module docstring)."""
    appeal = open_appeal(item) if item.is_open and item.cause is Cause.APPEAL else None
    check_moderator(item, moderator, appeal)
    if choice.version != item.version:  # decided since the page was shown: say so first
        raise DecisionError(CONFLICT, 409)
    choice = checked_choice(choice)
    subject = targets.kind(item.subject_type).load(item.subject_id)
    if choice.action not in allowed_actions(item, subject):
        raise DecisionError(NOT_NOW, 409)
    opened_at = item.opened_at
    if not items.claim(item, choice.version):
        raise DecisionError(CONFLICT, 409)
    before = snapshot(item, subject)
    until = apply(item, subject, moderator, choice, appeal)
    decision = record_decision(item, moderator, choice, opened_at, until)
    if appeal is not None:
        resolve_appeal(appeal, decision)
    close_item(item, decision)
    events.emit(
        events.MODERATION_DECIDED,
        decision_id=decision.id,
        affected_id=decision.affected_id,
        action=decision.action.value,
    )
    audit.record(
        f"moderation.{choice.action.value}",
        item,
        actor=moderator,
        before=before,
        after=snapshot(item, subject) | decision_facts(decision),
    )
    return decision


def record_decision(item, moderator, choice: Choice, opened_at, until) -> Decision:
    """Write the decision row."""
    decision = Decision(
        item_id=item.id,
        moderator_id=moderator.id,
        affected_id=item.author_id,
        action=choice.action,
        reason=choice.reason,
        statement=choice.statement,
        suspended_until=until,
        item_opened_at=opened_at,
        created_at=utcnow(),
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def apply(item: ModerationItem, subject, moderator, choice: Choice, appeal: Appeal | None):
    """Carry out the decision; return the end of a suspension, if one was set."""
    kind = targets.kind(item.subject_type)
    action = choice.action
    if item.auto_hidden and action not in KEEPS_AUTO_HIDDEN and kind.is_hidden(subject):
        kind.restore(subject)  # the reports are answered without hiding: it comes back
    if action is Action.APPROVE:
        kind.release(subject)
    elif action is Action.HIDE:
        kind.hide(subject, choice.reason.value)
    elif action is Action.RESTORE:
        kind.restore(subject)
    elif action is Action.LOCK:
        lock(kind.thread(subject), moderator, choice)
    elif action is Action.SUSPEND:
        return suspend(affected(item), choice.suspend_days)
    elif action is Action.UNSUSPEND:
        unsuspend(affected(item))
    elif action is Action.OVERTURN:
        undo(appeal.decision, item, subject, moderator)
    return None


def affected(item: ModerationItem) -> User:
    """Return the account a decision on the item affects."""
    user = db.session.get(User, item.author_id) if item.author_id else None
    if user is None:
        raise DecisionError(GONE, 404)
    return user


def lock(thread, moderator, choice: Choice) -> None:
    """Close the thread for new comments, with the reason everyone sees (stored in the
    platform's language, not the moderator's; this also works outside a request)."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = str(decision_text(choice.reason, choice.statement))
    if len(text) > REASON_MAX:
        text = text[: REASON_MAX - 1] + "…"
    comment_services.close_thread(thread, moderator, text)


def suspend(user: User, days: int | None) -> datetime | None:
    """Suspend the account for `days` (None: until lifted); return the end."""
    now = utcnow()
    user.suspended_at = now
    user.suspended_until = now + timedelta(days=days) if days else None
    return user.suspended_until


def unsuspend(user: User) -> None:
    """Lift a suspension."""
    user.suspended_at = user.suspended_until = None


def undo(decision: Decision, item: ModerationItem, subject, moderator) -> None:
    """Undo an appealed decision (a warning is simply withdrawn)."""
    kind = targets.kind(item.subject_type)
    if decision.action is Action.HIDE and kind.is_hidden(subject):
        kind.restore(subject)
    elif decision.action is Action.SUSPEND:
        unsuspend(affected(item))
    elif decision.action is Action.LOCK:
        comment_services.reopen_thread(kind.thread(subject), moderator)


def resolve_appeal(appeal: Appeal, decision: Decision) -> None:
    """Record the appeal's outcome."""
    overturned = decision.action is Action.OVERTURN
    appeal.status = AppealStatus.OVERTURNED if overturned else AppealStatus.UPHELD
    appeal.resolved_at = decision.created_at
    appeal.resolution_id = decision.id


def close_item(item: ModerationItem, decision: Decision) -> None:
    """Resolve the open reports with this decision and take the item out of the queue.

    A decision on an appeal only answers the appeal: reports that came in while it waited
    stay open, and the item stays in the queue for them.
    """
    if decision.action in {Action.UPHOLD, Action.OVERTURN} and item.report_count:
        item.cause = Cause.REPORTS
        db.session.flush()
        return
    db.session.execute(
        update(Report)
        .where(Report.item_id == item.id, Report.decision_id.is_(None))
        .values(decision_id=decision.id)
    )
    item.is_open = False
    item.report_count = 0
    item.auto_hidden = False
    db.session.flush()


def snapshot(item: ModerationItem, subject) -> dict:
    """Return the state the audit log keeps before and after a decision."""
    state = {"item": f"{item.subject_type.value} {item.subject_id}", "open": item.is_open}
    if subject is None:
        return state
    kind = targets.kind(item.subject_type)
    if item.subject_type is not SubjectType.USER:
        state["hidden"] = kind.is_hidden(subject)
        state["pending"] = kind.is_pending(subject)
        state["thread_closed"] = kind.thread(subject).is_closed
    author = db.session.get(User, item.author_id) if item.author_id else None
    if author is not None:
        state["suspended"] = author.is_suspended
    return state


def decision_facts(decision: Decision) -> dict:
    """Return the decision's reason, explanation and suspension end for the audit log."""
    facts = {"decision": decision.id}
    if decision.reason:
        facts["reason"] = decision.reason.value
    if decision.statement:
        facts["statement"] = decision.statement
    if decision.suspended_until:
        facts["until"] = decision.suspended_until.isoformat()
    return facts
