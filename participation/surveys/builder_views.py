"""Staff pages that build a survey: its settings, sections, questions, options and order."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("survey_builder", __name__, url_prefix="/surveys/manage")
