"""HTTP conventions of the open data API, shared by its views: JSON bodies with the licence,
pages with their links, ETag and conditional GET, caching, CORS, errors as JSON in the
client's language (Accept-Language, German by default), and the rate limit per address.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from urllib.parse import urlencode

from flask import Response, current_app, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from participation.core.town import current_town
from participation.extensions import db, limiter
from participation.results.api_data import Page
from participation.results.api_params import ApiError

MAX_AGE = 60  # seconds a cache may keep an answer before it asks again (with If-None-Match)
EXPOSED = "ETag, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
MESSAGES = {
    400: _l("Die Anfrage ist ungültig."),
    404: _l("Diese Daten gibt es nicht, oder sie sind nicht öffentlich."),
    405: _l("Die Schnittstelle kann nur lesen: Erlaubt sind GET, HEAD und OPTIONS."),
    500: _l("Ein Fehler ist aufgetreten. Bitte versuchen Sie es später noch einmal."),
}
OTHER = _l("Diese Anfrage ist nicht möglich.")


def api_locale() -> str:
    """Return the client's language from Accept-Language (German when none fits)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(current_app.config["LANGUAGES"], default)


def licence() -> dict:
    """Return the licence of the data and whom to name as its source."""
    config = current_app.config
    return {
        "name": config["DATA_LICENCE_NAME"],
        "url": config["DATA_LICENCE_URL"],
        "attribution": current_town().platform_name,
    }


def rate_limit() -> str:
    """Return the API's rate limit per client address (API_RATE_LIMIT)."""
    return current_app.config.get("API_RATE_LIMIT") or "120 per minute"


def json_response(payload: dict, status: int = 200, licensed: bool = True) -> Response:
    """Return `payload` as JSON with the licence (unless the payload names it itself, as the
    OpenAPI document does); data gets an ETag, and a 304 for a matching If-None-Match."""
    body = json.dumps(
        {**payload, "licence": licence()} if licensed else payload, ensure_ascii=False
    )
    response = Response(body, status=status, mimetype="application/json")
    if status == 200:
        response.cache_control.public = True
        response.cache_control.max_age = MAX_AGE
        response.add_etag()
        response.make_conditional(request)
    else:
        response.cache_control.no_store = True
    return response


def one(data: dict) -> Response:
    """Return one object."""
    return json_response({"data": data})


def page_url(number: int) -> str:
    """Return the address of page `number` of this list, with the same query otherwise (put
    together by hand: a query parameter must never become an argument of url_for)."""
    query = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    base = url_for(request.endpoint, _external=True, **(request.view_args or {}))
    return f"{base}?{urlencode([*query, ('page', number)])}"


def listed(page: Page, shape) -> Response:
    """Return a page of a list with its place in the list and links to the others."""
    links = {
        "self": page_url(page.page),
        "first": page_url(1),
        "last": page_url(page.pages),
        "next": page_url(page.page + 1) if page.page < page.pages else None,
        "prev": page_url(page.page - 1) if page.page > 1 else None,
    }
    meta = {"page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages}
    response = json_response(
        {"data": [shape(item) for item in page.items], "meta": meta, "links": links}
    )
    parts = [f'<{url}>; rel="{rel}"' for rel, url in links.items() if url and rel != "self"]
    response.headers["Link"] = ", ".join(parts)
    return response


def csv_response(chunks: Iterator[str], name: str) -> Response:
    """Return a streamed CSV download."""
    response = Response(in_own_context(chunks), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


def in_own_context(chunks: Iterator[str]) -> Iterator[str]:
    """Yield `chunks` (lazy: they read the database as they go) inside a copy of this
    request's context, entered once the server starts sending. Unlike stream_with_context,
    which enters it at once, nothing stays entered when an answer is never read."""
    app, environ = current_app._get_current_object(), request.environ.copy()

    def generate() -> Iterator[str]:
        with app.request_context(environ):
            yield from chunks

    return generate()


def error_response(status: int, message, parameter: str | None = None) -> Response:
    """Return an error as JSON, its message in the client's language."""
    with force_locale(api_locale()):
        text = str(message)
    payload = {"error": {"status": status, "message": text, "parameter": parameter}}
    response = json_response(payload, status)
    response.headers["Vary"] = "Accept-Language"
    return response


def api_error(error: ApiError) -> Response:
    """Answer a bad parameter, a missing page or a method that would write."""
    response = error_response(error.status, error.message, error.parameter)
    if error.status == 405:
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
    return response


def http_error(error: HTTPException) -> Response:
    """Answer a 404, 405, too many requests and the like as JSON."""
    status = error.code or 500
    if status == 429:
        return too_many_requests()
    if status >= 500:
        db.session.rollback()
    response = error_response(status, MESSAGES.get(status, OTHER))
    if status == 405:
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
    return response


def too_many_requests() -> Response:
    """Answer a client over the rate limit: when to try again, in words and in Retry-After."""
    current = limiter.current_limit
    seconds = max(1, int(current.reset_at - time.time())) if current else 60
    with force_locale(api_locale()):
        message = ngettext(
            "Zu viele Anfragen. Bitte warten Sie %(num)s Sekunde.",
            "Zu viele Anfragen. Bitte warten Sie %(num)s Sekunden.",
            seconds,
        )
    response = error_response(429, message)
    response.headers["Retry-After"] = str(seconds)
    return response


def licence_header(response: Response) -> Response:
    """Name the licence of the data in the Link header (after the links already there)."""
    licence_link = f'<{current_app.config["DATA_LICENCE_URL"]}>; rel="license"'
    existing = response.headers.get("Link")
    response.headers["Link"] = f"{existing}, {licence_link}" if existing else licence_link
    return response


def open_data_headers(response: Response) -> Response:
    """Name the licence, allow every origin to read (open data) and say which headers a
    script may read."""
    licence_header(response)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match, Accept-Language"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
