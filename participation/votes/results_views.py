"""Tallies for staff after close, the public ballot list and the receipt check."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("vote_results", __name__, url_prefix="/votes")
