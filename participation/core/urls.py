"""URL helpers."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, url_for


def safe_next(target: str | None, fallback: str = "core.index") -> str:
    """Return `target` if it is a path on this site, else the URL of `fallback`."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            if not target.startswith("//") and "\\" not in target:
                return target
    return url_for(fallback)


def current_path() -> str:
    """Return this request's path with its query string, for a `next` parameter."""
    return request.full_path.rstrip("?")
