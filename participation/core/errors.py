"""Error pages in the visitor's language for 400, 403, 404, 405, 413, 429 and 500."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from participation.core import rate_limits
from participation.extensions import db

MESSAGES = {
    400: (
        _l("Die Anfrage ist ungültig"),
        _l("Wir konnten Ihre Anfrage nicht bearbeiten. Bitte prüfen Sie Ihre Eingaben."),
    ),
    403: (
        _l("Kein Zugriff"),
        _l("Sie haben keine Berechtigung für diese Seite."),
    ),
    404: (
        _l("Seite nicht gefunden"),
        _l("Diese Seite gibt es nicht. Vielleicht ist der Link veraltet oder falsch geschrieben."),
    ),
    405: (
        _l("Aktion nicht möglich"),
        _l("Diese Aktion ist auf dieser Seite nicht möglich."),
    ),
    413: (
        _l("Die Daten sind zu groß"),
        _l("Sie haben zu viele oder zu große Daten gesendet. Bitte verkleinern Sie Ihre Dateien."),
    ),
    429: (
        _l("Zu viele Versuche"),
        _l("Sie haben es zu oft in kurzer Zeit versucht. Bitte warten Sie einige Minuten."),
    ),
    500: (
        _l("Ein Fehler ist aufgetreten"),
        _l("Das hätte nicht passieren dürfen. Bitte versuchen Sie es später noch einmal."),
    ),
}
CSRF_MESSAGE = _l(
    "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und senden Sie es noch einmal."
)


def render_error(code: int, message=None):
    """Render the error page for `code` with an optional more specific message."""
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    body = render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    )
    return body, code


def handle_http_error(error: HTTPException):
    """Show a known HTTP error in the visitor's language."""
    if error.code not in MESSAGES:
        return error
    if error.code == 429:
        return too_many_requests(error)
    return render_error(error.code)


def too_many_requests(error: HTTPException):
    """Say when to try again, in words and in Retry-After (a throttle's own wait, or that of
    the limit Flask-Limiter applied, whichever is later)."""
    explicit = getattr(error, "retry_after", None)
    wait = rate_limits.request_wait(explicit if isinstance(explicit, int) else None)
    if wait is None:
        return render_error(429)
    body, code = render_error(429, rate_limits.try_again_message(wait))
    return body, code, {"Retry-After": str(wait)}


def handle_csrf_error(error: CSRFError):
    """Explain an expired or missing form token."""
    return render_error(400, CSRF_MESSAGE)


def handle_server_error(error: Exception):
    """Roll back the failed transaction and show the 500 page."""
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)


class Refusal(Exception):
    """A step a service refuses; `reason` is a key of the subclass's `reasons` (reason →
    lazy message), `message` the reason in the visitor's language."""

    reasons: dict = {}

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        """Return the reason in words, in the visitor's language."""
        return str(self.reasons[self.reason])
