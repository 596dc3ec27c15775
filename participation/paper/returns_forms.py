"""The form of "Rücklauf erfassen": the codes of returned sheets, one per line, as staff type
them or a scanner enters them. Labels and messages are lazy (visitor's language)."""

from __future__ import annotations

from flask_babel import LazyString, format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from participation.core.town import current_town
from participation.paper.returns import MAX_CODES

# Generous for MAX_CODES codes typed with spaces; more is pasted by mistake.
MAX_TEXT = MAX_CODES * 60


class ReturnsForm(FlaskForm):
    """The codes of the sheets that came back, one per line."""

    codes = TextAreaField(
        _l("Codes der zurückgegebenen Bögen"),
        validators=[
            Length(
                max=MAX_TEXT,
                message=_l(
                    "Das ist zu viel Text. Bitte geben Sie höchstens %(max)s Codes auf einmal ein.",
                    max=LazyString(format_decimal, MAX_CODES),
                ),
            )
        ],
        render_kw={
            "rows": 12,
            "autocomplete": "off",
            "spellcheck": "false",
            "autocapitalize": "characters",
        },
    )

    def __init__(self, *args, **kwargs):
        """Show an example code with the town's prefix and the limit."""
        super().__init__(*args, **kwargs)
        example = f"{current_town().sheet_prefix}-7K3M-9Q2X-4"
        self.codes.description = _l(
            "Ein Code pro Zeile, zum Beispiel %(example)s. Ein Scanner, der nach jedem Code "
            "die Eingabetaste drückt, funktioniert auch. Höchstens %(max)s Codes auf einmal.",
            example=example,
            max=LazyString(format_decimal, MAX_CODES),
        )

    def lines(self) -> list[str]:
        """Return what was typed, line by line."""
        return (self.codes.data or "").splitlines()

    def keep(self, lines: list[str], message) -> None:
        """Put `lines` back in the field, marked with `message`, to correct and send again."""
        self.codes.data = "\n".join(lines)
        self.codes.errors = [*self.codes.errors, message]

    def focus(self) -> None:
        """Put the cursor in the field when the page opens, ready for the scanner."""
        self.codes.render_kw = {**self.codes.render_kw, "autofocus": True}
