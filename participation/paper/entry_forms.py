"""Forms of the entry screen: the code (typed or from a scanner, which types it and presses
Enter) and the hidden facts of a marks form. The marks themselves are check boxes and text
fields named after the sheet's boxes, read by entry_marks.py and entry_survey.py."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from participation.paper import entry_marks, entry_survey
from participation.surveys.builder_forms import strip

CODE_MAX = 40  # a code with spaces or a scanner's extra characters; longer is no code


class CodeForm(FlaskForm):
    """The code of the next sheet."""

    code = StringField(
        _l("Bogen-Code"),
        description=_l("Steht oben auf dem Bogen, zum Beispiel PN-7K3M-9Q2X-4."),
        filters=[strip],
        validators=[
            DataRequired(_l("Bitte geben Sie den Code des Bogens ein.")),
            Length(max=CODE_MAX, message=_l("Das ist kein Bogen-Code.")),
        ],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "autofocus": True,
        },
    )


class MarksForm(FlaskForm):
    """What a marks form carries besides the marks: the sheet's code, the entry screen it came
    from, and the role of the entry it was shown for."""

    code = HiddenField()
    scope = HiddenField()
    role = HiddenField()


def posted_values(is_vote: bool, form) -> dict[str, list[str]]:
    """Return the posted marks as form values, to show the form again as it was sent."""
    if is_vote:
        names = (entry_marks.MARK_FIELD, entry_marks.UNCLEAR_FIELD)
        return {name: [value[:20] for value in form.getlist(name)[:70]] for name in names}
    return entry_survey.posted_values(form)
