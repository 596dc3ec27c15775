"""Survey pages for residents: the list, a survey with its form, checking and sending."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("surveys", __name__, url_prefix="/surveys")
