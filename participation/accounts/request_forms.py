"""Forms of the register of data requests (admin pages). Labels and messages are lazy."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from participation.accounts.data_forms import KEEP, REMOVE
from participation.accounts.forms import EMAIL_MAX, strip
from participation.accounts.request_models import RequestChannel, RequestKind, RequestState
from participation.accounts.verification_forms import date_parts
from participation.core.clock import town_today

EARLIEST = date(2000, 1, 1)
TEXT_MAX = 2000

KIND_LABELS = {
    RequestKind.ACCESS: _l("Auskunft: eine Kopie der Daten"),
    RequestKind.ERASURE: _l("Löschung des Kontos"),
    RequestKind.RECTIFICATION: _l("Berichtigung falscher Daten"),
    RequestKind.RESTRICTION: _l("Einschränkung der Verarbeitung"),
    RequestKind.OBJECTION: _l("Widerspruch gegen die Verarbeitung"),
    RequestKind.OTHER: _l("Sonstiges"),
}
CHANNEL_LABELS = {
    RequestChannel.LETTER: _l("Brief"),
    RequestChannel.IN_PERSON: _l("Persönlich im Bürgerbüro"),
    RequestChannel.EMAIL: _l("E-Mail"),
    RequestChannel.PHONE: _l("Telefon"),
}
STATE_LABELS = {
    RequestState.OPEN: _l("Offen"),
    RequestState.DONE: _l("Erledigt"),
    RequestState.REFUSED: _l("Abgelehnt"),
}


class DayField(StringField):
    """A day typed as TT.MM.JJJJ (or JJJJ-MM-TT); keeps what was typed, `.day` is the date."""

    day: date | None = None

    def pre_validate(self, form) -> None:
        """Refuse an empty, unreadable, impossible or future day."""
        self.day = None
        if not self.data:
            raise ValidationError(_l("Bitte geben Sie das Datum ein."))
        parts = date_parts(self.data)
        if parts is None:
            raise ValidationError(
                _l("Bitte geben Sie das Datum so ein: TT.MM.JJJJ, zum Beispiel 31.01.2026.")
            )
        try:
            day = date(*parts)
        except ValueError:
            raise ValidationError(
                _l("Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat.")
            ) from None
        if day > town_today():
            raise ValidationError(_l("Das Datum liegt in der Zukunft. Bitte prüfen Sie es."))
        if day < EARLIEST:
            raise ValidationError(_l("Das Datum liegt vor 2000. Bitte prüfen Sie das Jahr."))
        self.day = day


def account_email_field(label, required: bool) -> StringField:
    """Return the field for the address of the account a request is about."""
    first = (
        DataRequired(_l("Bitte geben Sie die E-Mail-Adresse des Kontos ein."))
        if required
        else Optional()
    )
    return StringField(
        label,
        description=_l("Wir suchen das Konto mit dieser Adresse."),
        validators=[first, Length(max=EMAIL_MAX, message=_l("Die E-Mail-Adresse ist zu lang."))],
        filters=[strip],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class RegisterForm(FlaskForm):
    """Record a request that arrived on paper, by phone or in person."""

    kind = RadioField(
        _l("Was möchte die Person?"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validators=[InputRequired(_l("Bitte wählen Sie, was die Person möchte."))],
    )
    channel = RadioField(
        _l("Wie kam die Anfrage?"),
        choices=[SelectChoice(channel.value, label) for channel, label in CHANNEL_LABELS.items()],
        validators=[InputRequired(_l("Bitte wählen Sie, wie die Anfrage kam."))],
    )
    requester = StringField(
        _l("Name der Person"),
        description=_l("So, wie er in der Anfrage steht."),
        validators=[
            DataRequired(_l("Bitte geben Sie den Namen der Person ein.")),
            Length(max=200, message=_l("Bitte geben Sie höchstens 200 Zeichen ein.")),
        ],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    contact = TextAreaField(
        _l("Anschrift für die Antwort"),
        description=_l("Postanschrift, Telefonnummer oder E-Mail-Adresse."),
        validators=[Length(max=500, message=_l("Bitte geben Sie höchstens 500 Zeichen ein."))],
        filters=[strip],
        render_kw={"rows": 3, "autocomplete": "off"},
    )
    received_on = DayField(
        _l("Eingegangen am"),
        description=_l("TT.MM.JJJJ. Die Antwort ist einen Monat später fällig."),
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )
    email = account_email_field(_l("E-Mail-Adresse des Kontos"), required=False)
    identity_checked = BooleanField(
        _l("Die Identität der Person ist geprüft."),
        description=_l(
            "Zum Beispiel: Ausweis im Bürgerbüro gesehen. Erst dann dürfen Sie Daten herausgeben oder das Konto löschen."
        ),
    )


class NoteForm(FlaskForm):
    """Add a note to a request."""

    text = TextAreaField(
        _l("Neue Notiz"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie eine Notiz.")),
            Length(max=TEXT_MAX, message=_l("Bitte schreiben Sie höchstens 2.000 Zeichen.")),
        ],
        filters=[strip],
        render_kw={"rows": 3, "maxlength": TEXT_MAX},
    )


class LinkForm(FlaskForm):
    """Name the account a request is about."""

    email = account_email_field(_l("E-Mail-Adresse des Kontos"), required=True)


class IdentityForm(FlaskForm):
    """Record that the requester's identity was checked."""

    confirm = BooleanField(
        _l("Ich habe die Identität der Person geprüft."),
        validators=[
            DataRequired(_l("Bitte bestätigen Sie, dass Sie die Identität geprüft haben."))
        ],
    )


class ExportRequestForm(FlaskForm):
    """Download the linked account's export (the button alone)."""


class DeleteRequestForm(FlaskForm):
    """Delete the linked account."""

    contributions = RadioField(
        _l("Was soll mit den Vorschlägen und Kommentaren geschehen?"),
        choices=[
            SelectChoice(KEEP, _l("Stehen lassen, als „Gelöschtes Konto“.")),
            SelectChoice(REMOVE, _l("Ebenfalls löschen (die Texte werden entfernt).")),
        ],
        default=KEEP,
        validators=[InputRequired(_l("Bitte wählen Sie, was mit den Beiträgen geschehen soll."))],
    )
    confirm = BooleanField(
        _l("Ja, das Konto soll endgültig gelöscht werden."),
        validators=[DataRequired(_l("Bitte bestätigen Sie die Löschung."))],
    )

    @property
    def remove_contributions(self) -> bool:
        """Whether the person wants their proposals and comments removed too."""
        return self.contributions.data == REMOVE


class CloseForm(FlaskForm):
    """Close a request as done or refused."""

    state = RadioField(
        _l("Ergebnis"),
        choices=[
            SelectChoice(RequestState.DONE.value, _l("Erledigt")),
            SelectChoice(RequestState.REFUSED.value, _l("Abgelehnt")),
        ],
        validators=[InputRequired(_l("Bitte wählen Sie ein Ergebnis."))],
    )
    outcome = TextAreaField(
        _l("Was wurde getan, oder warum wurde abgelehnt?"),
        validators=[
            DataRequired(_l("Bitte beschreiben Sie das Ergebnis.")),
            Length(max=TEXT_MAX, message=_l("Bitte schreiben Sie höchstens 2.000 Zeichen.")),
        ],
        filters=[strip],
        render_kw={"rows": 4, "maxlength": TEXT_MAX},
    )
