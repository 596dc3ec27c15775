"""Guests (no account) answer a survey once per browser: a signed cookie lists the surveys
this browser has answered. A soft limit: another browser or a deleted cookie answers again,
and the pages say so."""

from __future__ import annotations

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "surveys_answered"
PURPOSE = "survey-guest-responses"
MAX_AGE = 365 * 24 * 3600  # about a year: longer than any survey runs
KEEP = 200  # the newest surveys answered; keeps the cookie small


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=PURPOSE)


def answered_ids() -> list[int]:
    """Return the ids of the surveys this browser has answered (none if the cookie is forged)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        ids = _serializer().loads(raw)
    except BadSignature:
        return []
    if not isinstance(ids, list):
        return []
    return [value for value in ids if isinstance(value, int)]


def has_answered(survey_id: int) -> bool:
    """Whether this browser has already sent a response to the survey."""
    return survey_id in answered_ids()


def remember(response, survey_id: int):
    """Add the survey to the browser's cookie on `response` (a Flask response)."""
    ids = [value for value in answered_ids() if value != survey_id] + [survey_id]
    response.set_cookie(
        COOKIE,
        _serializer().dumps(ids[-KEEP:]),
        max_age=MAX_AGE,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        httponly=True,
        samesite="Lax",
    )
    return response
