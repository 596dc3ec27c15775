"""The vote ballot page states the browser tests visit (pages.py adds them to PAGES), and
`seed_vote_ballot()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from tests.browser.visits import PageCase


def seed_vote_ballot() -> None:
    """Write what these pages show (filled in with the pages)."""


VOTE_BALLOT_PAGES: list[PageCase] = []
