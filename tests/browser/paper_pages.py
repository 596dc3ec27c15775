"""The printing and the sheet registry page states the browser tests visit (pages.py adds them to PAGES), and
`seed_paper()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from tests.browser.visits import PageCase


def seed_paper() -> None:
    """Write what these pages show (filled in with the pages)."""


PAPER_PAGES: list[PageCase] = []
