"""Result pages of a survey: counts, charts and tables, hidden free texts, CSV and JSON export."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("survey_results", __name__, url_prefix="/surveys")
