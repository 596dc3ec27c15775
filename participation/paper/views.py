"""Staff pages for paper: printing batches of sheets and the sheet registry."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("paper", __name__, url_prefix="/paper")
