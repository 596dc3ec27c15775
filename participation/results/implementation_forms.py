"""Staff forms of implementation tracking: start tracking (what, and the settings), change the
settings, add a dated update with an optional photo. Labels and messages are lazy (visitor's
language). Dates are typed as YYYY-MM-DD (the date picker) or DD.MM.YYYY; the progress as a
whole number of percent, with or without "%".

The status "Abgeschlossen" needs the date the work was completed and a progress of 100 %; a
completion date with another status is refused, so the page never says "done" and "in
progress" at once."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import TextInput

from participation.core.clock import town_today
from participation.results.implementation import Settings, UpdateFields
from participation.results.models import ImplementationStatus
from participation.surveys.builder_forms import strip

DEPARTMENT_MAX = 200  # implementations.department
TEXT_MAX = 10_000
ALT_MAX = 300  # implementation_updates.photo_alt
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)
PERCENT = re.compile(r"(\d{1,3})\s*%?")
DONE = ImplementationStatus.DONE

STATUS_LABELS = {
    ImplementationStatus.PLANNED: _l("Geplant"),
    ImplementationStatus.IN_PROGRESS: _l("In Arbeit"),
    ImplementationStatus.DONE: _l("Abgeschlossen"),
    ImplementationStatus.ON_HOLD: _l("Pausiert"),
}
NOT_A_DATE = _l("Bitte geben Sie ein Datum ein, zum Beispiel 31.12.2026.")
OUT_OF_RANGE = _l("Bitte geben Sie ein Datum zwischen 2000 und 2999 ein.")
IN_FUTURE = _l("Dieses Datum liegt in der Zukunft. Bitte geben Sie ein vergangenes Datum ein.")


def date_field(label, description, required: bool = False) -> DateField:
    """Return a date field typed as text, DD.MM.YYYY (YYYY-MM-DD is read too). A text field
    rather than the browser's date picker: it reads the same in every browser and language,
    and keyboard users move through it in one step."""
    first = InputRequired(_l("Bitte geben Sie ein Datum ein.")) if required else Optional()
    return DateField(
        label,
        description=description,
        format=["%d.%m.%Y", "%Y-%m-%d"],
        validators=[first],
        invalid_value_message=NOT_A_DATE,
        widget=TextInput(),
        render_kw={"autocomplete": "off", "spellcheck": "false", "maxlength": 10},
    )


def check_date(field, past_only: bool = False) -> None:
    """Refuse a date outside 2000–2999 or, with `past_only`, after today."""
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(OUT_OF_RANGE)
    if field.data and past_only and field.data > town_today():
        raise ValidationError(IN_FUTURE)


class PercentField(StringField):
    """A whole percentage from 0 to 100, typed as text; keeps what was typed, `.number` is
    the value (None until valid)."""

    def __init__(self, label=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        kwargs.setdefault("filters", [strip])
        super().__init__(label, **kwargs)
        self.number: int | None = None

    def process_data(self, value):
        """Show a stored number as digits."""
        self.number = value if isinstance(value, int) else None
        self.data = "" if value is None else str(value)

    def pre_validate(self, form):
        """Refuse what is not a whole number from 0 to 100."""
        self.number = None
        match = PERCENT.fullmatch(self.data or "")
        if not self.data:
            raise ValidationError(_l("Bitte geben Sie den Fortschritt in Prozent an."))
        if match is None or int(match.group(1)) > 100:
            raise ValidationError(_l("Bitte geben Sie eine ganze Zahl von 0 bis 100 ein."))
        self.number = int(match.group(1))


def status_field(label) -> SelectField:
    """Return the choice of a status."""
    return SelectField(
        label,
        choices=[SelectChoice(status.value, text) for status, text in STATUS_LABELS.items()],
        validators=[InputRequired(_l("Bitte wählen Sie einen Stand."))],
        validate_choice=False,
    )


class StatusChecks:
    """Checks shared by the forms with a status, a progress and a completion date."""

    def chosen_status(self) -> ImplementationStatus | None:
        """Return the status chosen, or None when it is not one of ours."""
        value = self.status.data
        return ImplementationStatus(value) if value in set(ImplementationStatus) else None

    def validate_status(self, field) -> None:
        """Only the statuses offered."""
        if self.chosen_status() is None:
            raise ValidationError(_l("Bitte wählen Sie einen Stand aus der Liste."))

    def validate_progress(self, field) -> None:
        """Done means 100 %."""
        if self.chosen_status() is DONE and field.number not in (None, 100):
            raise ValidationError(_l("Beim Stand „Abgeschlossen“ ist der Fortschritt 100 %."))

    def check_completion(self, field) -> None:
        """A completion date only with the status done, and not in the future."""
        check_date(field, past_only=True)
        if field.data and self.chosen_status() is not DONE:
            raise ValidationError(
                _l(
                    "Ein Abschlussdatum gibt es nur beim Stand „Abgeschlossen“. Lassen Sie das Feld leer, oder wählen Sie diesen Stand."
                )
            )


SUBJECT = SelectField(
    _l("Vorschlag oder Projekt"),
    description=_l(
        "Angenommene Vorschläge und geförderte Projekte aus Bürgerbudgets, deren Umsetzung noch nicht verfolgt wird."
    ),
    validate_choice=False,
)


class SettingsForm(StatusChecks, FlaskForm):
    """The department, status, progress and dates of an implementation."""

    department = StringField(
        _l("Zuständiger Fachbereich"),
        description=_l("Zum Beispiel: Bauamt oder Bürgerbüro. Höchstens 200 Zeichen."),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte nennen Sie den zuständigen Fachbereich.")),
            Length(max=DEPARTMENT_MAX, message=_l("Höchstens 200 Zeichen.")),
        ],
    )
    status = status_field(_l("Stand der Umsetzung"))
    progress = PercentField(
        _l("Fortschritt in Prozent"), description=_l("Eine ganze Zahl von 0 bis 100.")
    )
    planned_completion = date_field(
        _l("Geplanter Abschluss"),
        _l("Wann soll die Umsetzung fertig sein? Zum Beispiel 31.12.2026."),
    )
    actual_completion = date_field(
        _l("Tatsächlicher Abschluss"),
        _l("Nur beim Stand „Abgeschlossen“, dann ist das Datum nötig. Zum Beispiel 31.12.2026."),
    )

    def validate_planned_completion(self, field) -> None:
        """A sensible date."""
        check_date(field)

    def validate_actual_completion(self, field) -> None:
        """Refused with any status but done."""
        self.check_completion(field)

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that the status done comes with its completion date (an
        empty optional field skips its own checks)."""
        valid = super().validate(extra_validators)
        field = self.actual_completion
        if self.chosen_status() is DONE and not field.data and not field.errors:
            field.errors = [_l("Bitte geben Sie an, wann die Umsetzung abgeschlossen wurde.")]
            return False
        return valid

    def settings(self) -> Settings:
        """Return what the form says (after validation)."""
        return Settings(
            department=self.department.data,
            status=ImplementationStatus(self.status.data),
            progress=self.progress.number,
            planned_completion=self.planned_completion.data,
            actual_completion=self.actual_completion.data,
        )


