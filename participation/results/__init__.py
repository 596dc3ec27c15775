"""Results: the council's publication of votes and surveys, implementation tracking, and the
open data API and feeds."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the results pages."""
    from participation.results import models  # noqa: F401
