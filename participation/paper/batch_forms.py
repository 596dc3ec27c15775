"""Forms of the printing pages and the registry: a new batch, voiding (with a reason), and
looking up a typed or scanned code. Labels and messages are lazy (visitor's language)."""

from __future__ import annotations

from flask import current_app
from flask_babel import LazyString, format_date, format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from participation.core.town import current_town
from participation.paper import batches
from participation.paper.labels import KIND_LABELS, VARIANT_LABELS
from participation.paper.models import SheetKind, Variant
from participation.surveys.builder_forms import strip
from participation.votes.builder_forms import WholeNumberField

IDEAS = "idea"
CHOOSE = _l("Bitte wählen Sie, was gedruckt werden soll.")


def subject_choices() -> list[SelectChoice]:
    """Return what can be printed now: each published vote and survey that has not closed
    (with its closing date), and idea cards."""
    votes = [
        SelectChoice(f"vote-{vote.id}", subject_label(vote, SheetKind.VOTE))
        for vote in batches.printable_votes()
    ]
    surveys = [
        SelectChoice(f"survey-{survey.id}", subject_label(survey, SheetKind.SURVEY))
        for survey in batches.printable_surveys()
    ]
    ideas = SelectChoice(IDEAS, str(_l("Ideenkarten (für Vorschläge auf Papier)")))
    return [*votes, *surveys, ideas]


def subject_label(subject, kind: SheetKind) -> str:
    """Return "Stimmzettel: <title> (bis 31.07.2030)"."""
    until = format_date(subject.closes_at, "medium")
    return str(
        _l(
            "%(kind)s: %(title)s (bis %(date)s)",
            kind=KIND_LABELS[kind],
            title=subject.title,
            date=until,
        )
    )


class BatchForm(FlaskForm):
    """What to print, how many, how, in which language, and a note."""

    subject = RadioField(
        _l("Was soll gedruckt werden?"),
        description=_l("Veröffentlichte Abstimmungen und Umfragen, die noch nicht beendet sind."),
        validators=[InputRequired(CHOOSE)],
        validate_choice=False,
    )
    count = WholeNumberField(
        _l("Anzahl der Bögen"),
        validators=[DataRequired(_l("Bitte geben Sie an, wie viele Bögen Sie brauchen."))],
        too_small=_l("Bitte drucken Sie mindestens einen Bogen."),
    )
    variant = RadioField(
        _l("Schrift und Anleitung"),
        choices=[SelectChoice(variant.value, label) for variant, label in VARIANT_LABELS.items()],
        default=Variant.STANDARD.value,
        validators=[InputRequired(_l("Bitte wählen Sie eine Schrift."))],
        validate_choice=False,
    )
    locale = RadioField(
        _l("Sprache der Bögen"),
        validators=[InputRequired(_l("Bitte wählen Sie eine Sprache."))],
        validate_choice=False,
    )
    note = StringField(
        _l("Notiz"),
        description=_l("Zum Beispiel, wo die Bögen ausliegen: Bürgerbüro, Markt am Samstag."),
        validators=[Length(max=batches.NOTE_MAX, message=_l("Höchstens 200 Zeichen."))],
        filters=[strip],
    )

    def __init__(self, *args, **kwargs):
        """Offer what can be printed now and the languages; bound the count by the setting."""
        super().__init__(*args, **kwargs)
        self.subject.choices = subject_choices()
        languages = current_app.config["LANGUAGES"].items()
        self.locale.choices = [SelectChoice(code, name) for code, name in languages]
        if self.locale.data is None:
            self.locale.data = current_app.config["BABEL_DEFAULT_LOCALE"]
        self.count.maximum = batches.batch_max()
        self.count.description = _l(
            "Jeder Bogen bekommt einen eigenen Code. Höchstens %(count)s auf einmal.",
            count=LazyString(format_decimal, self.count.maximum),
        )

    def validate_subject(self, field) -> None:
        """Refuse a choice that is not (or no longer) offered."""
        refuse_unoffered(field, CHOOSE)

    def validate_variant(self, field) -> None:
        """Refuse a variant that does not exist."""
        refuse_unoffered(field, _l("Bitte wählen Sie eine Schrift."))

    def validate_locale(self, field) -> None:
        """Refuse a language that is not offered."""
        refuse_unoffered(field, _l("Bitte wählen Sie eine Sprache."))

    def chosen(self) -> tuple[SheetKind, str, int | None]:
        """Return the kind and the subject's id ("vote-12" → (VOTE, 12); ideas → None)."""
        if self.subject.data == IDEAS:
            return SheetKind.IDEA, None
        kind, _dash, subject_id = self.subject.data.partition("-")
        return SheetKind(kind), int(subject_id)


def refuse_unoffered(field, message) -> None:
    """Refuse a value the radio buttons did not offer (a changed or outdated form)."""
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(message)


class VoidForm(FlaskForm):
    """Void a sheet or a batch: why (kept with every voided sheet and in the audit log)."""

    reason = TextAreaField(
        _l("Grund"),
        description=_l(
            "Zum Beispiel: verloren, beschädigt, falsch ausgegeben. Höchstens 200 Zeichen."
        ),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Grund an.")),
            Length(max=200, message=_l("Höchstens 200 Zeichen.")),
        ],
        filters=[strip],
        render_kw={"rows": 3},
    )


class LookupForm(FlaskForm):
    """A code as staff type it or a scanner enters it."""

    code = StringField(
        _l("Code des Bogens"),
        validators=[
            DataRequired(_l("Bitte geben Sie den Code ein.")),
            Length(max=60, message=_l("Das ist kein Bogen-Code. Er ist zu lang.")),
        ],
        filters=[strip],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )

    def __init__(self, *args, **kwargs):
        """Show an example code with the town's prefix."""
        super().__init__(*args, **kwargs)
        example = f"{current_town().sheet_prefix}-7K3M-9Q2X-4"
        self.code.description = _l(
            "Er steht auf dem Bogen, zum Beispiel %(example)s. Groß- und Kleinschreibung, "
            "Leerzeichen und Bindestriche sind egal.",
            example=example,
        )


class DoubleEntryForm(FlaskForm):
    """Whether each sheet of a vote or survey is entered by two people."""

    double_entry = RadioField(
        _l("Wie werden die Bögen erfasst?"),
        choices=[
            SelectChoice("yes", _l("Doppelt: Zwei Personen erfassen jeden Bogen.")),
            SelectChoice("no", _l("Einfach: Eine Person erfasst jeden Bogen.")),
        ],
        description=_l(
            "Bei doppelter Erfassung zählt ein Bogen erst, wenn zwei verschiedene Personen ihn "
            "gleich erfasst haben. Weichen sie ab, entscheidet eine dritte Person."
        ),
        validators=[InputRequired(_l("Bitte wählen Sie, wie die Bögen erfasst werden."))],
        validate_choice=False,
    )

    def validate_double_entry(self, field) -> None:
        """Yes or no."""
        refuse_unoffered(field, _l("Bitte wählen Sie, wie die Bögen erfasst werden."))

    @property
    def on(self) -> bool:
        """Whether double entry was chosen."""
        return self.double_entry.data == "yes"
