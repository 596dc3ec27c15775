"""The receipt code between casting and the receipt page: kept only in the voter's signed
session cookie, and taken out when the page shows it (the server keeps no copy that names the
voter)."""

from __future__ import annotations

from flask import session

SESSION_KEY = "vote_receipts"


def remember(vote_id: int, code: str) -> None:
    """Keep the receipt code of `vote_id` until the receipt page shows it."""
    receipts = dict(session.get(SESSION_KEY) or {})
    receipts[str(vote_id)] = code
    session[SESSION_KEY] = receipts


def waiting(vote_id: int) -> bool:
    """Whether a receipt code of `vote_id` waits to be shown (the voter has just voted)."""
    return isinstance((session.get(SESSION_KEY) or {}).get(str(vote_id)), str)


def take(vote_id: int) -> str | None:
    """Return the receipt code of `vote_id` and forget it (None when it was shown already)."""
    receipts = dict(session.get(SESSION_KEY) or {})
    code = receipts.pop(str(vote_id), None)
    if receipts:
        session[SESSION_KEY] = receipts
    else:
        session.pop(SESSION_KEY, None)
    return code if isinstance(code, str) else None
