"""Account forms. Labels and messages are lazy so they follow the visitor's language."""

from __future__ import annotations

import unicodedata
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import TextInput

from participation.accounts.passwords import password_problems
from participation.accounts.roles import GRANTED_ROLES
from participation.core import audit

EMAIL_MAX = 254
NAME_MIN, NAME_MAX = 2, 50


EMAIL_LABEL = _l("E-Mail-Adresse")
NEW_PASSWORD_LABEL = _l("Neues Passwort")


def strip(value):
    """Remove surrounding blanks (pasted or auto-filled text often has them)."""
    return value.strip() if isinstance(value, str) else value


def email_field(label=EMAIL_LABEL) -> EmailField:
    """Return a required email field with a translated message."""
    return EmailField(
        label,
        validators=[
            DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse ein.")),
            Length(max=EMAIL_MAX, message=_l("Die E-Mail-Adresse ist zu lang.")),
            Email(_l("Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.")),
        ],
        filters=[strip],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def display_name_field() -> StringField:
    """Return the display-name field."""
    return StringField(
        _l("Anzeigename"),
        description=_l("So erscheinen Sie bei Ihren Beiträgen. Sie können auch ein Kürzel wählen."),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Anzeigenamen ein.")),
            Length(
                min=NAME_MIN,
                max=NAME_MAX,
                message=_l("Der Anzeigename muss 2 bis 50 Zeichen lang sein."),
            ),
        ],
        filters=[strip],
        render_kw={"autocomplete": "nickname"},
    )


def validate_printable(form, field) -> None:
    """Refuse control characters in names."""
    if any(unicodedata.category(char).startswith("C") for char in field.data or ""):
        raise ValidationError(_l("Der Anzeigename enthält unzulässige Zeichen."))


def new_password_field(label=NEW_PASSWORD_LABEL) -> PasswordField:
    """Return a field for a new password."""
    return PasswordField(
        label,
        validators=[DataRequired(_l("Bitte geben Sie ein Passwort ein."))],
        render_kw={"autocomplete": "new-password"},
    )


class NewPasswordMixin:
    """A new password, typed twice, checked against the password rules."""

    password = new_password_field()
    password_confirm = PasswordField(
        _l("Passwort wiederholen"),
        validators=[
            DataRequired(_l("Bitte wiederholen Sie das Passwort.")),
            EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    personal: tuple[str, ...] = ()

    def personal_words(self) -> list[str]:
        """Return words the password must not contain (name, address)."""
        return list(self.personal)

    def forbid_personal_words(self, user) -> None:
        """Refuse passwords that contain the account's name or the start of its address."""
        self.personal = (user.display_name, user.email.split("@")[0])

    def describe_password_rules(self) -> None:
        """Tell the user the rules next to the field (the minimum length is a setting)."""
        self.password.description = _(
            "Mindestens %(n)d Zeichen. Gut zu merken und sicher: mehrere Wörter als Satz.",
            n=current_app.config["PASSWORD_MIN_LENGTH"],
        )

    def validate_password(self, field) -> None:
        """Apply the password rules."""
        problems = password_problems(field.data or "", *self.personal_words())
        if problems:
            raise ValidationError(problems[0])


class SignUpForm(NewPasswordMixin, FlaskForm):
    """Create an account."""

    email = email_field()
    display_name = display_name_field()
    password = new_password_field(_l("Passwort"))

    def personal_words(self) -> list[str]:
        """The name and the part of the address before the @."""
        return [self.display_name.data or "", (self.email.data or "").split("@")[0]]

    def validate_display_name(self, field) -> None:
        """Refuse control characters."""
        validate_printable(self, field)


class SignInForm(FlaskForm):
    """Sign in with address and password."""

    email = email_field()
    password = PasswordField(
        _l("Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr Passwort ein."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Angemeldet bleiben (nur auf Ihrem eigenen Gerät)"))


class EmailOnlyForm(FlaskForm):
    """Ask for an address (password reset, new confirmation link)."""

    email = email_field()


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    """Choose a new password through a reset link."""


class ProfileForm(FlaskForm):
    """Change display name and language."""

    display_name = display_name_field()
    locale = SelectField(
        _l("Sprache"),
        choices=[
            SelectChoice("de", "Deutsch", render_kw={"lang": "de"}),
            SelectChoice("en", "English", render_kw={"lang": "en"}),
        ],
    )

    def validate_display_name(self, field) -> None:
        """Refuse control characters."""
        validate_printable(self, field)


class EmailChangeForm(FlaskForm):
    """Change the email address; the new one must be confirmed."""

    new_email = email_field(_l("Neue E-Mail-Adresse"))
    current_password = PasswordField(
        _l("Ihr aktuelles Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr aktuelles Passwort ein."))],
        render_kw={"autocomplete": "current-password"},
    )


class PasswordChangeForm(NewPasswordMixin, FlaskForm):
    """Change the password, knowing the current one."""

    current_password = PasswordField(
        _l("Ihr aktuelles Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr aktuelles Passwort ein."))],
        render_kw={"autocomplete": "current-password"},
    )


