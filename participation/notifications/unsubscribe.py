"""Signed one-click unsubscribe links: one per person and kind, valid for UNSUBSCRIBE_MAX_AGE."""

from __future__ import annotations

from flask import current_app, url_for

from participation.accounts.tokens import make_token, read_token

PURPOSE = "unsubscribe"


def link(user_id: int, kind: str) -> str:
    """Return the absolute link that switches `kind` off for the account."""
    token = make_token(PURPOSE, uid=user_id, kind=kind)
    return url_for("notifications.unsubscribe", token=token, _external=True)


def read(token: str) -> tuple[int, str]:
    """Return (account id, kind) of a genuine, unexpired link; raise TokenError otherwise."""
    payload = read_token(PURPOSE, token, current_app.config["UNSUBSCRIBE_MAX_AGE"])
    return payload["uid"], str(payload.get("kind", ""))
