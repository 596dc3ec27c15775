"""The question form of the builder: one form for every kind, showing the settings the kind uses.

Options are typed one per line (new ones) and, when editing, each existing option is a text
box of its own (`option-<id>`, with a `remove_option` tick box), so an option keeps its id and
its answers when only its wording changes. Everything a resident's form would trip over is
refused here: too few options, min above max, a range the other way round.
"""

from __future__ import annotations

import re

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from participation.surveys.builder_forms import strip
from participation.surveys.builder_questions import QuestionFields
from participation.surveys.models import (
    CHOICE_TYPES,
    OPTION_TYPES,
    SCALE_TYPES,
    Question,
    QuestionType,
)

T = QuestionType
TEXT_MAX, HELP_MAX, OPTION_MAX, LABEL_MAX = 500, 1_000, 300, 100  # column sizes and limits
MAX_OPTIONS = 50
NUMBER_LIMIT = 1e12  # larger bounds are typos (and would print as exponents)
SCALES = {"1-5": (1, 5), "0-10": (0, 10)}
INTEGER = re.compile(r"^\d{1,4}$")
DECIMAL = re.compile(r"^-?\d{1,13}([.,]\d{1,6})?$")

OPTION_LABELS = {
    T.SINGLE: _l("Antwortmöglichkeiten"),
    T.MULTIPLE: _l("Antwortmöglichkeiten"),
    T.MATRIX: _l("Zeilen"),
    T.RANKING: _l("Punkte zum Ordnen"),
}
NEW_OPTION_LABELS = {
    T.SINGLE: _l("Neue Antwortmöglichkeiten"),
    T.MULTIPLE: _l("Neue Antwortmöglichkeiten"),
    T.MATRIX: _l("Neue Zeilen"),
    T.RANKING: _l("Neue Punkte zum Ordnen"),
}