class RolesForm(FlaskForm):
    """Pick the roles an account holds (resident is implied for everyone; "verified" is given
    only by the Bürgerbüro, so it is not offered)."""

    roles = SelectMultipleField(
        _l("Rollen"),
        choices=[SelectChoice(role.value) for role in GRANTED_ROLES],
        validate_choice=True,
    )


AUDIT_ACTOR_MAX = 254
AUDIT_DAY_MIN, AUDIT_DAY_MAX = date(2000, 1, 1), date(2999, 12, 31)
AUDIT_ID_MAX = 2_147_483_647  # the largest value the target_id column holds
AUDIT_ID_RANGE = _l("Diese Nummer gibt es nicht. Bitte prüfen Sie die Nummer.")


def audit_day_field(label, **kwargs) -> DateField:
    """Return an optional date filter, read as YYYY-MM-DD (date input) or DD.MM.YYYY (typed)."""
    return DateField(
        label,
        format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[Optional()],
        invalid_value_message=_l("Bitte geben Sie ein Datum ein, zum Beispiel 31.12.2025."),
        render_kw={"min": AUDIT_DAY_MIN.isoformat(), "max": AUDIT_DAY_MAX.isoformat()},
        **kwargs,
    )


def validate_audit_day(field) -> None:
    """Refuse dates far outside the log's lifetime (they could not be turned into times)."""
    if field.data and not AUDIT_DAY_MIN <= field.data <= AUDIT_DAY_MAX:
        raise ValidationError(_l("Bitte geben Sie ein Datum zwischen 2000 und 2999 ein."))


class AuditIdField(IntegerField):
    """A record number typed as text (inputmode numeric), with our own messages."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        """Read the number: ASCII digits only, and short enough to be a record number."""
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not text:
            return
        if not (text.isascii() and text.isdigit()):
            raise ValueError(_l("Bitte geben Sie nur Ziffern ein, zum Beispiel 42."))
        digits = text.lstrip("0") or "0"
        if len(digits) > len(str(AUDIT_ID_MAX)):
            raise ValueError(AUDIT_ID_RANGE)
        self.data = int(digits)


class AuditFilterForm(FlaskForm):
    """Filter the audit log (a GET form: no CSRF token, nothing is changed)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Handlung"), validate_choice=False)
    target_type = SelectField(_l("Betrifft"), validate_choice=False)
    target_id = AuditIdField(
        _l("Nummer"),
        description=_l("Die Nummer aus der Spalte „Betrifft“, zum Beispiel 42."),
        validators=[
            Optional(),
            NumberRange(1, AUDIT_ID_MAX, AUDIT_ID_RANGE),
        ],
        render_kw={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"},
    )
    actor = StringField(
        _l("Person"),
        description=_l("Name oder E-Mail-Adresse. Ein Teil davon genügt."),
        validators=[
            Length(max=AUDIT_ACTOR_MAX, message=_l("Bitte geben Sie höchstens 254 Zeichen ein."))
        ],
        filters=[strip],
        render_kw={"spellcheck": "false", "autocomplete": "off"},
    )
    date_from = audit_day_field(_l("Datum von"))
    date_to = audit_day_field(_l("Datum bis"), description=_l("Dieser Tag zählt mit."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("Alle Handlungen")), *audit.action_choices()]
        self.target_type.choices = [("", _l("Alles")), *audit.target_type_choices()]

    def validate_action(self, field) -> None:
        """Only registered actions."""
        if field.data and field.data not in audit.ACTION_LABELS:
            raise ValidationError(_l("Bitte wählen Sie eine Handlung aus der Liste."))

    def validate_target_type(self, field) -> None:
        """Only registered kinds of record."""
        if field.data and field.data not in audit.TARGET_TYPE_LABELS:
            raise ValidationError(_l("Bitte wählen Sie aus der Liste."))

    def validate_date_from(self, field) -> None:
        """Only plausible dates."""
        validate_audit_day(field)

    def validate_date_to(self, field) -> None:
        """Only plausible dates, and the period must not end before it starts."""
        validate_audit_day(field)
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(
                _l("„Datum bis“ liegt vor „Datum von“. Bitte prüfen Sie beide Daten.")
            )

    def filters(self) -> audit.AuditFilters:
        """Return the validated filters (call after validate())."""
        return audit.AuditFilters(
            action=self.action.data or None,
            target_type=self.target_type.data or None,
            actor=self.actor.data or "",
            date_from=self.date_from.data,
            date_to=self.date_to.data,
            target_id=self.target_id.data,
        )
