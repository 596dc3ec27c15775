"""The form staff fill in from a paper idea card: its code, what the author wrote and ticked,
whether the author agreed to show their name (the card decides, not staff), and that the text
was taken over as written."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from participation.core.forms import SubmissionKeyField
from participation.core.town import current_town
from participation.paper.entry_forms import CODE_MAX
from participation.paper.ideas import Card
from participation.proposals.forms import BODY_MAX, TITLE_MAX, strip

NAME_MAX = 80  # proposals.paper_author_name
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class IdeaCardForm(FlaskForm):
    """One idea card, typed in by staff."""

    submission_key = SubmissionKeyField()
    code = StringField(
        _l("Code der Karte"),
        description=_l("Steht oben auf der Karte, zum Beispiel PN-7K3M-9Q2X-4."),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte geben Sie den Code der Karte ein.")),
            Length(max=CODE_MAX, message=_l("Das ist kein Bogen-Code.")),
        ],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "autofocus": True,
        },
    )
    title = StringField(
        _l("Titel"),
        description=_l(
            "Wie auf der Karte. Fehlt der Titel, fassen Sie die Idee in wenigen Worten zusammen."
        ),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte geben Sie den Titel ein.")),
            Length(max=TITLE_MAX, message=_l("Der Titel darf höchstens 150 Zeichen lang sein.")),
        ],
    )
    body = TextAreaField(
        _l("Text der Idee"),
        description=_l("Wort für Wort wie auf der Karte. Höchstens 10.000 Zeichen."),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte geben Sie den Text der Idee ein.")),
            Length(max=BODY_MAX, message=_l("Der Text darf höchstens 10.000 Zeichen lang sein.")),
        ],
        render_kw={"rows": 10},
    )
    category = SelectField(
        _l("Themenbereich"),
        description=_l(
            "Wie auf der Karte angekreuzt. Ist nichts angekreuzt, wählen Sie das passende Thema."
        ),
        validate_choice=False,
    )
    district = SelectField(_l("Ortsteil"), validate_choice=False)
    name_published = BooleanField(
        _l("Name darf veröffentlicht werden"),
        description=_l(
            "Nur wenn auf der Karte „Mein Name darf veröffentlicht werden“ angekreuzt ist."
        ),
    )
    author_name = StringField(
        _l("Name"),
        description=_l("Wie auf der Karte. Nur mit Kreuz bei der Zustimmung."),
        filters=[strip],
        validators=[
            Length(max=NAME_MAX, message=_l("Der Name darf höchstens 80 Zeichen lang sein."))
        ],
        render_kw={"autocomplete": "off"},
    )
    verbatim = BooleanField(
        _l("Ich habe den Text so übernommen, wie er auf der Karte steht."),
        validators=[
            DataRequired(
                _l("Bitte bestätigen Sie, dass Sie den Text unverändert übernommen haben.")
            )
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        town = current_town()
        self.category.choices = [("", _l("Bitte wählen"))] + [(c, c) for c in town.categories]
        self.district.choices = [("", _l("Kein bestimmter Ortsteil"))] + [
            (d, d) for d in town.districts
        ]

    def validate_category(self, field) -> None:
        """Only the town's categories."""
        if field.data not in current_town().categories:
            raise ValidationError(_l("Bitte wählen Sie einen Themenbereich."))

    def validate_district(self, field) -> None:
        """Only the town's districts, or none."""
        if field.data and field.data not in current_town().districts:
            raise ValidationError(_l("Bitte wählen Sie einen Ortsteil aus der Liste."))

    def validate_author_name(self, field) -> None:
        """A name with the consent box ticked, none without: the card decides."""
        check_consented_name(
            field.data,
            self.name_published.data,
            missing=_l("Bitte geben Sie den Namen von der Karte ein."),
            unconsented=_l(
                "Ohne Kreuz bei „Name darf veröffentlicht werden“ veröffentlichen wir keinen Namen. Lassen Sie das Feld leer, oder setzen Sie das Kreuz, wenn es auf der Karte steht."
            ),
        )

    def card(self) -> Card:
        """Return what the form says about the card."""
        fields = {
            "title": self.title.data,
            "body": self.body.data,
            "category": self.category.data,
            "district": self.district.data,
            "submission_key": self.submission_key.data,
        }
        name = self.author_name.data if self.name_published.data else None
        return Card(code=self.code.data, fields=fields, author_name=name or None)


def check_consented_name(name: str | None, published: bool, *, missing, unconsented) -> None:
    """Refuse a missing name when publishing was agreed, a name when it was not, and control
    characters (`missing` and `unconsented` say it for the paper at hand)."""
    if published and not name:
        raise ValidationError(missing)
    if name and not published:
        raise ValidationError(unconsented)
    if CONTROL.search(name or ""):
        raise ValidationError(_l("Der Name enthält ein Zeichen, das hier nicht geht."))