class QuestionForm(FlaskForm):
    """A question of any kind; the kind comes from the address (`?kind=`) or the question."""

    kind = HiddenField(_l("Art der Frage"))  # carries the refusal of a change of kind
    section_id = SelectField(_l("Abschnitt"), validate_choice=False)
    text = StringField(
        _l("Frage"),
        validators=[
            DataRequired(_l("Bitte geben Sie die Frage ein.")),
            Length(max=TEXT_MAX, message=_l("Höchstens 500 Zeichen.")),
        ],
        filters=[strip],
    )
    help_text = TextAreaField(
        _l("Hilfetext"),
        description=_l("Erscheint unter der Frage. Höchstens 1.000 Zeichen."),
        validators=[Length(max=HELP_MAX, message=_l("Höchstens 1.000 Zeichen."))],
        filters=[strip],
        render_kw={"rows": 2},
    )
    required = BooleanField(_l("Pflichtfrage: Eine Antwort ist nötig."), default=True)
    allow_other = BooleanField(_l("„Sonstiges“ mit eigenem Text anbieten"))
    options = HiddenField(_l("Antwortmöglichkeiten"))  # carries errors of the existing options
    new_options = TextAreaField(
        _l("Neue Antwortmöglichkeiten"),
        description=_l("Eine pro Zeile. Höchstens 50, jede höchstens 300 Zeichen."),
        filters=[lambda value: value or ""],
        render_kw={"rows": 5},
    )
    min_choices = StringField(_l("Mindestens"), render_kw={"inputmode": "numeric"})
    max_choices = StringField(_l("Höchstens"), render_kw={"inputmode": "numeric"})
    scale = RadioField(
        _l("Skala"),
        choices=[SelectChoice("1-5", _l("1 bis 5")), SelectChoice("0-10", _l("0 bis 10"))],
        default="1-5",
        validate_choice=False,
    )
    scale_min_label = StringField(
        _l("Bezeichnung des niedrigsten Werts"),
        description=_l("Zum Beispiel „gar nicht zufrieden“. Höchstens 100 Zeichen."),
        validators=[Length(max=LABEL_MAX, message=_l("Höchstens 100 Zeichen."))],
        filters=[strip],
    )
    scale_max_label = StringField(
        _l("Bezeichnung des höchsten Werts"),
        description=_l("Zum Beispiel „sehr zufrieden“. Höchstens 100 Zeichen."),
        validators=[Length(max=LABEL_MAX, message=_l("Höchstens 100 Zeichen."))],
        filters=[strip],
    )
    number_min = StringField(_l("Kleinste Zahl"), render_kw={"inputmode": "decimal"})
    number_max = StringField(_l("Größte Zahl"), render_kw={"inputmode": "decimal"})
    number_decimals = RadioField(
        _l("Stellen nach dem Komma"),
        choices=[
            SelectChoice("0", _l("keine (ganze Zahl)")),
            SelectChoice("1", "1"),
            SelectChoice("2", "2"),
        ],
        default="0",
        validate_choice=False,
    )

    def __init__(self, kind: QuestionType, sections, question: Question | None = None, **kw):
        super().__init__(obj=question, **kw)
        self.kind_value = kind
        self.question = question
        self.section_id.choices = [SelectChoice(str(s.id), s.heading) for s in sections]
        self.existing = list(question.options) if question and kind in OPTION_TYPES else []
        self.option_values: dict[int, str] = {}
        self.removed: set[int] = set()
        self.option_errors: dict[int, str] = {}
        if kind in OPTION_TYPES:
            self.options.label.text = OPTION_LABELS[kind]
            self.new_options.label.text = NEW_OPTION_LABELS[kind]
        if question is not None and not self.is_submitted():
            self.fill_from(question)

    def fill_from(self, question: Question) -> None:
        """Show the stored settings in the form's own notation."""
        self.section_id.data = str(question.section_id)
        scale = f"{question.scale_min}-{question.scale_max}"
        self.scale.data = scale if scale in SCALES else "1-5"
        for name in ("min_choices", "max_choices"):
            value = getattr(question, name)
            self[name].data = "" if value is None else str(value)
        for name in ("number_min", "number_max"):
            value = getattr(question, name)
            self[name].data = "" if value is None else f"{value:g}".replace(".", ",")
        self.number_decimals.data = str(question.number_decimals)
        self.new_options.data = ""

    def read_options(self, formdata) -> None:
        """Take the existing options' new wording and removals from the posted form."""
        self.removed = {
            option.id
            for option in self.existing
            if str(option.id) in formdata.getlist("remove_option")
        }
        for option in self.existing:
            self.option_values[option.id] = (formdata.get(f"option-{option.id}") or "").strip()

    def new_labels(self) -> list[str]:
        """Return the non-empty lines of the new options."""
        return [line.strip() for line in (self.new_options.data or "").splitlines() if line.strip()]

    def fields(self) -> QuestionFields | None:
        """Return the checked question, or None with the problems put on the fields."""
        self.read_options(request.form)
        valid = self.validate()
        checked = check_settings(self)
        if not (valid and checked is not None):
            return None
        return checked


def whole(field, low: int, high: int) -> int | None:
    """Return the whole number typed into `field` (None when empty) within low..high."""
    text = str(field.data or "").strip()
    if not text:
        return None
    if not INTEGER.match(text) or not low <= int(text) <= high:
        field.errors.append(
            _l("Bitte geben Sie eine ganze Zahl von %(low)s bis %(high)s ein.", low=low, high=high)
        )
        raise ValidationError
    return int(text)


def decimal(field) -> float | None:
    """Return the number typed into `field` (comma or point); None when empty or wrong (then
    with the error on the field)."""
    text = str(field.data or "").strip().replace(" ", "")
    if not text:
        return None
    if not DECIMAL.match(text) or abs(float(text.replace(",", "."))) >= NUMBER_LIMIT:
        field.errors.append(_l("Bitte geben Sie eine Zahl ein, zum Beispiel 14 oder 2,5."))
        return None
    return float(text.replace(",", "."))


