"""Reading a posted answer form: pure functions from the posted fields and the survey's
questions to the answers to store and the errors to show.

Field names (templates/surveys/_questions.html): `q<id>` holds the value (several for multiple
choice), `q<id>-other` the "other" text, `q<id>-<option id>` a matrix row's scale point or an
item's rank. A field that belongs to no question of this survey refuses the whole form (a
tampered or outdated form); a field sent twice refuses its question.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from participation.surveys.models import Question, QuestionType

T = QuestionType
FORM = "form"  # the key of errors that concern the whole form, not one question
FIELD = re.compile(r"^q(\d+)(?:-(other|\d+))?$")
NUMBER = re.compile(r"^-?\d+(?:[.,](\d+))?$")
INTEGER = re.compile(r"^-?\d{1,6}$")
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
OTHER = "other"


class Row(NamedTuple):
    """One value to store as an `Answer` (item 0, or the option's id for rows)."""

    item: int = 0
    option_id: int | None = None
    value_int: int | None = None
    value_number: float | None = None
    value_text: str | None = None


class Invalid(Exception):
    """A question's answer breaks a rule; the message is shown next to it."""


def posted_values(form) -> dict[str, list[str]]:
    """Return the answer fields of a posted form (a MultiDict) as name → list of values (a
    part without a readable name comes as None: not an answer)."""
    return {name: form.getlist(name) for name in form if str(name).startswith("q")}


def known_fields(question: Question) -> set[str]:
    """Return the field names a question's inputs may post."""
    base = f"q{question.id}"
    if question.kind in (T.MATRIX, T.RANKING):
        return {f"{base}-{option.id}" for option in question.options}
    names = {base}
    if question.allow_other and question.kind in (T.SINGLE, T.MULTIPLE):
        names.add(f"{base}-other")
    return names


def parse(questions: list[Question], values: dict[str, list[str]]):
    """Return (answers: question id → rows, errors: question id or FORM → message)."""
    allowed = set().union(*(known_fields(question) for question in questions))
    if any(name not in allowed for name in values):
        return {}, {
            FORM: _(
                "Das Formular passt nicht zu dieser Umfrage. Bitte laden Sie die Seite neu und antworten Sie noch einmal."
            )
        }
    answers, errors = {}, {}
    for question in questions:
        try:
            rows = read_question(question, values)
        except Invalid as problem:
            errors[question.id] = str(problem)
            continue
        if rows:
            answers[question.id] = rows
        elif question.required:
            errors[question.id] = missing_message(question)
    return answers, errors


def missing_message(question: Question) -> str:
    """Return the message for a required question left unanswered."""
    if question.kind in (T.SHORT_TEXT, T.LONG_TEXT):
        return _("Bitte schreiben Sie eine Antwort.")
    if question.kind is T.NUMBER:
        return _("Bitte geben Sie eine Zahl ein.")
    if question.kind is T.RANKING:
        return _("Bitte vergeben Sie mindestens Platz 1.")
    if question.kind is T.MATRIX:
        return _("Bitte bewerten Sie jede Zeile.")
    return _("Bitte wählen Sie eine Antwort.")


def one(values: dict[str, list[str]], name: str) -> str:
    """Return the single value of a field ('' when absent); refuse a field sent twice."""
    given = values.get(name, [])
    if len(given) > 1:
        raise Invalid(
            _("Diese Frage wurde mehrfach beantwortet. Bitte wählen Sie nur eine Antwort.")
        )
    return given[0].strip() if given else ""


def read_question(question: Question, values: dict[str, list[str]]) -> list[Row]:
    """Return the rows of one question's answer (empty when unanswered)."""
    readers = {
        T.SINGLE: read_single,
        T.MULTIPLE: read_multiple,
        T.YES_NO: read_yes_no,
        T.SCALE: read_scale,
        T.MATRIX: read_matrix,
        T.RANKING: read_ranking,
        T.SHORT_TEXT: read_text,
        T.LONG_TEXT: read_text,
        T.NUMBER: read_number,
    }
    return readers[question.kind](question, values)


def option_ids(question: Question) -> dict[str, int]:
    """Return the question's option ids by their text form."""
    return {str(option.id): option.id for option in question.options}


def other_text(question: Question, values) -> str:
    """Return the "other" text, checked for length."""
    text = one(values, f"q{question.id}-other") if question.allow_other else ""
    if len(text) > SHORT_TEXT_MAX:
        raise Invalid(too_long(SHORT_TEXT_MAX))
    return text


def too_long(limit: int) -> str:
    """Return the message for a text over `limit` characters."""
    return _("Bitte schreiben Sie höchstens %(count)s Zeichen.", count=format_decimal(limit))


def unknown_option() -> Invalid:
    """Return the refusal of a value that is not one of the question's options."""
    return Invalid(_("Diese Antwort gibt es in der Frage nicht. Bitte wählen Sie noch einmal."))


def read_single(question: Question, values) -> list[Row]:
    """Exactly one known option, or "other" with its text."""
    chosen, text = one(values, f"q{question.id}"), other_text(question, values)
    if chosen == "" and text:
        chosen = OTHER  # typed into "other" without ticking it: the meaning is plain
    if chosen == OTHER and question.allow_other:
        if not text:
            raise Invalid(_("Bitte schreiben Sie Ihre Antwort zu „Sonstiges“."))
        return [Row(value_text=text)]
    if chosen == "":
        return []
    if chosen not in option_ids(question):
        raise unknown_option()
    if text:
        raise Invalid(_("Bitte wählen Sie entweder eine Antwort oder „Sonstiges“ mit Ihrem Text."))
    return [Row(option_id=int(chosen))]


def read_multiple(question: Question, values) -> list[Row]:
    """Known options, each once, plus "other" with text; as many as min/max allow."""
    chosen = [value.strip() for value in values.get(f"q{question.id}", []) if value.strip()]
    if len(set(chosen)) != len(chosen):
        raise Invalid(_("Jede Antwort kann nur einmal gewählt werden."))
    known, text = option_ids(question), other_text(question, values)
    if any(
        value not in known and not (value == OTHER and question.allow_other) for value in chosen
    ):
        raise unknown_option()
    if text and OTHER not in chosen:
        chosen.append(OTHER)  # typed into "other" without ticking it
    if OTHER in chosen and not text:
        raise Invalid(_("Bitte schreiben Sie Ihre Antwort zu „Sonstiges“."))
    if chosen:
        check_count(question, len(chosen))
    rows = [Row(item=known[value], option_id=known[value]) for value in chosen if value in known]
    return rows + ([Row(value_text=text)] if text else [])


def check_count(question: Question, count: int) -> None:
    """Refuse fewer or more ticks than the question allows."""
    low, high = question.min_choices or 1, question.max_choices
    if count < low:
        raise Invalid(
            ngettext(
                "Bitte wählen Sie mindestens %(num)s Antwort.",
                "Bitte wählen Sie mindestens %(num)s Antworten.",
                low,
            )
        )
    if high is not None and count > high:
        raise Invalid(
            ngettext(
                "Bitte wählen Sie höchstens %(num)s Antwort.",
                "Bitte wählen Sie höchstens %(num)s Antworten.",
                high,
            )
        )


def read_yes_no(question: Question, values) -> list[Row]:
    """Yes (1) or no (0)."""
    chosen = one(values, f"q{question.id}")
    if chosen == "":
        return []
    if chosen not in ("yes", "no"):
        raise unknown_option()
    return [Row(value_int=1 if chosen == "yes" else 0)]


def scale_point(question: Question, given: str) -> int:
    """Return a point of the question's scale or refuse it."""
    if not INTEGER.match(given) or int(given) not in question.scale_points():
        raise Invalid(
            _(
                "Bitte wählen Sie einen Wert von %(low)s bis %(high)s.",
                low=question.scale_min,
                high=question.scale_max,
            )
        )
    return int(given)


def read_scale(question: Question, values) -> list[Row]:
    """One point of the scale."""
    given = one(values, f"q{question.id}")
    return [Row(value_int=scale_point(question, given))] if given else []


def read_matrix(question: Question, values) -> list[Row]:
    """A scale point per row; a required matrix needs every row."""
    rows = []
    for option in question.options:
        given = one(values, f"q{question.id}-{option.id}")
        if given:
            rows.append(
                Row(item=option.id, option_id=option.id, value_int=scale_point(question, given))
            )
    if question.required and rows and len(rows) < len(question.options):
        raise Invalid(_("Bitte bewerten Sie jede Zeile."))
    return rows


def read_ranking(question: Question, values) -> list[Row]:
    """Distinct places 1..k without gaps, k up to the number of places, each item once."""
    places = question.max_choices or len(question.options)
    ranks = {}
    for option in question.options:
        given = one(values, f"q{question.id}-{option.id}")
        if not given:
            continue
        if not INTEGER.match(given) or not 1 <= int(given) <= places:
            raise Invalid(_("Bitte wählen Sie einen Platz von 1 bis %(count)s.", count=places))
        ranks[option.id] = int(given)
    if len(set(ranks.values())) != len(ranks):
        raise Invalid(_("Jeden Platz können Sie nur einmal vergeben."))
    if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
        raise Invalid(
            _(
                "Bitte vergeben Sie die Plätze ohne Lücke: zuerst Platz 1, dann Platz 2 und so weiter."
            )
        )
    low = question.min_choices or 1
    if ranks and question.required and len(ranks) < low:
        raise Invalid(_("Bitte vergeben Sie mindestens %(count)s Plätze.", count=low))
    return [
        Row(item=option_id, option_id=option_id, value_int=rank)
        for option_id, rank in ranks.items()
    ]


def read_text(question: Question, values) -> list[Row]:
    """A text within the kind's length."""
    text = one(values, f"q{question.id}").replace("\r\n", "\n")
    limit = SHORT_TEXT_MAX if question.kind is T.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        raise Invalid(too_long(limit))
    return [Row(value_text=text)] if text else []


def read_number(question: Question, values) -> list[Row]:
    """A number (comma or point) within the range and the allowed decimals."""
    given = one(values, f"q{question.id}").replace(" ", "")
    if not given:
        return []
    match = NUMBER.match(given)
    if not match or len(given) > 20:
        raise Invalid(_("Bitte geben Sie eine Zahl ein, zum Beispiel 42."))
    decimals = len(match.group(1) or "")
    if decimals > question.number_decimals:
        raise Invalid(decimals_message(question.number_decimals))
    number = float(given.replace(",", "."))
    low, high = question.number_min, question.number_max
    if (low is not None and number < low) or (high is not None and number > high):
        raise Invalid(range_message(low, high))
    return [Row(value_number=number)]


def decimals_message(allowed: int) -> str:
    """Return the message for too many decimals."""
    if allowed == 0:
        return _("Bitte geben Sie eine ganze Zahl ohne Komma ein.")
    return _("Bitte geben Sie höchstens %(count)s Stellen nach dem Komma ein.", count=allowed)


def range_message(low: float | None, high: float | None) -> str:
    """Return the message for a number out of range."""
    if low is not None and high is not None:
        return _(
            "Bitte geben Sie eine Zahl von %(low)s bis %(high)s ein.",
            low=format_decimal(low),
            high=format_decimal(high),
        )
    if low is not None:
        return _("Bitte geben Sie eine Zahl ab %(low)s ein.", low=format_decimal(low))
    return _("Bitte geben Sie eine Zahl bis %(high)s ein.", high=format_decimal(high))
