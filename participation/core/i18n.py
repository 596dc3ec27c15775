"""Language choice: the account's preference, else the guest's session, else German."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user
from jinja2 import pass_context

from participation.extensions import babel

SESSION_KEY = "lang"


def supported_languages() -> dict[str, str]:
    """Return the configured languages as {code: name in that language}."""
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    """Pick the language for this request (outside one, in a command or job: the default)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = supported_languages()
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(code: str) -> bool:
    """Store the chosen language for this visitor (session); False if unsupported."""
    if code not in supported_languages():
        return False
    session[SESSION_KEY] = code
    if not current_user.is_authenticated:
        # A guest's choice outlives the browser session; a signed-in session must not,
        # or "remember me" would be switched on behind the person's back.
        session.permanent = True
    return True


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and expose formatting helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        current_locale=lambda: str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
        languages=supported_languages,
    )
    app.jinja_env.filters.update(
        date=per_render(format_date),
        datetime=per_render(lambda value, fmt="medium": format_datetime(value, fmt)),
        number=per_render(format_decimal),
    )


def per_render(format_value):
    """Return the formatter as a filter Jinja runs at render time: a filter without context
    would be run once when a template is compiled if its argument is a constant, and so keep
    the language of that moment."""

    @pass_context
    def formatted(_context, value, *args, **kwargs):
        return format_value(value, *args, **kwargs)

    return formatted
