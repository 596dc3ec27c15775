"""Forms of the publication: the draft (statement, decision, its date), a document to attach,
and a correction after publication."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from participation.results.implementation_forms import check_date, date_field
from participation.surveys.builder_forms import strip

STATEMENT_MAX = 20_000
DECISION_MAX = 300
NOTE_MAX = 2_000
TITLE_MAX = 200


def decision_date_field():
    """Return the optional date of the decision, typed as text (DD.MM.YYYY)."""
    return date_field(_l("Datum des Beschlusses"), _l("Tag.Monat.Jahr, zum Beispiel 28.11.2026."))


class DraftForm(FlaskForm):
    """The council's statement and the decision it relates to."""

    statement = TextAreaField(
        _l("Erklärung des Stadtrats"),
        description=_l(
            "Was bedeutet das Ergebnis, und was geschieht jetzt? Sie können Markdown nutzen, "
            "zum Beispiel **fett** oder Listen mit -. Nötig zum Veröffentlichen."
        ),
        filters=[strip],
        validators=[Length(max=STATEMENT_MAX, message=_l("Höchstens 20.000 Zeichen."))],
    )
    decision = StringField(
        _l("Beschluss"),
        description=_l("Zum Beispiel: Beschluss des Stadtrats Nr. 45/2026"),
        filters=[strip],
        validators=[Length(max=DECISION_MAX, message=_l("Höchstens 300 Zeichen."))],
    )
    decision_date = decision_date_field()

    def validate_decision_date(self, field) -> None:
        """Refuse dates outside any sensible range."""
        check_date(field)


class DocumentForm(FlaskForm):
    """A PDF to attach (its content is checked by the service)."""

    title = StringField(
        _l("Titel des Dokuments"),
        description=_l("Zum Beispiel: Niederschrift der Sitzung vom 12.11.2026"),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte geben Sie einen Titel ein.")),
            Length(max=TITLE_MAX, message=_l("Höchstens 200 Zeichen.")),
        ],
    )
    document = FileField(
        _l("PDF-Datei"),
        description=_l("Nur PDF, höchstens %(size)s MB.", size=20),
        render_kw={"accept": "application/pdf"},
    )


class CorrectionForm(FlaskForm):
    """A dated note that changes a published result."""

    note = TextAreaField(
        _l("Was wird korrigiert und warum?"),
        description=_l("Die Notiz steht mit Datum auf der Ergebnisseite."),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte schreiben Sie, was korrigiert wird und warum.")),
            Length(max=NOTE_MAX, message=_l("Höchstens 2.000 Zeichen.")),
        ],
    )
    statement = TextAreaField(
        _l("Erklärung des Stadtrats"),
        filters=[strip],
        validators=[Length(max=STATEMENT_MAX, message=_l("Höchstens 20.000 Zeichen."))],
    )
    decision = StringField(
        _l("Beschluss"),
        filters=[strip],
        validators=[Length(max=DECISION_MAX, message=_l("Höchstens 300 Zeichen."))],
    )
    decision_date = decision_date_field()
    refresh = BooleanField(_l("Die Zahlen neu übernehmen (zum Beispiel nach nachgezählten Bögen)"))

    def validate_decision_date(self, field) -> None:
        """Refuse dates outside any sensible range."""
        check_date(field)
