"""The vote builder page states the browser tests visit (pages.py adds them to PAGES), and
`seed_vote_builder()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from tests.browser.visits import PageCase


def seed_vote_builder() -> None:
    """Write what these pages show (filled in with the pages)."""


VOTE_BUILDER_PAGES: list[PageCase] = []
