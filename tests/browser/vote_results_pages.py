"""The vote results page states the browser tests visit (pages.py adds them to PAGES), and
`seed_vote_results()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from tests.browser.visits import PageCase


def seed_vote_results() -> None:
    """Write what these pages show (filled in with the pages)."""


VOTE_RESULTS_PAGES: list[PageCase] = []
