"""The survey results page states the browser tests visit (pages.py adds them to PAGES), and
`seed_survey_results()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

SURVEY_RESULTS_PAGES: list = []


def seed_survey_results() -> None:
    """Write the surveys these page states show (nothing yet)."""
