"""Forms of the verification desk: finding an account, verifying it, revoking it. Labels and
messages are lazy (the staff member's language). Nothing typed here is stored: the view turns
name and date of birth into the identity key and forgets them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from participation.accounts.identity import normalise_name, unreadable_letters
from participation.accounts.verification import SEARCH_MAX, SEARCH_MIN
from participation.core.clock import town_today
from participation.core.town import current_town

NAME_MAX = 200
EARLIEST_BIRTH = date(1900, 1, 1)
GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Names typed at the desk must not be remembered by the browser for the next person.
PRIVATE_INPUT = {"autocomplete": "off", "spellcheck": "false"}


def strip(value):
    """Remove surrounding blanks."""
    return value.strip() if isinstance(value, str) else value


def date_parts(text: str) -> tuple[int, int, int] | None:
    """Return (year, month, day) of TT.MM.JJJJ or JJJJ-MM-TT, else None (blanks ignored)."""
    compact = "".join(text.split())
    if match := GERMAN_DATE.fullmatch(compact):
        day, month, year = map(int, match.groups())
        return year, month, day
    if match := ISO_DATE.fullmatch(compact):
        return tuple(map(int, match.groups()))
    return None


def birth_date_problem(text: str) -> tuple[date | None, str | None]:
    """Return the date typed, or None and what is wrong with it."""
    parts = date_parts(text)
    if parts is None:
        return None, _l("Bitte geben Sie das Datum so ein: TT.MM.JJJJ, zum Beispiel 31.01.1980.")
    try:
        born = date(*parts)
    except ValueError:
        return None, _l("Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat.")
    if born > town_today():
        return None, _l("Das Geburtsdatum liegt in der Zukunft. Bitte prüfen Sie das Jahr.")
    if born < EARLIEST_BIRTH:
        return None, _l("Das Geburtsdatum liegt vor 1900. Bitte prüfen Sie das Jahr.")
    return born, None


class BirthDateField(StringField):
    """A date of birth typed as text (TT.MM.JJJJ or JJJJ-MM-TT); keeps what was typed,
    `.day` is the date read or None."""

    day: date | None = None

    def pre_validate(self, form) -> None:
        """Refuse an empty, unreadable, impossible, future or implausibly early date."""
        self.day = None
        if not self.data:
            raise ValidationError(_l("Bitte geben Sie das Geburtsdatum ein."))
        self.day, problem = birth_date_problem(self.data)
        if problem:
            raise ValidationError(problem)


def name_problem(name: str) -> str | None:
    """Return what keeps `name` from being a name as printed on an ID, if anything."""
    if any(unicodedata.category(char).startswith("C") for char in name):
        return _l("Der Name enthält unzulässige Zeichen.")
    if unreadable_letters(name):
        return _l(
            "Bitte schreiben Sie den Namen in lateinischen Buchstaben, so wie in der "
            "maschinenlesbaren Zeile des Ausweises."
        )
    if not normalise_name(name):
        return _l("Der Name muss Buchstaben enthalten.")
    if any(char.isdigit() for char in name):
        return _l("Ein Name enthält keine Ziffern. Bitte prüfen Sie die Eingabe.")
    return None


def name_field(label, required_message, description) -> StringField:
    """Return a required name field that the browser does not remember."""
    return StringField(
        label,
        description=description,
        validators=[
            DataRequired(required_message),
            Length(max=NAME_MAX, message=_l("Höchstens 200 Zeichen.")),
        ],
        filters=[strip],
        render_kw=PRIVATE_INPUT,
    )


class IdCardForm(FlaskForm):
    """The name and date of birth staff read from an ID (verification, ballot hand-out)."""

    surname = name_field(
        _l("Familienname"),
        _l("Bitte geben Sie den Familiennamen ein."),
        _l("Wie im Ausweis, ohne Geburtsnamen und ohne Doktorgrad."),
    )
    given_names = name_field(
        _l("Vorname"),
        _l("Bitte geben Sie den Vornamen ein."),
        _l("Vorname laut Ausweis; es zählt nur der erste Vorname."),
    )
    birth_date = BirthDateField(
        _l("Geburtsdatum"),
        description=_l("TT.MM.JJJJ, zum Beispiel 31.01.1980."),
        filters=[strip],
        render_kw=PRIVATE_INPUT,
    )


class VerifyForm(IdCardForm):
    """What staff read from the ID: name, date of birth, district; and that they saw it."""

    district = SelectField(
        _l("Ortsteil"),
        description=_l(
            "Aus der Anschrift im Ausweis. Davon hängt ab, an welchen Abstimmungen für "
            "einzelne Ortsteile die Person teilnehmen kann."
        ),
        validators=[Optional()],
        validate_choice=False,
    )
    id_seen = BooleanField(
        _l("Ich habe einen gültigen amtlichen Ausweis gesehen"),
        description=_l("Personalausweis, Reisepass oder Aufenthaltstitel, nicht abgelaufen."),
        validators=[
            DataRequired(_l("Bitte bestätigen Sie, dass Sie einen gültigen Ausweis gesehen haben."))
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        districts = current_town().districts
        if not districts:  # a town without districts: nothing to ask
            del self.district
            return
        none = ("", _l("— keiner / nicht bekannt —"))
        self.district.choices = [none, *((name, name) for name in districts)]

    def validate_surname(self, field) -> None:
        """Only names as printed on an ID."""
        if problem := name_problem(field.data or ""):
            raise ValidationError(problem)

    def validate_given_names(self, field) -> None:
        """Only names as printed on an ID (the first one is what counts)."""
        if problem := name_problem(field.data or ""):
            raise ValidationError(problem)

    def validate_district(self, field) -> None:
        """Only the town's districts, or none."""
        if field.data and field.data not in current_town().districts:
            raise ValidationError(_l("Bitte wählen Sie einen Ortsteil aus der Liste."))

    def chosen_district(self) -> str | None:
        """Return the district chosen, or None (also when the town has none)."""
        return (self.district.data or None) if self.district is not None else None


class RevokeForm(FlaskForm):
    """Withdraw a verification; a checkbox makes sure it was meant."""

    confirm = BooleanField(
        _l("Ja, ich möchte die Bestätigung dieses Kontos zurücknehmen."),
        validators=[
            DataRequired(_l("Bitte bestätigen Sie, dass Sie die Bestätigung zurücknehmen möchten."))
        ],
    )


class SearchForm(FlaskForm):
    """Find an account by address or name (a GET form: nothing is changed, no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("E-Mail-Adresse oder Name"),
        description=_l("Ein Teil genügt, mindestens 3 Zeichen."),
        validators=[
            Optional(),
            Length(
                min=SEARCH_MIN,
                max=SEARCH_MAX,
                message=_l("Bitte geben Sie 3 bis 100 Zeichen ein."),
            ),
        ],
        filters=[strip],
        render_kw={"type": "search", "spellcheck": "false", "autocomplete": "off"},
    )
