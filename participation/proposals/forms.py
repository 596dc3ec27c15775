"""Proposal forms; labels and messages are lazy so they follow the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from participation.core.forms import SubmissionKeyField
from participation.core.town import current_town
from participation.proposals.models import STAFF_TRANSITIONS, ProposalStatus

TITLE_MIN, TITLE_MAX = 5, 150
BODY_MAX = 10_000
ALT_MAX = 300
MAX_IMAGES = 3


def strip(value):
    """Remove surrounding blanks."""
    return value.strip() if isinstance(value, str) else value


class ProposalForm(FlaskForm):
    """Write or edit a proposal."""

    submission_key = SubmissionKeyField()
    title = StringField(
        _l("Titel"),
        description=_l("Worum geht es? In einem Satz, 5 bis 150 Zeichen."),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Titel ein.")),
            Length(TITLE_MIN, TITLE_MAX, _l("Der Titel muss 5 bis 150 Zeichen lang sein.")),
        ],
        filters=[strip],
    )
    body = TextAreaField(
        _l("Beschreibung"),
        description=_l(
            "Beschreiben Sie Ihre Idee. Sie können Markdown nutzen, zum Beispiel **fett** oder Listen mit „-“. Höchstens 10.000 Zeichen."
        ),
        validators=[
            DataRequired(_l("Bitte beschreiben Sie Ihren Vorschlag.")),
            Length(
                max=BODY_MAX,
                message=_l("Die Beschreibung darf höchstens 10.000 Zeichen lang sein."),
            ),
        ],
        filters=[strip],
        render_kw={"rows": 12},
    )
    category = SelectField(_l("Themenbereich"), validate_choice=False)
    district = SelectField(_l("Ortsteil"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        town = current_town()
        self.category.choices = [("", _l("Bitte wählen"))] + [(c, c) for c in town.categories]
        self.district.choices = [("", _l("Kein bestimmter Ortsteil"))] + [
            (d, d) for d in town.districts
        ]

    def validate_category(self, field) -> None:
        """Only the configured categories."""
        if field.data not in current_town().categories:
            raise ValidationError(_l("Bitte wählen Sie einen Themenbereich."))

    def validate_district(self, field) -> None:
        """Only the configured districts, or none."""
        if field.data and field.data not in current_town().districts:
            raise ValidationError(_l("Bitte wählen Sie einen Ortsteil aus der Liste."))


def image_fields(number: int):
    """Return the file field and alt-text field for picture `number` (1-based)."""
    picture = FileField(
        _l("Bild %(n)d", n=number),
        description=_l("JPEG, PNG oder WebP, höchstens 5 MB."),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    alt = StringField(
        _l("Beschreibung von Bild %(n)d", n=number),
        description=_l("Was ist auf dem Bild zu sehen? Für Menschen, die es nicht sehen können."),
        validators=[Optional(), Length(max=ALT_MAX, message=_l("Höchstens 300 Zeichen."))],
        filters=[strip],
    )
    return picture, alt


for _number in range(1, MAX_IMAGES + 1):
    _picture, _alt = image_fields(_number)
    setattr(ProposalForm, f"image_{_number}", _picture)
    setattr(ProposalForm, f"alt_{_number}", _alt)


class UpdateForm(FlaskForm):
    """The author adds news to a proposal that can no longer be edited."""

    body = TextAreaField(
        _l("Neuigkeit"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie Ihre Neuigkeit.")),
            Length(max=BODY_MAX, message=_l("Höchstens 10.000 Zeichen.")),
        ],
        filters=[strip],
        render_kw={"rows": 5},
    )


class WithdrawForm(FlaskForm):
    """The author takes the proposal back."""

    confirm = BooleanField(
        _l("Ja, ich möchte diesen Vorschlag zurückziehen."),
        validators=[
            DataRequired(_l("Bitte bestätigen Sie, dass Sie den Vorschlag zurückziehen möchten."))
        ],
    )


STATUS_LABELS = {
    ProposalStatus.DRAFT: _l("Entwurf"),
    ProposalStatus.PUBLISHED: _l("Veröffentlicht"),
    ProposalStatus.IN_REVIEW: _l("In Prüfung"),
    ProposalStatus.ACCEPTED: _l("Angenommen"),
    ProposalStatus.REJECTED: _l("Abgelehnt"),
    ProposalStatus.IMPLEMENTED: _l("Umgesetzt"),
    ProposalStatus.WITHDRAWN: _l("Zurückgezogen"),
}


class AnswerForm(FlaskForm):
    """Staff answer officially and set the status."""

    status = SelectField(_l("Neuer Status"), validate_choice=False)
    answer = TextAreaField(
        _l("Antwort der Stadtverwaltung"),
        description=_l("Erklären Sie die Entscheidung in einfacher Sprache. Markdown ist möglich."),
        validators=[
            DataRequired(_l("Bitte schreiben Sie eine Antwort.")),
            Length(max=BODY_MAX, message=_l("Höchstens 10.000 Zeichen.")),
        ],
        filters=[strip],
        render_kw={"rows": 6},
    )
    department = StringField(
        _l("Fachbereich"),
        validators=[
            DataRequired(_l("Bitte nennen Sie den Fachbereich.")),
            Length(max=120, message=_l("Höchstens 120 Zeichen.")),
        ],
        filters=[strip],
    )

    def set_choices(self, current: ProposalStatus) -> None:
        """Offer the statuses staff may set from `current` (keeping it, to only answer)."""
        allowed = [
            current,
            *sorted(STAFF_TRANSITIONS.get(current, set()), key=list(ProposalStatus).index),
        ]
        self.status.choices = [(status.value, STATUS_LABELS[status]) for status in allowed]

    def validate_status(self, field) -> None:
        """Only the offered statuses."""
        if field.data not in {value for value, _label in self.status.choices}:
            raise ValidationError(_l("Bitte wählen Sie einen Status aus der Liste."))
