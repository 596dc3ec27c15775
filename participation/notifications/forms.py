"""The notification settings form: one choice per kind the person can switch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from participation.notifications.models import Choice

CHOICE_LABELS = {
    Choice.IMMEDIATELY: _l("Sofort per E-Mail"),
    Choice.DAILY: _l("Einmal am Tag in einer Sammel-E-Mail"),
    Choice.OFF: _l("Keine E-Mail, nur hier in der Plattform"),
}


class ChoiceField(RadioField):
    """A radio group that, when the form is sent without it, shows nothing chosen next to its
    error, instead of the preset that was not sent."""

    def process_formdata(self, valuelist):
        if not valuelist:
            self.data = None
            return
        super().process_formdata(valuelist)


def settings_form(kinds_shown, current: dict[str, Choice]):
    """Return a form with one radio group per kind, preset to the person's choices."""

    class SettingsForm(FlaskForm):
        pass

    for kind in kinds_shown:
        field = ChoiceField(
            kind.label,
            choices=[SelectChoice(c.value, label) for c, label in CHOICE_LABELS.items()],
            validators=[InputRequired(_l("Bitte wählen Sie aus."))],
            default=current.get(kind.name, kind.default).value,
        )
        setattr(SettingsForm, field_name(kind.name), field)
    return SettingsForm()


def field_name(kind_name: str) -> str:
    """Return the form field name for a kind ("proposal.comment" → "proposal_comment")."""
    return kind_name.replace(".", "_")
