"""The tally's bar chart, drawn by the survey charts (accessible SVG, one colour, figures as
text); the tally page shows the same numbers in a table beneath it."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from participation.surveys.charts import bar_chart, share
from participation.votes.models import Vote
from participation.votes.tally import Tally


def options_chart(vote: Vote, tally: Tally) -> Markup | None:
    """Return a bar per option with its votes and share of the valid ballots (None when no
    ballot is valid: there is nothing to draw)."""
    if not tally.valid.total:
        return None
    bars = [
        (option.title, option.votes.total, share(option.votes.total, option.percent or 0))
        for option in tally.options
    ]
    title = _("Stimmen je Antwort: %(title)s", title=vote.title)
    return bar_chart(f"vote-chart-{vote.id}", title, bars)
