"""How a contribution reached the platform: online or on paper. Surveys and votes store it on
every response and ballot, so each count, chart and export shows both channels."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Channel(enum.StrEnum):
    """The way a response or ballot came in."""

    ONLINE = "online"
    PAPER = "paper"


CHANNEL_LABELS = {Channel.ONLINE: _l("Online"), Channel.PAPER: _l("Auf Papier")}
