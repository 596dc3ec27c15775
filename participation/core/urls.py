"""URL helpers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, url_for
from werkzeug.routing import IntegerConverter


def safe_next(target: str | None, fallback: str = "core.index") -> str:
    """Return `target` if it is a path on this site, else the URL of `fallback`."""
    if target and is_local_path(target):
        return target
    return url_for(fallback)


def is_local_path(target: str) -> bool:
    """Whether `target` is a path on this site (no scheme, no host, no protocol-relative form)."""
    try:
        parts = urlsplit(target)
    except ValueError:  # brackets urlsplit takes for a broken IPv6 address, as in "//[x"
        return False
    return (
        not parts.scheme
        and not parts.netloc
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(char) < 0x20 or ord(char) == 0x7F for char in target)
    )


def current_path() -> str:
    """Return this request's path with its query string, for a `next` parameter."""
    return request.full_path.rstrip("?")


class DatabaseId(IntegerConverter):
    """`<int:…>` in every route: ids from 0 to the largest value an INTEGER column holds, so
    an absurdly long number is a 404 instead of an overflow in the database driver."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


MAX_ID = 2**31 - 1


def init_app(app) -> None:
    """Bound `<int:…>` route parts before any blueprint adds its routes."""
    app.url_map.converters["int"] = DatabaseId
