"""Public vote pages: the list, a vote's page with its ballot, confirmation and receipt."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("votes", __name__, url_prefix="/votes")
