"""Deciding on many items at once, for spam waves. Each item is decided on its own: one that
cannot be decided (own content, decided meanwhile, action not possible) is skipped and counted."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import ngettext

from participation.accounts.models import User
from participation.extensions import db
from participation.moderation import decisions
from participation.moderation.models import Action, Decision, ModerationItem, Reason

SUSPEND_TOO = "hide_suspend"


@dataclass
class Outcome:
    """What a bulk decision did."""

    decisions: list[Decision] = field(default_factory=list)
    decided: int = 0
    skipped: int = 0


def decide_many(item_ids: list[int], moderator, bulk_action: str) -> Outcome:
    """Dismiss, hide as spam, or hide as spam and suspend the authors of the chosen items."""
    outcome = Outcome()
    for item_id in dict.fromkeys(item_ids):
        item = db.session.get(ModerationItem, item_id)
        taken = decide_one(item, moderator, bulk_action) if item is not None else []
        outcome.decisions.extend(taken)
        outcome.decided += bool(taken)
        outcome.skipped += not taken
    return outcome


def decide_one(item: ModerationItem, moderator, bulk_action: str) -> list[Decision]:
    """Take the bulk decision on one item in a savepoint; [] when it was not possible."""
    steps = [Action.DISMISS] if bulk_action == Action.DISMISS.value else [Action.HIDE]
    if bulk_action == SUSPEND_TOO and not author_suspended(item):
        steps.append(Action.SUSPEND)  # once per account: a wave has several posts by one
    taken = []
    try:
        with db.session.begin_nested():
            for action in steps:
                reason = None if action is Action.DISMISS else Reason.SPAM
                choice = decisions.Choice(action=action, version=item.version, reason=reason)
                taken.append(decisions.decide(item, moderator, choice))
    except decisions.DecisionError:
        db.session.refresh(item)
        return []
    return taken


def author_suspended(item: ModerationItem) -> bool:
    """Whether the author of the item's content is suspended already (by an earlier item)."""
    author = db.session.get(User, item.author_id) if item.author_id else None
    return author is not None and author.is_suspended


def summary(outcome: Outcome) -> str:
    """Return the message shown after a bulk decision."""
    done = ngettext(
        "%(num)s Eintrag ist entschieden.", "%(num)s Einträge sind entschieden.", outcome.decided
    )
    if not outcome.skipped:
        return done
    skipped = ngettext(
        "%(num)s Eintrag wurde übersprungen, weil die Entscheidung dort nicht möglich ist.",
        "%(num)s Einträge wurden übersprungen, weil die Entscheidung dort nicht möglich ist.",
        outcome.skipped,
    )
    return f"{done} {skipped}"
