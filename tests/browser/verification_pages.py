"""The verification page states the browser tests visit (pages.py adds them to PAGES), and
`seed_verification()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from tests.browser.visits import PageCase


def seed_verification() -> None:
    """Write what these pages show (filled in with the pages)."""


VERIFICATION_PAGES: list[PageCase] = []
