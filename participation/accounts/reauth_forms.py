"""Forms of the confirm page before sensitive acts. Labels and messages are lazy."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

CODE_MAX = 40  # a recovery code with spaces and dashes fits easily


def strip(value):
    """Remove surrounding blanks (pasted codes often have them)."""
    return value.strip() if isinstance(value, str) else value


class ReauthForm(FlaskForm):
    """Confirm it is the account's owner: the password."""

    password = PasswordField(
        _l("Ihr Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr Passwort ein."))],
        render_kw={"autocomplete": "current-password"},
    )


class ReauthCodeForm(ReauthForm):
    """Confirm it is the account's owner: the password and a code (two-factor sign-in)."""

    code = StringField(
        _l("Code aus der App oder Wiederherstellungscode"),
        validators=[
            DataRequired(_l("Bitte geben Sie den Code ein.")),
            Length(max=CODE_MAX, message=_l("Der Code ist zu lang.")),
        ],
        filters=[strip],
        description=_l("6 Ziffern aus der App oder einer Ihrer Wiederherstellungscodes."),
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"},
    )
