"""Moderation forms: report, decide, decide in bulk, appeal. Labels are lazy (visitor's language)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from participation.comments.rules import normalize_text
from participation.moderation import appeals, decisions, reports
from participation.moderation.labels import ACTION_LABELS, REASON_LABELS
from participation.moderation.models import Action, Reason

REASON_CHOICES = [SelectChoice(reason.value, label) for reason, label in REASON_LABELS.items()]
SUSPENSION_CHOICES = [
    SelectChoice("1", _l("1 Tag")),
    SelectChoice("7", _l("7 Tage")),
    SelectChoice("30", _l("30 Tage")),
    SelectChoice("90", _l("90 Tage")),
    SelectChoice("0", _l("Unbefristet, bis die Moderation die Sperre aufhebt")),
]
BULK_ACTIONS = [
    SelectChoice(Action.DISMISS.value, _l("Meldungen zurückweisen")),
    SelectChoice(Action.HIDE.value, _l("Als Werbung oder Spam ausblenden")),
    SelectChoice("hide_suspend", _l("Als Spam ausblenden und die Konten unbefristet sperren")),
]


class ReportForm(FlaskForm):
    """Report a proposal, a comment or a person."""

    reason = RadioField(
        _l("Warum melden Sie das?"),
        choices=REASON_CHOICES,
        validators=[InputRequired(_l("Bitte wählen Sie einen Grund."))],
    )
    note = TextAreaField(
        _l("Hinweis für die Moderation"),
        description=_l("Zum Beispiel: Was genau ist das Problem? Höchstens 1.000 Zeichen."),
        filters=[normalize_text],
        validators=[Optional(), Length(max=reports.NOTE_MAX, message=reports.NOTE_TOO_LONG)],
        render_kw={"maxlength": reports.NOTE_MAX, "rows": 4},
    )


class DecisionForm(FlaskForm):
    """Decide on one item: action, reason, explanation and, for a suspension, its length."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    action = RadioField(
        _l("Entscheidung"), validators=[InputRequired(_l("Bitte wählen Sie eine Entscheidung."))]
    )
    reason = SelectField(
        _l("Grund"),
        description=_l("Nötig zum Ausblenden, Schließen, Verwarnen und Sperren."),
        choices=[SelectChoice("", _l("– bitte wählen –")), *REASON_CHOICES],
        default="",
    )
    statement = TextAreaField(
        _l("Begründung für die betroffene Person"),
        description=_l(
            "Die Person liest diesen Text in der Nachricht über die Entscheidung. Schreiben Sie sachlich und verständlich. Höchstens 2.000 Zeichen."
        ),
        filters=[normalize_text],
        validators=[Length(max=decisions.STATEMENT_MAX, message=decisions.STATEMENT_TOO_LONG)],
        render_kw={"maxlength": decisions.STATEMENT_MAX, "rows": 4},
    )
    suspend_days = SelectField(
        _l("Dauer der Sperre"),
        description=_l("Nur für „Konto sperren“."),
        choices=SUSPENSION_CHOICES,
        default="7",
    )

    def validate_reason(self, field) -> None:
        """Hiding, closing, warning and suspending need a reason."""
        if self.action.data in {a.value for a in decisions.NEEDS_REASON} and not field.data:
            raise ValidationError(decisions.REASON_NEEDED)

    def validate_statement(self, field) -> None:
        """ "Other reason" needs a few words of explanation."""
        if self.reason.data == Reason.OTHER.value and not field.data:
            raise ValidationError(decisions.STATEMENT_NEEDED)

    def offer(self, actions: list[Action]) -> None:
        """Offer only the actions possible now."""
        self.action.choices = [SelectChoice(a.value, ACTION_LABELS[a]) for a in actions]

    def choice(self) -> decisions.Choice:
        """Return what the moderator chose."""
        days = int(self.suspend_days.data or 0)
        return decisions.Choice(
            action=Action(self.action.data),
            version=self.version.data,
            reason=Reason(self.reason.data) if self.reason.data else None,
            statement=self.statement.data,
            suspend_days=days or None,
        )


class BulkForm(FlaskForm):
    """Decide on many items at once (spam waves)."""

    bulk_action = SelectField(_l("Für alle ausgewählten Einträge"), choices=BULK_ACTIONS)
    page = HiddenField()


class AppealForm(FlaskForm):
    """Object to a decision."""

    text = TextAreaField(
        _l("Ihr Widerspruch"),
        description=_l(
            "Schreiben Sie, warum die Entscheidung aus Ihrer Sicht falsch ist. Höchstens 2.000 Zeichen."
        ),
        filters=[normalize_text],
        validators=[
            DataRequired(appeals.TEXT_NEEDED),
            Length(max=appeals.TEXT_MAX, message=appeals.TEXT_TOO_LONG),
        ],
        render_kw={"maxlength": appeals.TEXT_MAX, "rows": 6},
    )
