"""Stored tallies: what tally.count reads from SQL (the options, choices per option and channel,
ballots per status and channel) and the ballot groups of a budget vote, kept per vote and used
while the vote's results version is unchanged (core/stored_figures.py).

The version rises with every ballot or choice added, changed or deleted (votes/ballots.py is the
only writer; mixing.py rewrites ballots in SQL and raises it itself), with every change to the
vote's options and with a change to the settings the tally shows, in the transaction of the
change (core/results_versions.py). The vote's own fields (kind, budget, eligible count) are
read from the vote at each tally in any case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import ForeignKey, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from participation.core import results_versions
from participation.core.channels import Channel
from participation.core.stored_figures import FigureStore, StoredFiguresMixin
from participation.extensions import db
from participation.votes.models import Ballot, BallotChoice, BallotStatus, Vote, VoteOption

COUNTED_SETTINGS = ("kind", "budget", "eligible_count", "max_choices")
TALLY = "tally"
GROUPS = "groups"


class OptionRow(NamedTuple):
    """An option as the tally lists it."""

    id: int
    position: int
    title: str
    cost: int | None


class Counts(NamedTuple):
    """What the tally reads from SQL: options in ballot order, option id → channel → choices,
    status → channel → ballots."""

    options: list[OptionRow]
    chosen: dict[int, dict[Channel, int]]
    statuses: dict[BallotStatus, dict[Channel, int]]


Groups = list[tuple[frozenset[int], int]]


class VoteFigures(StoredFiguresMixin, db.Model):
    """The stored counts of a vote ("tally") or its ballot groups ("groups")."""

    __tablename__ = "vote_figures"
    subject_key = "vote_id"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )


STORE = FigureStore(VoteFigures, Vote)


def counts(vote: Vote, compute: Callable[[], Counts]) -> Counts:
    """Return the vote's counts: stored if current, else `compute()`d and stored."""
    return STORE.get(vote.id, TALLY, compute, counts_to_json, counts_from_json)


def groups(vote: Vote, option_ids: list[int], compute: Callable[[], Groups]) -> Groups:
    """Return the ballot groups over `option_ids`: stored if current and for these options,
    else `compute()`d and stored."""
    version, payload = STORE.lookup(vote.id, GROUPS)
    if payload is not None and payload["options"] == list(option_ids):
        return [(frozenset(chosen), n) for chosen, n in payload["groups"]]
    found = compute()
    if version is not None:
        listed = [[sorted(chosen), n] for chosen, n in found]
        STORE.store(vote.id, GROUPS, version, {"options": list(option_ids), "groups": listed})
    return found


def counts_to_json(found: Counts) -> dict:
    """Return the counts as JSON."""
    return {
        "options": [list(row) for row in found.options],
        "chosen": [[oid, by_channel(per)] for oid, per in found.chosen.items()],
        "statuses": [[status.value, by_channel(per)] for status, per in found.statuses.items()],
    }


def by_channel(counts: dict[Channel, int]) -> list:
    """Return channel → count as a list of pairs."""
    return [[channel.value, count] for channel, count in counts.items()]


def counts_from_json(payload: dict) -> Counts:
    """Return the counts counts_to_json wrote."""
    channels = lambda pairs: {Channel(c): n for c, n in pairs}  # noqa: E731
    return Counts(
        options=[OptionRow(*row) for row in payload["options"]],
        chosen={oid: channels(per) for oid, per in payload["chosen"]},
        statuses={BallotStatus(status): channels(per) for status, per in payload["statuses"]},
    )


# --- which vote a change concerns (see core/results_versions.py) ---


def vote_of_option(session: Session, option: VoteOption) -> int | None:
    """Return the vote of an option (also of a new one only linked to its vote)."""
    if option.vote_id is None and option.vote is not None:
        return option.vote.id
    return option.vote_id


def vote_if_settings_changed(session: Session, vote: Vote) -> int | None:
    """Return the vote's id if a setting the tally shows changed (other fields: None)."""
    if vote.id is None:
        return None
    state = inspect(vote)
    touched = any(state.attrs[name].history.has_changes() for name in COUNTED_SETTINGS)
    return vote.id if touched else None


results_versions.register(
    Vote.__table__,
    {
        Ballot: lambda session, ballot: ballot.vote_id,
        BallotChoice: lambda session, choice: choice.vote_id,
        VoteOption: vote_of_option,
        Vote: vote_if_settings_changed,
    },
)