def check_settings(form: QuestionForm) -> QuestionFields | None:
    """Check the kind-specific settings; return the question or None (errors on the fields)."""
    kind = form.kind_value
    fields = QuestionFields(
        kind=kind,
        section_id=int(form.section_id.data) if (form.section_id.data or "").isdigit() else 0,
        text=form.text.data or "",
        help_text=form.help_text.data or "",
        required=bool(form.required.data),
        allow_other=bool(form.allow_other.data) and kind in CHOICE_TYPES,
    )
    try:
        if kind in OPTION_TYPES:
            check_options(form, fields)
        if kind in (T.MULTIPLE, T.RANKING):
            check_counts(form, fields)
        if kind in SCALE_TYPES:
            check_scale(form, fields)
        if kind is T.NUMBER:
            check_number(form, fields)
    except ValidationError:
        return None
    return None if any(field.errors for field in form) else fields


def check_options(form: QuestionForm, fields: QuestionFields) -> None:
    """Existing options filled or removed, new ones short enough, enough and not too many."""
    for option in form.existing:
        label = form.option_values.get(option.id, option.label)
        if option.id in form.removed:
            continue
        if not label:
            form.option_errors[option.id] = str(
                _l("Bitte geben Sie einen Text ein oder entfernen Sie die Zeile.")
            )
        elif len(label) > OPTION_MAX:
            form.option_errors[option.id] = str(_l("Höchstens 300 Zeichen."))
        elif label != option.label:
            fields.renamed[option.id] = label
    if form.option_errors:
        form.options.errors.append(_l("Bitte prüfen Sie die markierten Zeilen."))
    new = form.new_labels()
    if any(len(label) > OPTION_MAX for label in new):
        form.new_options.errors.append(_l("Jede Zeile darf höchstens 300 Zeichen lang sein."))
    kept = [
        form.option_values.get(o.id, o.label) for o in form.existing if o.id not in form.removed
    ]
    labels = kept + new
    fields.removed, fields.new_options = set(form.removed), new
    least = 1 if form.kind_value is T.MATRIX else 2
    if len(labels) < least:
        form.new_options.errors.append(
            _l("Bitte geben Sie mindestens eine Zeile an.")
            if least == 1
            else _l("Bitte geben Sie mindestens zwei Antwortmöglichkeiten an, eine pro Zeile.")
        )
    elif len(labels) > MAX_OPTIONS:
        form.new_options.errors.append(_l("Höchstens 50 Zeilen."))
    elif len({label.casefold() for label in labels}) < len(labels):
        form.new_options.errors.append(_l("Jede Zeile darf nur einmal vorkommen."))
    form.option_count = len(labels)


def check_counts(form: QuestionForm, fields: QuestionFields) -> None:
    """Min and max between 1 and the number of options ("other" counts), min not above max."""
    available = getattr(form, "option_count", 0) + (1 if fields.allow_other else 0)
    if form.new_options.errors or form.options.errors:
        return  # the counts are checked against a valid list of options
    high = max(available, 1)
    fields.min_choices = whole(form.min_choices, 1, high)
    fields.max_choices = whole(form.max_choices, 1, high)
    if fields.min_choices and fields.max_choices and fields.min_choices > fields.max_choices:
        form.min_choices.errors.append(_l("Mindestens darf nicht größer sein als höchstens."))


def check_scale(form: QuestionForm, fields: QuestionFields) -> None:
    """Only the scales 1–5 and 0–10."""
    if form.scale.data not in SCALES:
        form.scale.errors.append(_l("Bitte wählen Sie 1 bis 5 oder 0 bis 10."))
        raise ValidationError
    fields.scale_min, fields.scale_max = SCALES[form.scale.data]
    fields.scale_min_label = form.scale_min_label.data or ""
    fields.scale_max_label = form.scale_max_label.data or ""


def check_number(form: QuestionForm, fields: QuestionFields) -> None:
    """The smallest below the largest number, 0 to 2 decimals."""
    if form.number_decimals.data not in ("0", "1", "2"):
        form.number_decimals.errors.append(_l("Bitte wählen Sie 0, 1 oder 2."))
    else:
        fields.number_decimals = int(form.number_decimals.data)
    for name in ("number_min", "number_max"):
        setattr(fields, name, decimal(form[name]))
    low, high = fields.number_min, fields.number_max
    if low is not None and high is not None and low >= high:
        form.number_max.errors.append(_l("Die größte Zahl muss größer sein als die kleinste."))
