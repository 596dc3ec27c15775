"""Comment threads: any subject (proposal, survey, vote) owns one."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the comment models (and, below, their blueprint)."""
    from participation.comments import models  # noqa: F401
