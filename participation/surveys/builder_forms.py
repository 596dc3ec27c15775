"""Builder forms: a survey's settings and a section. Labels and messages are lazy (visitor's
language). Times are entered as the town's wall-clock time and stored in UTC."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from participation.core.clock import from_town_time
from participation.core.forms import SubmissionKeyField
from participation.surveys.builder import SurveySettings
from participation.surveys.labels import AUDIENCE_LABELS
from participation.surveys.models import Audience

TITLE_MAX = 200  # surveys.title
INTRO_MAX = 10_000
HEADING_MAX = 200  # survey_sections.heading
DESCRIPTION_MAX = 2_000
# datetime-local sends the first; the others are what people type where it is a text box.
TIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M")
YEARS = (2000, 2100)  # a typo like 0202 or 20266 is refused, not stored


def strip(value):
    """Remove surrounding blanks."""
    return value.strip() if isinstance(value, str) else value


def parse_town_time(text: str | None) -> datetime | None:
    """Return the naive wall-clock time typed into a datetime-local input, or None."""
    for pattern in TIME_FORMATS:
        try:
            moment = datetime.strptime(" ".join((text or "").replace(",", " ").split()), pattern)
        except ValueError:
            continue
        return moment if YEARS[0] <= moment.year <= YEARS[1] else None
    return None


class TownTimeField(StringField):
    """A date and time in the town's time zone (input type datetime-local); keeps what was
    typed, `.moment` is the parsed wall-clock time or None."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"type": "datetime-local"})
        super().__init__(*args, **kwargs)
        self.moment: datetime | None = None

    def process_data(self, value):
        """Show a stored wall-clock time in the input's format."""
        self.moment = value
        self.data = value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, datetime) else value

    def pre_validate(self, form):
        """Refuse an empty or unreadable time."""
        if not self.data:
            raise ValidationError(_l("Bitte geben Sie Datum und Uhrzeit ein."))
        self.moment = parse_town_time(self.data)
        if self.moment is None:
            raise ValidationError(_l("Bitte geben Sie Datum und Uhrzeit so ein: 31.12.2026 18:00."))


class SurveyForm(FlaskForm):
    """A survey's settings."""

    submission_key = SubmissionKeyField()
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Titel ein.")),
            Length(max=TITLE_MAX, message=_l("Höchstens 200 Zeichen.")),
        ],
        filters=[strip],
    )
    intro = TextAreaField(
        _l("Einleitung"),
        description=_l(
            "Worum geht es, wie lange dauert es? Markdown ist möglich, zum Beispiel **fett**. "
            "Höchstens 10.000 Zeichen."
        ),
        validators=[Length(max=INTRO_MAX, message=_l("Höchstens 10.000 Zeichen."))],
        filters=[strip],
        render_kw={"rows": 8},
    )
    opens_at = TownTimeField(_l("Beginn"), description=_l("Datum und Uhrzeit, Ortszeit."))
    closes_at = TownTimeField(
        _l("Ende"), description=_l("Datum und Uhrzeit, Ortszeit. Muss nach dem Beginn liegen.")
    )
    audience = RadioField(
        _l("Wer darf antworten?"),
        choices=[
            SelectChoice(audience.value, label) for audience, label in AUDIENCE_LABELS.items()
        ],
        default=Audience.RESIDENTS.value,
        validate_choice=False,
    )
    anonymous = RadioField(
        _l("Antworten anonym speichern?"),
        description=_l(
            "Anonym: Die Antworten werden ohne Konto gespeichert. Getrennt davon wird nur "
            "vermerkt, wer schon geantwortet hat."
        ),
        choices=[
            SelectChoice("yes", _l("Ja, anonym")),
            SelectChoice("no", _l("Nein, mit dem Konto")),
        ],
        default="no",
        validate_choice=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def validate_audience(self, field) -> None:
        """Only the offered audiences."""
        if field.data not in Audience._value2member_map_:
            raise ValidationError(_l("Bitte wählen Sie aus der Liste."))

    def validate_anonymous(self, field) -> None:
        """Yes or no."""
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Bitte wählen Sie aus der Liste."))

    def validate_closes_at(self, field) -> None:
        """The end comes after the beginning."""
        opens = self.opens_at.moment
        if field.moment and opens and field.moment <= opens:
            raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))

    def settings(self) -> SurveySettings:
        """Return the validated settings (times converted to UTC)."""
        return SurveySettings(
            title=self.title.data,
            intro=self.intro.data or "",
            opens_at=from_town_time(self.opens_at.moment),
            closes_at=from_town_time(self.closes_at.moment),
            audience=Audience(self.audience.data),
            anonymous=self.anonymous.data == "yes",
        )


class SectionForm(FlaskForm):
    """A section's heading and description."""

    heading = StringField(
        _l("Überschrift"),
        validators=[
            DataRequired(_l("Bitte geben Sie eine Überschrift ein.")),
            Length(max=HEADING_MAX, message=_l("Höchstens 200 Zeichen.")),
        ],
        filters=[strip],
    )
    description = TextAreaField(
        _l("Beschreibung"),
        description=_l("Ein kurzer Text unter der Überschrift. Höchstens 2.000 Zeichen."),
        validators=[Length(max=DESCRIPTION_MAX, message=_l("Höchstens 2.000 Zeichen."))],
        filters=[strip],
        render_kw={"rows": 3},
    )


class ConfirmForm(FlaskForm):
    """A button that changes something (publish, move, delete): only the CSRF token."""
