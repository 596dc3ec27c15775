"""What a vote needs before it can be published, as plain sentences for staff.

The checks read the vote's shape (kind, limits, budget, end, eligibility, districts) from any
object with those attributes (the vote, or the settings about to be saved) and the options as
(title, cost) pairs, so a change to a published vote can be checked before it is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from participation.core.models import utcnow
from participation.votes.ballot_form import euros
from participation.votes.models import MAX_OPTIONS, Eligibility, Phase, Vote, VoteKind

Option = tuple[str, int | None]  # (title, cost)
MIN_OPTIONS = 2


def town_districts() -> tuple[str, ...]:
    """Return the districts the town's settings name (empty: the town has none)."""
    return current_app.extensions["town"].districts


def is_locked(vote: Vote, now: datetime | None = None) -> bool:
    """Whether the ballot is fixed: the vote is open or closed."""
    return vote.phase(now) in (Phase.OPEN, Phase.CLOSED)


def options_of(vote: Vote) -> list[Option]:
    """Return the vote's options as (title, cost) pairs."""
    return [(option.title, option.cost) for option in vote.options]


def missing(shape, options: Sequence[Option], now: datetime | None = None) -> list[str]:
    """Return what keeps a vote of this shape from being published (empty: it is complete)."""
    problems = option_problems(shape, options)
    if shape.kind is VoteKind.BUDGET:
        problems += budget_problems(shape, options)
    problems += audience_problems(shape)
    if shape.closes_at <= (now or utcnow()):
        problems.append(
            str(
                _l("Das Ende liegt in der Vergangenheit. Bitte ändern Sie es in den Einstellungen.")
            )
        )
    return problems


def option_problems(shape, options: Sequence[Option]) -> list[str]:
    """Return what is wrong with the number of options (and the limit of a multiple choice)."""
    count = len(options)
    if shape.kind is VoteKind.YES_NO:
        return [] if count == 2 else [str(_l("Es fehlen die Antworten „Ja“ und „Nein“."))]
    problems = []
    if count < MIN_OPTIONS:
        problems.append(str(_l("Es fehlen Antwortmöglichkeiten: Nötig sind mindestens zwei.")))
    if count > MAX_OPTIONS:
        problems.append(str(_l("Es sind zu viele Antwortmöglichkeiten: höchstens 60.")))
    if shape.kind is VoteKind.MULTIPLE:
        problems += limit_problems(shape.max_choices, count)
    return problems


def limit_problems(max_choices: int | None, count: int) -> list[str]:
    """Return what is wrong with the most answers one ballot may choose."""
    if not max_choices or max_choices < 1:
        return [str(_l("Legen Sie fest, wie viele Antworten man höchstens wählen darf."))]
    if count >= MIN_OPTIONS and max_choices > count:
        message = _l(
            "Man darf bis zu %(limit)s Antworten wählen, es gibt aber nur %(count)s "
            "Antwortmöglichkeiten.",
            limit=max_choices,
            count=count,
        )
        return [str(message)]
    return []


def budget_problems(shape, options: Sequence[Option]) -> list[str]:
    """Return what is wrong with the budget and the projects' costs."""
    if not shape.budget or shape.budget <= 0:
        return [str(_l("Legen Sie das Budget fest: mehr als 0 Euro."))]
    problems = []
    for title, cost in options:
        if not cost or cost <= 0:
            problems.append(str(_l("Beim Projekt „%(title)s“ fehlen die Kosten.", title=title)))
        elif cost > shape.budget:
            problems.append(str(too_expensive(title, shape.budget)))
    return problems


def too_expensive(title: str, budget: int):
    """Return the message for a project that costs more than the whole budget."""
    return _l(
        "Das Projekt „%(title)s“ kostet mehr als das ganze Budget (%(budget)s). "
        "Es könnte nie ausgewählt werden.",
        title=title,
        budget=euros(budget),
    )


def audience_problems(shape) -> list[str]:
    """Return what is wrong with who may vote (districts need verified residents)."""
    problems = []
    if shape.districts and shape.eligibility is not Eligibility.VERIFIED:
        problems.append(str(DISTRICTS_NEED_VERIFIED))
    known = town_districts()
    for name in shape.districts:
        if name not in known:
            problems.append(str(unknown_district(name)))
    return problems


DISTRICTS_NEED_VERIFIED = _l(
    "Eine Abstimmung nur für bestimmte Ortsteile ist nur für bestätigte Einwohnerinnen und "
    "Einwohner möglich: Nur bei ihnen ist der Ortsteil geprüft."
)


def unknown_district(name: str):
    """Return the message for a district the town's settings do not name."""
    return _l("Den Ortsteil „%(name)s“ gibt es in den Einstellungen der Stadt nicht.", name=name)
