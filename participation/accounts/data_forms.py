"""Forms of the page "Meine Daten": download the export, delete the account. The page asks for
the password (and the code, with two-factor sign-in) before it opens (`reauth`), so a browser
left signed in is not enough to take or delete the data."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired

KEEP, REMOVE = "keep", "remove"


class ExportForm(FlaskForm):
    """Download everything stored about the account (the button alone)."""


class DeleteForm(FlaskForm):
    """Delete the account, keeping or removing what the person wrote."""

    contributions = RadioField(
        _l("Was soll mit Ihren Vorschlägen und Kommentaren geschehen?"),
        choices=[
            SelectChoice(KEEP, _l("Stehen lassen. Als Verfasser steht dann „Gelöschtes Konto“.")),
            SelectChoice(REMOVE, _l("Ebenfalls löschen. Die Texte werden entfernt.")),
        ],
        default=KEEP,
        validators=[InputRequired(_l("Bitte wählen Sie, was mit Ihren Beiträgen geschehen soll."))],
    )
    confirm = BooleanField(
        _l("Ja, ich möchte mein Konto endgültig löschen."),
        description=_l("Das lässt sich nicht rückgängig machen."),
        validators=[DataRequired(_l("Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten."))],
    )

    @property
    def remove_contributions(self) -> bool:
        """Whether the person wants their proposals and comments removed too."""
        return self.contributions.data == REMOVE
