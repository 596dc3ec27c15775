"""Kinds of notification: one small class each says who gets it, what it keeps and how it reads.

A kind is registered once (`register`) and written through the outbox
(`outbox.notify(name, **event)`), usually from an event subscriber. What a kind keeps in its
payload is small and enough to show the notification in the centre without loading anything
else; the mail is rendered at delivery, in the recipient's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import LazyString

from participation.notifications.models import Choice


@dataclass
class Message:
    """A mail ready to send: subject, template under email/, its context, and the address when
    it is not the account's own (an address being changed to)."""

    subject: object
    template: str
    context: dict = field(default_factory=dict)
    address: str | None = None


class Kind:
    """Base class of a kind. Subclasses set `name`, `label`, and implement the methods."""

    name: str = ""
    label: LazyString | str = ""
    default: Choice = Choice.IMMEDIATELY
    optional: bool = True  # account mails cannot be switched off
    in_centre: bool = True  # account mails are mail only
    audience: tuple[str, ...] = ()  # roles that see it in their settings; () = everybody

    def recipients(self, **event) -> Iterable[int]:
        """Return the ids of the accounts to tell."""
        raise NotImplementedError

    def payload(self, **event) -> dict:
        """Return what the notification keeps (ids and short texts, JSON)."""
        return dict(event)

    def summary(self, payload: dict) -> str:
        """Return the one line the notification centre shows."""
        raise NotImplementedError

    def link(self, payload: dict, external: bool = False) -> str | None:
        """Return the page the notification leads to (absolute for mails)."""
        return None

    def message(self, payload: dict, user) -> Message:
        """Return the mail for `user` (rendered in the user's language by the caller)."""
        raise NotImplementedError


def registry() -> dict[str, Kind]:
    """Return the kinds registered in this app."""
    return current_app.extensions.setdefault("notification_kinds", {})


def register(kind: Kind) -> None:
    """Make `kind` available to the outbox, the centre and the settings page."""
    registry()[kind.name] = kind


def get(name: str) -> Kind | None:
    """Return the registered kind called `name`."""
    return registry().get(name)


def mail_only() -> list[str]:
    """Return the names of the kinds the notification centre does not list."""
    return [name for name, kind in registry().items() if not kind.in_centre]


def optional_kinds_for(user) -> list[Kind]:
    """Return the kinds `user` can choose about (by role), in the order registered."""
    return [
        kind
        for kind in registry().values()
        if kind.optional and (not kind.audience or user.has_any_role(*kind.audience))
    ]
