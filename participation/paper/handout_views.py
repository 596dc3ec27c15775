"""Staff pages to record that a person gets a paper ballot (one person, one vote)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("paper_handout", __name__, url_prefix="/paper/handout")
