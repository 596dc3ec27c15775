"""Forms of two-factor sign-in. Labels and messages are lazy so they follow the language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

CODE_MAX = 40  # a recovery code with spaces and dashes fits easily


def strip(value):
    return value.strip() if isinstance(value, str) else value


APP_HINT = _l("6 Ziffern. Die App zeigt alle 30 Sekunden einen neuen Code.")
EITHER_HINT = _l("6 Ziffern aus der App oder einer Ihrer Wiederherstellungscodes.")
EITHER_LABEL = _l("Code aus der App oder Wiederherstellungscode")


def code_field(label=None, numeric: bool = True, hint=APP_HINT) -> StringField:
    """Return the field for a code from the app (digits) or a recovery code (letters too)."""
    render_kw = {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
    if numeric:
        render_kw["inputmode"] = "numeric"
    return StringField(
        label or _l("Code aus der App"),
        validators=[
            DataRequired(_l("Bitte geben Sie den Code ein.")),
            Length(max=CODE_MAX, message=_l("Der Code ist zu lang.")),
        ],
        filters=[strip],
        description=hint,
        render_kw=render_kw,
    )


def password_field() -> PasswordField:
    """Return the field for the account's current password."""
    return PasswordField(
        _l("Ihr Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr Passwort ein."))],
        render_kw={"autocomplete": "current-password"},
    )


class SetupForm(FlaskForm):
    """Prove that the app holds the new secret by typing its current code."""

    code = code_field()


class SignInCodeForm(FlaskForm):
    """The second step of signing in: a code from the app."""

    code = code_field()


class RecoveryCodeForm(FlaskForm):
    """The second step of signing in: a recovery code instead of the app."""

    code = code_field(
        _l("Wiederherstellungscode"),
        numeric=False,
        hint=_l("10 Buchstaben und Ziffern, zum Beispiel ABCDE-23456."),
    )


class AcknowledgeForm(FlaskForm):
    """Confirm that the recovery codes are written down or printed."""

    saved = BooleanField(
        _l("Ich habe die Wiederherstellungscodes aufgeschrieben oder ausgedruckt."),
        validators=[DataRequired(_l("Bitte bestätigen Sie, dass Sie die Codes aufbewahren."))],
    )


class RenewForm(FlaskForm):
    """Ask for a code before making new recovery codes."""

    code = code_field(EITHER_LABEL, numeric=False, hint=EITHER_HINT)


class DisableForm(FlaskForm):
    """Switch the second factor off: the password and a code prove it is the owner."""

    password = password_field()
    code = code_field(EITHER_LABEL, numeric=False, hint=EITHER_HINT)


class ResetForm(FlaskForm):
    """The admin confirms resetting an account's second factor."""

    checked = BooleanField(
        _l("Ich habe geprüft, dass die Person selbst darum bittet."),
        validators=[DataRequired(_l("Bitte bestätigen Sie, dass Sie das geprüft haben."))],
    )
