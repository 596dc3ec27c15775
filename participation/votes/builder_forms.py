"""Builder forms: a vote's settings, an option, and confirm buttons. Labels and messages are
lazy (visitor's language). Times are typed as the town's wall-clock time and stored in UTC;
amounts are whole euros, typed with or without thousands separators ("30.000", "30000 €").

Once a vote has opened, the settings and option forms lose the fields that may no longer
change (see builder.py), so the page offers only what can still be corrected.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from participation.core.clock import from_town_time
from participation.core.forms import SubmissionKeyField
from participation.surveys.builder_forms import TownTimeField, strip
from participation.votes import builder, builder_checks
from participation.votes.builder_options import OptionFields
from participation.votes.labels import ELIGIBILITY_LABELS, KIND_LABELS
from participation.votes.models import MAX_OPTIONS, Eligibility, Phase, VoteKind, VoteOption

TITLE_MAX = 200  # votes.title, vote_options.title
EXPLANATION_MAX = 10_000
DESCRIPTION_MAX = 2_000
EUROS_MAX = 1_000_000_000  # fits an INTEGER column with room to spare
ELIGIBLE_MAX = 10_000_000
WHOLE = re.compile(r"(-?(?:\d{1,3}(?:[.,]\d{3})+|\d{1,12}))")
EUROS = re.compile(r"(-?(?:\d{1,3}(?:[.,]\d{3})+|\d{1,12}))(?:[.,](?:00?|-))?")  # "30.000,00"
CURRENCY = re.compile(r"(€|eur|euro)$", re.I)


def parse_whole(text: str | None, euros: bool = False) -> int | None:
    """Return the whole number typed (blanks, thousands separators and, for amounts, a "€"
    and zero cents allowed), or None when it is not one."""
    compact = re.sub(r"\s+", "", text or "")
    if euros:
        compact = CURRENCY.sub("", compact)
    match = (EUROS if euros else WHOLE).fullmatch(compact) if len(compact) <= 24 else None
    return int(re.sub(r"[.,]", "", match.group(1))) if match else None


class WholeNumberField(StringField):
    """A whole number typed as text; keeps what was typed, `.number` is the value (None when
    empty). `minimum` and `maximum` bound it, with the messages given."""

    def __init__(self, label=None, *, minimum=1, maximum=ELIGIBLE_MAX, euros=False, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        kwargs.setdefault("filters", [strip])
        self.minimum, self.maximum, self.euros = minimum, maximum, euros
        self.too_small = kwargs.pop("too_small", None)
        super().__init__(label, **kwargs)
        self.number: int | None = None

    def process_data(self, value):
        """Show a stored number as digits."""
        self.number = value if isinstance(value, int) else None
        self.data = "" if value is None else str(value)

    def pre_validate(self, form):
        """Refuse what is not a whole number in range (an empty field is left to the form)."""
        self.number = None
        if not self.data:
            return
        number = parse_whole(self.data, self.euros)
        if number is None:
            raise ValidationError(NOT_EUROS if self.euros else NOT_WHOLE)
        if number < self.minimum:
            raise ValidationError(self.too_small or too_small(self.minimum))
        if number > self.maximum:
            raise ValidationError(too_large(self.maximum, self.euros))
        self.number = number


NOT_WHOLE = _l("Bitte geben Sie eine ganze Zahl ein, zum Beispiel 12.")
NOT_EUROS = _l("Bitte geben Sie einen Betrag in ganzen Euro ein, ohne Cent. Zum Beispiel 12000.")


def too_small(minimum: int):
    """Return the message for a number below `minimum`."""
    return _l("Die Zahl muss mindestens %(minimum)s sein.", minimum=minimum)


def too_large(maximum: int, euros: bool):
    """Return the message for a number above `maximum`."""
    amount = builder_checks.euros(maximum) if euros else format_decimal(maximum)
    return _l("Höchstens %(maximum)s.", maximum=amount)


def choices(labels: dict) -> list[SelectChoice]:
    """Return radio choices from an enum → label mapping."""
    return [SelectChoice(member.value, label) for member, label in labels.items()]


class VoteForm(FlaskForm):
    """A vote's settings (all of them: a draft, or a vote that has not opened yet)."""

    submission_key = SubmissionKeyField()
    title = StringField(
        _l("Titel"),
        description=_l("Die Frage oder das Thema, kurz und klar. Höchstens 200 Zeichen."),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Titel ein.")),
            Length(max=TITLE_MAX, message=_l("Höchstens 200 Zeichen.")),
        ],
        filters=[strip],
    )
    explanation = TextAreaField(
        _l("Erklärung"),
        description=_l(
            "Worum geht es, was folgt aus dem Ergebnis? Markdown ist möglich, zum Beispiel "
            "**fett**. Höchstens 10.000 Zeichen."
        ),
        validators=[Length(max=EXPLANATION_MAX, message=_l("Höchstens 10.000 Zeichen."))],
        filters=[strip],
        render_kw={"rows": 8},
    )
    kind = RadioField(
        _l("Art der Abstimmung"),
        choices=choices(KIND_LABELS),
        default=VoteKind.YES_NO.value,
        validate_choice=False,
    )
    max_choices = WholeNumberField(
        _l("Höchstzahl der Antworten"),
        description=_l("Nur bei mehreren Antworten: Wie viele darf man höchstens wählen?"),
        maximum=MAX_OPTIONS,
    )
    budget = WholeNumberField(
        _l("Budget in Euro"),
        description=_l("Nur beim Bürgerbudget: ganze Euro, zum Beispiel 30.000."),
        maximum=EUROS_MAX,
        euros=True,
        too_small=_l("Das Budget muss mehr als 0 Euro sein."),
    )
    opens_at = TownTimeField(_l("Beginn"), description=_l("Datum und Uhrzeit, Ortszeit."))
    closes_at = TownTimeField(
        _l("Ende"), description=_l("Datum und Uhrzeit, Ortszeit. Muss nach dem Beginn liegen.")
    )
    eligibility = RadioField(
        _l("Wer darf abstimmen?"),
        choices=choices(ELIGIBILITY_LABELS),
        default=Eligibility.VERIFIED.value,
        validate_choice=False,
    )
    districts = SelectMultipleField(
        _l("Nur für diese Ortsteile"),
        description=_l(
            "Keinen wählen: die ganze Stadt. Ortsteile gehen nur mit bestätigten Einwohnerinnen "
            "und Einwohnern, denn nur bei ihnen ist der Ortsteil geprüft."
        ),
        validate_choice=False,
    )
    eligible_count = WholeNumberField(
        _l("Zahl der Stimmberechtigten"),
        description=_l("Wenn bekannt: Dann steht die Wahlbeteiligung auch in Prozent da."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts.choices = [(name, name) for name in builder_checks.town_districts()]

    def validate_kind(self, field) -> None:
        """Only the offered kinds."""
        if field.data not in VoteKind._value2member_map_:
            raise ValidationError(_l("Bitte wählen Sie aus der Liste."))

    def validate_eligibility(self, field) -> None:
        """Only the offered groups."""
        if field.data not in Eligibility._value2member_map_:
            raise ValidationError(_l("Bitte wählen Sie aus der Liste."))

    def validate_closes_at(self, field) -> None:
        """The end comes after the beginning."""
        opens = self.opens_at.moment
        if field.moment and opens and field.moment <= opens:
            raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))

    def validate_max_choices(self, field) -> None:
        """A multiple choice needs its limit."""
        if self.kind.data == VoteKind.MULTIPLE.value and not field.data:
            raise ValidationError(_l("Bitte geben Sie an, wie viele Antworten man wählen darf."))

    def validate_budget(self, field) -> None:
        """A budget vote needs its budget."""
        if self.kind.data == VoteKind.BUDGET.value and not field.data:
            raise ValidationError(_l("Bitte geben Sie das Budget ein: mehr als 0 Euro."))

    def validate_districts(self, field) -> None:
        """Only the town's districts, and only for verified residents."""
        eligibility = Eligibility._value2member_map_.get(self.eligibility.data)
        problem = builder.district_problem(field.data or [], eligibility)
        if problem:
            raise ValidationError(problem)

    def settings(self) -> builder.VoteSettings:
        """Return the validated settings (times converted to UTC)."""
        return builder.VoteSettings(
            title=self.title.data,
            explanation=self.explanation.data or "",
            kind=VoteKind(self.kind.data),
            opens_at=from_town_time(self.opens_at.moment),
            closes_at=from_town_time(self.closes_at.moment),
            eligibility=Eligibility(self.eligibility.data),
            districts=list(self.districts.data or []),
            max_choices=self.max_choices.number,
            budget=self.budget.number,
            eligible_count=self.eligible_count.number,
        )


