"""Staff pages to set up votes: settings, options, publication."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("vote_builder", __name__, url_prefix="/votes/manage")
