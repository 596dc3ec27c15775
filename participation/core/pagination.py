"""Pagination of select() queries with a page size cap."""

from __future__ import annotations

from flask import request

from participation.extensions import db

PER_PAGE = 25
MAX_PAGE = 10_000


def requested_page(name: str = "page") -> int:
    """Return `?page=` (or `?<name>=`) clamped to 1…MAX_PAGE (anything unreadable is 1)."""
    return min(max(request.args.get(name, 1, type=int), 1), MAX_PAGE)


def paginate(query, per_page: int = PER_PAGE):
    """Return a Flask-SQLAlchemy pagination for `query` at the requested page."""
    return db.paginate(
        query, page=requested_page(), per_page=per_page, max_per_page=100, error_out=False
    )
