"""The paper ballot hand-out page states the browser tests visit (pages.py adds them to PAGES), and
`seed_handout()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from tests.browser.visits import PageCase


def seed_handout() -> None:
    """Write what these pages show (filled in with the pages)."""


HANDOUT_PAGES: list[PageCase] = []
