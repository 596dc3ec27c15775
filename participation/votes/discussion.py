"""Votes as owners of comment threads: the discussion sits on the vote's page."""

from __future__ import annotations


def init_app(app) -> None:
    """Register votes as a comment subject."""
