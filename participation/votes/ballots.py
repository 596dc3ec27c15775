"""The secret half of casting: write one ballot and its choices, linked to nobody.

Online casting, paper entry and the demo and benchmark data all store ballots here, so every
ballot looks the same whatever its channel. Callers check eligibility and record the
participation in the same transaction; nothing passed here names the voter.
"""

from __future__ import annotations

from collections.abc import Iterable

from participation.core.channels import Channel
from participation.extensions import db
from participation.votes.models import Ballot, BallotChoice, BallotStatus, Vote


def choice_key(option_ids: Iterable[int]) -> str:
    """Return the key of a ballot's choices: the option ids in ascending order, joined by "."."""
    return ".".join(str(option_id) for option_id in sorted(set(option_ids)))


def option_ids_of(key: str) -> frozenset[int]:
    """Return the option ids of a ballot's choice key."""
    return frozenset(int(part) for part in key.split("."))


def store_ballot(
    vote: Vote,
    option_ids: Iterable[int],
    *,
    channel: Channel = Channel.ONLINE,
    status: BallotStatus | None = None,
    receipt: bool = True,
) -> Ballot:
    """Write a ballot choosing `option_ids` (checked by the caller); no options is an
    abstention unless `status` says otherwise. Returns it flushed, with its receipt code."""
    chosen = sorted(set(option_ids))
    status = status or (BallotStatus.VALID if chosen else BallotStatus.ABSTENTION)
    ballot = Ballot(vote_id=vote.id, channel=channel, status=status)
    if not receipt:
        ballot.receipt = None
    if status is BallotStatus.VALID:
        ballot.choice_key = choice_key(chosen)
        ballot.choices = [
            BallotChoice(option_id=option_id, vote_id=vote.id, channel=channel)
            for option_id in chosen
        ]
    db.session.add(ballot)
    db.session.flush()
    return ballot
