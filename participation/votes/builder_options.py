"""The options of a vote (staff): adding, changing, deleting and ordering them. They flush,
never commit.

A yes/no vote's options are fixed ("Ja" and "Nein"; abstaining is on every ballot). Once the
vote has opened, options are neither added, deleted, moved nor retitled, and costs stay: only a
description may still be corrected. A published vote must stay complete, so a change that would
leave it unpublishable (one option too few, a cost above the budget) is refused. After
publication every change is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from participation.core import audit
from participation.core.markup import render_markdown
from participation.extensions import db
from participation.votes import builder_checks as checks
from participation.votes.builder import BuilderError, refuse, touch
from participation.votes.builder_changes import must_stay_complete
from participation.votes.models import MAX_OPTIONS, Vote, VoteKind, VoteOption

FIXED = _l(
    "Bei einer Ja-oder-Nein-Abstimmung stehen die Antworten fest: „Ja“ und „Nein“. "
    "Enthalten kann man sich auf dem Stimmzettel."
)
STARTED = _l(
    "Die Abstimmung hat schon begonnen. Antwortmöglichkeiten können nicht mehr hinzugefügt, "
    "gelöscht, verschoben oder umbenannt werden. Nur die Beschreibung lässt sich korrigieren."
)


@dataclass
class OptionFields:
    """An option as the option form delivers it (cost in whole euros, budget votes only)."""

    title: str
    description: str = ""
    cost: int | None = None


def refuse_fixed(vote: Vote) -> None:
    """Refuse any change to the options of a yes/no vote."""
    if vote.kind is VoteKind.YES_NO:
        raise BuilderError(FIXED)


def refuse_started(vote: Vote) -> None:
    """Refuse changing the ballot of a vote that has opened."""
    if checks.is_locked(vote):
        raise BuilderError(STARTED)


def refuse_adding(vote: Vote) -> None:
    """Refuse a new option for a yes/no vote or one that has opened."""
    refuse_fixed(vote)
    refuse_started(vote)


def field_problems(vote: Vote, fields: OptionFields, option: VoteOption | None = None) -> dict:
    """Return what is wrong with the option's fields, by form field."""
    problems = {}
    others = [other for other in vote.options if other is not option]
    if any(other.title.casefold() == fields.title.casefold() for other in others):
        problems["title"] = _l("Diese Antwortmöglichkeit gibt es schon.")
    if vote.kind is VoteKind.BUDGET:
        if not fields.cost or fields.cost <= 0:
            problems["cost"] = _l("Bitte geben Sie die Kosten ein: mehr als 0 Euro.")
        elif vote.budget and fields.cost > vote.budget:
            problems["cost"] = checks.too_expensive(fields.title, vote.budget)
    return problems


def add_option(vote: Vote, fields: OptionFields, actor) -> VoteOption:
    """Add an option at the end of the ballot."""
    refuse_adding(vote)
    if len(vote.options) >= MAX_OPTIONS:
        raise BuilderError(_l("Eine Abstimmung hat höchstens 60 Antwortmöglichkeiten."), "title")
    refuse(field_problems(vote, fields))
    position = max((option.position for option in vote.options), default=0) + 1
    option = VoteOption(vote=vote, position=position)
    apply_fields(vote, option, fields)
    db.session.add(option)
    touch(vote)
    db.session.flush()
    log(vote, option, actor, "added", None, values(option))
    return option


def apply_fields(vote: Vote, option: VoteOption, fields: OptionFields) -> None:
    """Copy the fields onto the option and render its description."""
    option.title = fields.title
    option.description = fields.description
    option.description_html = str(render_markdown(fields.description)) if fields.description else ""
    option.cost = fields.cost if vote.kind is VoteKind.BUDGET else None


def update_option(option: VoteOption, fields: OptionFields, actor) -> None:
    """Change an option; once the vote has opened only its description."""
    vote = option.vote
    refuse_fixed(vote)
    if vote.kind is not VoteKind.BUDGET:
        fields.cost = None
    if checks.is_locked(vote) and (fields.title, fields.cost) != (option.title, option.cost):
        raise BuilderError(STARTED, "title" if fields.title != option.title else "cost")
    refuse(field_problems(vote, fields, option))
    projected = [
        (fields.title, fields.cost) if other is option else (other.title, other.cost)
        for other in vote.options
    ]
    must_stay_complete(vote, vote, projected)
    before = values(option)
    apply_fields(vote, option, fields)
    touch(vote)
    db.session.flush()
    log(vote, option, actor, "edited", before, values(option))


def delete_option(option: VoteOption, actor) -> None:
    """Delete an option and close the gap in the order."""
    vote = option.vote
    refuse_fixed(vote)
    refuse_started(vote)
    must_stay_complete(vote, vote, [(o.title, o.cost) for o in vote.options if o is not option])
    log(vote, option, actor, "removed", values(option), None)
    vote.options.remove(option)
    renumber(vote.options)
    touch(vote)
    db.session.flush()


def move_option(option: VoteOption, step: int, actor) -> None:
    """Move an option one place up (step -1) or down (+1)."""
    vote = option.vote
    refuse_fixed(vote)
    refuse_started(vote)
    options = list(vote.options)
    index = options.index(option)
    target = index + step
    if not 0 <= target < len(options):
        raise BuilderError(_l("Die Antwortmöglichkeit kann nicht weiter verschoben werden."))
    options[index], options[target] = options[target], options[index]
    renumber(options)
    touch(vote)
    db.session.flush()
    log(vote, option, actor, "moved", {"position": index + 1}, {"position": target + 1})


def renumber(options) -> None:
    """Give `options` the positions 1, 2, 3 … in their current order."""
    for position, option in enumerate(options, start=1):
        option.position = position


def values(option: VoteOption) -> dict:
    """Return the option's fields as plain values for the audit log."""
    return {"title": option.title, "description": option.description, "cost": option.cost}


def log(vote: Vote, option: VoteOption, actor, change: str, before, after) -> None:
    """Audit a change to a published vote's options (drafts change freely, unlogged): what
    changed, with the old and the new values."""
    if vote.published_at is None:
        return
    if before and after:
        names = [name for name in after if before.get(name) != after[name]]
        if not names:
            return
        before, after = {n: before[n] for n in names}, {n: after[n] for n in names}
    audit.record(
        "vote.option_changed",
        vote,
        actor=actor,
        before={
            "option": option.id,
            "change": change,
            "phase": vote.phase().value,
            **(before or {}),
        },
        after=after,
    )
