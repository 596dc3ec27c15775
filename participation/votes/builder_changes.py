"""Changing a vote's settings (staff) within the lock rules of builder.py. They flush, never
commit.

Until a vote opens every setting may change; a published vote must stay complete, and the
change is audited. Once open, the settings in LOCKED_ONCE_OPEN stay; the end may only move later
while open; once closed, only the wording (title, explanation) may still be corrected.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from participation.core import audit
from participation.extensions import db
from participation.votes import builder_checks as checks
from participation.votes.builder import (
    YES_NO_OPTIONS,
    BuilderError,
    VoteSettings,
    apply_settings,
    normalised,
    refuse,
    rule_problems,
    same_minute,
    settings_of,
    yes_no_options,
)
from participation.votes.models import Phase, Vote, VoteKind

LOCKED_ONCE_OPEN = ("kind", "max_choices", "budget", "eligibility", "districts", "opens_at")
LOCKED = _l("Die Abstimmung hat schon begonnen. Das kann nicht mehr geändert werden.")


def update_settings(vote: Vote, settings: VoteSettings, actor) -> None:
    """Change the settings within the lock rules; after publication the change is audited."""
    settings = normalised(settings)
    refuse(rule_problems(settings) or lock_problems(vote, settings))
    must_stay_complete(vote, settings, projected_options(vote, settings))
    before = snapshot(vote)
    reshape_options(vote, settings.kind)
    apply_settings(vote, settings)
    db.session.flush()
    if vote.published_at is not None:
        record_change(vote, before, snapshot(vote), actor)


def lock_problems(vote: Vote, settings: VoteSettings) -> dict:
    """Return the changes the vote's phase no longer allows, by form field."""
    phase = vote.phase()
    if phase not in (Phase.OPEN, Phase.CLOSED):
        return {}
    stored = settings_of(vote)
    problems = {name: LOCKED for name in LOCKED_ONCE_OPEN if changed(stored, settings, name)}
    problems |= closing_problems(phase, stored.closes_at, settings.closes_at)
    if phase is Phase.CLOSED and settings.eligible_count != stored.eligible_count:
        problems["eligible_count"] = _l("Die Abstimmung ist beendet. Die Zahl bleibt, wie sie war.")
    return problems


def closing_problems(phase: Phase, stored: datetime, entered: datetime) -> dict:
    """Return why the end may not move: never once closed, and only later while open."""
    if same_minute(stored, entered):
        return {}
    if phase is Phase.CLOSED:
        return {"closes_at": _l("Die Abstimmung ist beendet. Das Ende bleibt, wie es war.")}
    if entered < stored:
        return {
            "closes_at": _l(
                "Die Abstimmung läuft schon. Das Ende kann nur später werden, nicht früher."
            )
        }
    return {}


def changed(stored: VoteSettings, settings: VoteSettings, name: str) -> bool:
    """Whether the setting `name` differs (times to the minute, districts as a set)."""
    old, new = getattr(stored, name), getattr(settings, name)
    if name == "opens_at":
        return not same_minute(old, new)
    if name == "districts":
        return set(old) != set(new)
    return old != new


def projected_options(vote: Vote, settings: VoteSettings) -> list[checks.Option]:
    """Return the options the vote will have with `settings` (yes/no ones come and go with the
    kind; costs only count in a budget vote), refusing to turn options into "Ja" and "Nein"."""
    if settings.kind is VoteKind.YES_NO and vote.kind is not VoteKind.YES_NO:
        if vote.options:
            refuse({"kind": KIND_NEEDS_EMPTY})
        return [(title, None) for title in YES_NO_OPTIONS]
    if vote.kind is VoteKind.YES_NO and settings.kind is not VoteKind.YES_NO:
        return []
    return [
        (title, cost if settings.kind is VoteKind.BUDGET else None)
        for title, cost in (checks.options_of(vote))
    ]


KIND_NEEDS_EMPTY = _l(
    "Löschen Sie zuerst die Antwortmöglichkeiten. Eine Ja-oder-Nein-Abstimmung bekommt ihre "
    "Antworten „Ja“ und „Nein“ von selbst."
)


def must_stay_complete(vote: Vote, shape, options: list[checks.Option]) -> None:
    """Refuse a change that would leave a published vote unpublishable; `shape` and `options`
    are the vote's settings and options as the change would leave them. A closed vote has run
    as it stands: only its wording can change, so there is nothing left to complete."""
    if vote.published_at is None or vote.phase() is Phase.CLOSED:
        return
    problems = checks.missing(shape, options)
    if problems:
        message = _l(
            "Die Abstimmung ist veröffentlicht und muss vollständig bleiben: %(problem)s",
            problem=problems[0],
        )
        raise BuilderError(message)


def reshape_options(vote: Vote, kind: VoteKind) -> None:
    """Give a vote turning yes/no its two options, drop them when it stops being one, and drop
    costs outside a budget vote."""
    if kind is VoteKind.YES_NO and vote.kind is not VoteKind.YES_NO:
        vote.options = yes_no_options()
    elif vote.kind is VoteKind.YES_NO and kind is not VoteKind.YES_NO:
        vote.options = []
    if kind is not VoteKind.BUDGET:
        for option in vote.options:
            option.cost = None


def snapshot(vote: Vote) -> dict:
    """Return the vote's settings as plain values for the audit log."""
    return {
        "title": vote.title,
        "explanation": vote.explanation,
        "kind": vote.kind.value,
        "max_choices": vote.max_choices,
        "budget": vote.budget,
        "opens_at": vote.opens_at.isoformat(),
        "closes_at": vote.closes_at.isoformat(),
        "eligibility": vote.eligibility.value,
        "districts": list(vote.districts),
        "eligible_count": vote.eligible_count,
    }


def record_change(vote: Vote, before: dict, after: dict, actor) -> None:
    """Audit the settings that changed (with the phase the vote was in)."""
    names = [name for name in after if before[name] != after[name]]
    if names:
        audit.record(
            "vote.changed",
            vote,
            actor=actor,
            before={"phase": vote.phase().value, **{name: before[name] for name in names}},
            after={name: after[name] for name in names},
        )
