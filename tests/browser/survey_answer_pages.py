"""The survey answer page states the browser tests visit (pages.py adds them to PAGES), and
`seed_survey_answer()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

SURVEY_ANSWER_PAGES: list = []


def seed_survey_answer() -> None:
    """Write the surveys these page states show (nothing yet)."""