class LockedVoteForm(FlaskForm):
    """What may still change once a vote has opened: the wording, and while it is open a later
    end and the number of eligible people."""

    title = VoteForm.title
    explanation = VoteForm.explanation
    closes_at = TownTimeField(
        _l("Ende"),
        description=_l("Datum und Uhrzeit, Ortszeit. Nur ein späteres Ende ist möglich."),
    )
    eligible_count = VoteForm.eligible_count

    def __init__(self, phase: Phase, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if phase is not Phase.OPEN:  # once closed, only the wording
            del self.closes_at
            del self.eligible_count

    def settings(self, stored: builder.VoteSettings) -> builder.VoteSettings:
        """Return the stored settings with what this form changes."""
        changes = {"title": self.title.data, "explanation": self.explanation.data or ""}
        if "closes_at" in self:
            changes["closes_at"] = from_town_time(self.closes_at.moment)
            changes["eligible_count"] = self.eligible_count.number
        return replace(stored, **changes)


class OptionForm(FlaskForm):
    """An option: its title, description and (budget votes) cost. Once the vote has opened,
    only the description."""

    title = StringField(
        _l("Antwort"),
        description=_l(
            "Kurz und eindeutig, zum Beispiel der Name des Projekts. Höchstens 200 Zeichen."
        ),
        validators=[
            DataRequired(_l("Bitte geben Sie die Antwort ein.")),
            Length(max=TITLE_MAX, message=_l("Höchstens 200 Zeichen.")),
        ],
        filters=[strip],
    )
    description = TextAreaField(
        _l("Beschreibung"),
        description=_l("Was genau ist gemeint? Markdown ist möglich. Höchstens 2.000 Zeichen."),
        validators=[Length(max=DESCRIPTION_MAX, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip],
        render_kw={"rows": 4},
    )
    cost = WholeNumberField(
        _l("Kosten in Euro"),
        description=_l("Ganze Euro, zum Beispiel 8.000. Höchstens das ganze Budget."),
        maximum=EUROS_MAX,
        euros=True,
        too_small=_l("Die Kosten müssen mehr als 0 Euro sein."),
    )

    def __init__(self, kind: VoteKind, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if kind is not VoteKind.BUDGET or locked:
            del self.cost
        if locked:
            del self.title

    def validate_cost(self, field) -> None:
        """A project in a budget vote needs its cost."""
        if not field.data:
            raise ValidationError(_l("Bitte geben Sie die Kosten ein: mehr als 0 Euro."))

    def fields(self, option: VoteOption | None = None) -> OptionFields:
        """Return the option's fields (what this form leaves out stays as stored)."""
        title = self.title.data if "title" in self else option.title
        cost = self.cost.number if "cost" in self else (option.cost if option else None)
        return OptionFields(title=title, description=self.description.data or "", cost=cost)


class ConfirmForm(FlaskForm):
    """A button that changes something (publish, move, delete): only the CSRF token."""
