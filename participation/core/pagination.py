"""Pagination of select() queries with a page size cap."""

from __future__ import annotations

from flask import request

from participation.extensions import db

PER_PAGE = 25


def paginate(query, per_page: int = PER_PAGE):
    """Return a Flask-SQLAlchemy pagination for `query` at the requested `?page=`."""
    return db.paginate(
        query,
        page=request.args.get("page", 1, type=int),
        per_page=per_page,
        max_per_page=100,
        error_out=False,
    )