class StartForm(SettingsForm):
    """Start tracking a proposal or a budget project: what, and its first settings."""

    subject = SUBJECT  # made before the settings' fields, so it comes first in the summary

    def validate_subject(self, field) -> None:
        """Only what is offered."""
        if field.data not in getattr(self, "offered", ()):
            raise ValidationError(
                _l("Bitte wählen Sie einen Vorschlag oder ein Projekt aus der Liste.")
            )


class UpdateForm(StatusChecks, FlaskForm):
    """A dated update: what happened, the status and progress now, and an optional photo."""

    happened_on = date_field(
        _l("Datum"), _l("Wann ist das geschehen? Zum Beispiel 31.12.2026."), required=True
    )
    text = TextAreaField(
        _l("Was ist geschehen?"),
        description=_l(
            "In einfacher Sprache. Sie können Markdown nutzen, zum Beispiel **fett** oder Listen mit „-“. Höchstens 10.000 Zeichen."
        ),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte beschreiben Sie, was geschehen ist.")),
            Length(max=TEXT_MAX, message=_l("Höchstens 10.000 Zeichen.")),
        ],
        render_kw={"rows": 8},
    )
    status = status_field(_l("Stand der Umsetzung jetzt"))
    progress = PercentField(
        _l("Fortschritt jetzt in Prozent"), description=_l("Eine ganze Zahl von 0 bis 100.")
    )
    completed_on = date_field(
        _l("Abgeschlossen am"),
        _l("Nur beim Stand „Abgeschlossen“. Leer lassen: das Datum oben. Zum Beispiel 31.12.2026."),
    )
    photo = FileField(
        _l("Foto"),
        description=_l("JPEG oder PNG. Standortdaten und andere Angaben der Kamera entfernen wir."),
        render_kw={"accept": "image/jpeg,image/png"},
    )
    photo_alt = StringField(
        _l("Beschreibung des Fotos"),
        description=_l(
            "Was ist auf dem Foto zu sehen? Für Menschen, die es nicht sehen können. Nötig, wenn Sie ein Foto wählen."
        ),
        filters=[strip],
        validators=[Length(max=ALT_MAX, message=_l("Höchstens 300 Zeichen."))],
    )

    def validate_happened_on(self, field) -> None:
        """Not in the future."""
        check_date(field, past_only=True)

    def validate_completed_on(self, field) -> None:
        """Only with the status done."""
        self.check_completion(field)

    def has_photo(self) -> bool:
        """Whether a file was chosen."""
        return bool(self.photo.data and getattr(self.photo.data, "filename", ""))

    def validate_photo_alt(self, field) -> None:
        """A description with every photo, and none without one."""
        if self.has_photo() and not field.data:
            raise ValidationError(_l("Bitte beschreiben Sie, was auf dem Foto zu sehen ist."))
        if field.data and not self.has_photo():
            raise ValidationError(_l("Bitte wählen Sie das Foto aus, das Sie beschrieben haben."))

    def fields(self) -> UpdateFields:
        """Return what the form says (after validation)."""
        return UpdateFields(
            happened_on=self.happened_on.data,
            text=self.text.data,
            status=ImplementationStatus(self.status.data),
            progress=self.progress.number,
            completed_on=self.completed_on.data,
            photo_alt=self.photo_alt.data or "",
        )
