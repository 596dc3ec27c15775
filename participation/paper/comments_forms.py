"""The form staff fill in from a comment handed in on paper: the text as written, whether the
writer agreed to show their name (the paper decides, not staff), the name, and that the text
was taken over as written."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.comments.forms import validate_body
from participation.comments.rules import normalize_text
from participation.core.forms import SubmissionKeyField
from participation.paper.comments import Letter
from participation.paper.ideas_forms import NAME_MAX, check_consented_name
from participation.proposals.forms import strip


class PaperCommentForm(FlaskForm):
    """One comment from paper, typed in by staff."""

    submission_key = SubmissionKeyField()
    body = TextAreaField(
        _l("Text des Kommentars"),
        description=_l("Wort für Wort wie auf dem Papier. Höchstens 5.000 Zeichen."),
        filters=[normalize_text],
        validators=[validate_body],
        render_kw={"rows": 10, "autofocus": True},
    )
    name_published = BooleanField(
        _l("Name darf veröffentlicht werden"),
        description=_l(
            "Nur wenn die Person auf dem Papier zugestimmt hat, dass ihr Name erscheint."
        ),
    )
    author_name = StringField(
        _l("Name"),
        description=_l("Wie auf dem Papier. Nur mit Kreuz bei der Zustimmung."),
        filters=[strip],
        validators=[
            Length(max=NAME_MAX, message=_l("Der Name darf höchstens 80 Zeichen lang sein."))
        ],
        render_kw={"autocomplete": "off"},
    )
    verbatim = BooleanField(
        _l("Ich habe den Text so übernommen, wie er auf dem Papier steht."),
        validators=[
            DataRequired(
                _l("Bitte bestätigen Sie, dass Sie den Text unverändert übernommen haben.")
            )
        ],
    )

    def validate_author_name(self, field) -> None:
        """A name with the consent box ticked, none without: the paper decides."""
        check_consented_name(
            field.data,
            self.name_published.data,
            missing=_l("Bitte geben Sie den Namen ein, der auf dem Papier steht."),
            unconsented=_l(
                "Ohne Kreuz bei „Name darf veröffentlicht werden“ veröffentlichen wir keinen Namen. Lassen Sie das Feld leer, oder setzen Sie das Kreuz, wenn die Person zugestimmt hat."
            ),
        )

    def letter(self) -> Letter:
        """Return what the form says about the paper."""
        name = self.author_name.data if self.name_published.data else None
        return Letter(
            body=self.body.data,
            author_name=name or None,
            submission_key=self.submission_key.data,
        )
