"""Reading a posted ballot form, and the amounts it shows.

Field name (templates/votes/_ballot.html): `choice`, once per ticked box or the one chosen
radio button; its values are option ids, or `abstain` for "Ich enthalte mich". What the rules
of the vote allow (how many, which ids, the budget) is checked by `casting.check_choice`;
here only the shape is read, so the form can be shown again with what was chosen.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from babel.numbers import format_currency, format_percent
from flask_babel import get_locale

from participation.votes.casting import InvalidChoice, unknown_choice
from participation.votes.models import MAX_OPTIONS

FIELD = "choice"
ABSTAIN = "abstain"
MAX_VALUES = MAX_OPTIONS + 1  # every option and "Ich enthalte mich"
OPTION_ID = re.compile(r"^\d{1,10}$")


class Choice(NamedTuple):
    """What a ballot form says: the option ids ticked and whether "Ich enthalte mich" is."""

    option_ids: list[int]
    abstain: bool


def posted_values(form) -> list[str]:
    """Return the ballot's posted values, capped in number and length (kept to show again)."""
    return [value.strip()[:20] for value in form.getlist(FIELD)[: MAX_VALUES + 1]]


def read(values: list[str]) -> Choice:
    """Return the choice the values make; raise InvalidChoice for values no form sends."""
    if len(values) > MAX_VALUES or values.count(ABSTAIN) > 1:
        raise InvalidChoice(unknown_choice())
    option_ids = []
    for value in values:
        if value == ABSTAIN:
            continue
        if not OPTION_ID.match(value):
            raise InvalidChoice(unknown_choice())
        option_ids.append(int(value))
    return Choice(option_ids, ABSTAIN in values)


def euros(amount: int | None) -> str:
    """Return a whole-euro amount in the viewer's language, e.g. "30.000 €" or "€30,000"."""
    locale = get_locale()
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(amount or 0, "EUR", format=pattern, locale=locale, currency_digits=False)


def percent(part: int, whole: int | None) -> str:
    """Return part/whole as a percentage with one decimal, e.g. "12,5 %" (empty without a whole)."""
    if not whole:
        return ""
    locale = get_locale()
    pattern = locale.percent_formats[None].pattern.replace("0", "0.#", 1)
    return format_percent(part / whole, format=pattern, locale=locale)
