"""Limits every comment obeys, shared by the forms and the services."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import format_decimal
from flask_babel import gettext as _

MAX_BODY = 5_000
REASON_MAX = 500
EDIT_WINDOW = timedelta(minutes=15)


def normalize_text(value):
    """Use one kind of line break (browsers send CRLF) and drop blanks around the text."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def body_problem(body: str) -> str | None:
    """Return why `body` cannot be posted, or None when it is fine."""
    if not body.strip():
        return _("Bitte schreiben Sie einen Text.")
    if len(body) > MAX_BODY:
        return _(
            "Ihr Text ist zu lang: %(count)s Zeichen. Erlaubt sind höchstens %(max)s Zeichen.",
            count=format_decimal(len(body)),
            max=format_decimal(MAX_BODY),
        )
    return None
