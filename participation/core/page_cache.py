"""Rendered pages kept for guests, valid exactly as long as the tables they were read from.

A view marked `@cached_for_guests` is rendered once per address, language and host; the
tables its queries read are recorded with their generations (generations.py). A guest asking
again gets the stored page if none of those tables was written since; any write in between
(a proposal, a support, a comment, a moderation decision…) makes the next request render
anew. Only views whose output depends on nothing but the database, the address and the
language may be marked (not on the clock, not on the person).

Served only to guests without pending messages, and only pages that answered 200 without
setting anything of their own. The form token in the header differs per visitor: it is stored
as a placeholder and filled in per request. Each worker process keeps its own pages, at most
PAGE_CACHE_BYTES of them (least recently used go first; 0 turns the cache off).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import Flask, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from participation.core import generations

EXTENSION = "page_cache"
TOKEN_SPOT = "csrf-" + secrets.token_hex(16)  # stands for the form token in stored pages
TOKEN_BYTES = TOKEN_SPOT.encode()
KEPT_HEADERS = ("Content-Type",)


@dataclass(frozen=True)
class StoredPage:
    """A rendered page and the generations of the tables it was read from."""

    body: bytes  # encoded once, when stored
    headers: tuple[tuple[str, str], ...]
    read: tuple[tuple[str, int], ...]

    def is_current(self, now: dict[str, int]) -> bool:
        """Whether no table the page was read from has been written since."""
        return all(now.get(name, 0) == value for name, value in self.read)

    @property
    def size(self) -> int:
        """Return about how many bytes the page holds."""
        return len(self.body) + 200


class PageStore:
    """Pages by key, least recently used dropped first beyond `limit` bytes (thread-safe)."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0
        self.pages: OrderedDict[tuple, StoredPage] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> StoredPage | None:
        """Return the page stored under `key` (now the most recently used), or None."""
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: StoredPage) -> None:
        """Store a page, dropping the least recently used ones beyond the limit."""
        if page.size > self.limit:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            self.used -= old.size if old else 0
            self.pages[key] = page
            self.used += page.size
            while self.used > self.limit:
                _key, dropped = self.pages.popitem(last=False)
                self.used -= dropped.size

    def clear(self) -> None:
        """Forget every page."""
        with self.lock:
            self.pages.clear()
            self.used = 0


def store() -> PageStore | None:
    """Return the app's page store (None when the cache is off)."""
    return current_app.extensions.get(EXTENSION)


def guest_key() -> tuple | None:
    """Return the key of this request's page, or None if it must be rendered for the visitor."""
    if request.method != "GET" or current_user.is_authenticated or "_flashes" in session:
        return None
    return (request.scheme, request.host, request.full_path, str(get_locale()))


def cached_for_guests(view):
    """Serve the view's page to guests from the store while its tables are unchanged."""

    @wraps(view)
    def serve(*args, **kwargs):
        pages, key = store(), guest_key()
        if pages is None or key is None:
            return view(*args, **kwargs)
        now = generations.current()
        page = pages.get(key)
        if page is not None and page.is_current(now):
            return stored_response(page)
        with generations.tracking_reads() as read:
            response = make_response(view(*args, **kwargs))
        page = storable(response, read, now)
        if page is not None:
            pages.put(key, page)
        return response

    return serve


def storable(response, read: set[str], now: dict[str, int]) -> StoredPage | None:
    """Return the page to store, or None if this answer must not be given to others."""
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or "Set-Cookie" in response.headers
        or "_flashes" in session
        or read & generations.UNCOUNTED
    ):
        return None
    body = response.get_data()
    token = g.get("csrf_token")
    if token:
        body = body.replace(token.encode(), TOKEN_BYTES)
    headers = tuple(
        (name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers
    )
    return StoredPage(body, headers, tuple(sorted((name, now.get(name, 0)) for name in read)))


def stored_response(page: StoredPage):
    """Return a response with the stored page and this visitor's form token."""
    body = page.body
    if TOKEN_BYTES in body:
        body = body.replace(TOKEN_BYTES, generate_csrf().encode())
    response = make_response(body)
    for name, value in page.headers:
        response.headers[name] = value
    return response


def init_app(app: Flask) -> None:
    """Create the app's page store (PAGE_CACHE_BYTES; 0 or less: no cache)."""
    limit = int(app.config.get("PAGE_CACHE_BYTES", 0) or 0)
    if limit > 0:
        app.extensions[EXTENSION] = PageStore(limit)
