"""The list of all ballots of a closed vote, for anyone to recount: CSV and JSON, streamed in
chunks (keyset pagination, so half a million ballots never sit in memory).

Ballots come ordered by their receipt code. The codes are random, so the order says nothing
about when a ballot was cast, and the same list comes out every time. Ballots without a code
(possible for paper) follow, ordered by their random id, which is never written out. Nothing
else about a ballot exists to be listed: no time, no account.

CSV is made for spreadsheets in German offices (UTF-8 with a byte order mark, semicolons) with
a column per option holding 1 or 0, so a recount is one sum per column.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.channels import CHANNEL_LABELS, Channel
from participation.extensions import db
from participation.surveys.export import safe, take
from participation.votes.labels import STATUS_LABELS
from participation.votes.models import Ballot, BallotChoice, BallotStatus, Vote, VoteOption

CHUNK = 2000  # ballots per chunk


@dataclass(frozen=True)
class ListedBallot:
    """One ballot as the list shows it: receipt code (or None), channel, status, option ids."""

    receipt: str | None
    channel: Channel
    status: BallotStatus
    choices: tuple[int, ...]


def receipt_chunk(vote_id: int, after: str) -> list:
    """Return the next CHUNK ballots with a receipt code after `after`, in code order."""
    query = (
        select(Ballot.id, Ballot.receipt, Ballot.channel, Ballot.status)
        .where(Ballot.vote_id == vote_id, Ballot.receipt.is_not(None), Ballot.receipt > after)
        .order_by(Ballot.receipt)
        .limit(CHUNK)
    )
    return db.session.execute(query).all()


def unreceipted_chunk(vote_id: int, after: str) -> list:
    """Return the next CHUNK ballots without a receipt code, in the order of their random id."""
    query = (
        select(Ballot.id, Ballot.receipt, Ballot.channel, Ballot.status)
        .where(Ballot.vote_id == vote_id, Ballot.receipt.is_(None), Ballot.id > after)
        .order_by(Ballot.id)
        .limit(CHUNK)
    )
    return db.session.execute(query).all()


def chunk_choices(ballot_ids: list[str]) -> dict[str, list[int]]:
    """Return ballot id → the option ids it chose (one query per chunk)."""
    query = select(BallotChoice.ballot_id, BallotChoice.option_id).where(
        BallotChoice.ballot_id.in_(ballot_ids)
    )
    found: dict[str, list[int]] = defaultdict(list)
    for ballot_id, option_id in db.session.execute(query):
        found[ballot_id].append(option_id)
    return found


def ballot_chunks(vote_id: int) -> Iterator[list[ListedBallot]]:
    """Yield every ballot of the vote in list order, CHUNK at a time."""
    for next_chunk, key in ((receipt_chunk, 1), (unreceipted_chunk, 0)):
        last = ""
        while rows := next_chunk(vote_id, last):
            choices = chunk_choices([row.id for row in rows])
            yield [
                ListedBallot(
                    row.receipt,
                    Channel(row.channel),
                    BallotStatus(row.status),
                    tuple(sorted(choices.get(row.id, ()))),
                )
                for row in rows
            ]
            last = rows[-1][key]


def options_of(vote: Vote) -> list[VoteOption]:
    """Return the vote's options in ballot order."""
    query = select(VoteOption).where(VoteOption.vote_id == vote.id)
    return list(db.session.scalars(query.order_by(VoteOption.position, VoteOption.id)))


def csv_chunks(vote: Vote) -> Iterator[str]:
    """Yield the ballot list as CSV: a header, then one row per ballot."""
    options = options_of(vote)
    channel_words = {channel: str(label) for channel, label in CHANNEL_LABELS.items()}
    status_words = {status: str(label) for status, label in STATUS_LABELS.items()}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    fixed = [_("Quittungscode"), _("Weg"), _("Wertung"), _("Gewählt")]
    numbered = [safe(f"{option.position}. {option.title}") for option in options]
    writer.writerow(fixed + numbered)
    yield "\ufeff" + take(buffer)
    for chunk in ballot_chunks(vote.id):
        for ballot in chunk:
            chosen = set(ballot.choices)
            writer.writerow(
                [ballot.receipt or "", channel_words[ballot.channel], status_words[ballot.status]]
                + [safe(" | ".join(option.title for option in options if option.id in chosen))]
                + ["1" if option.id in chosen else "0" for option in options]
            )
        yield take(buffer)


def vote_json(vote: Vote, options: list[VoteOption]) -> dict:
    """Return what the JSON list says about the vote itself."""
    return {
        "id": vote.id,
        "title": vote.title,
        "kind": vote.kind.value,
        "budget": vote.budget,
        "options": [
            {"id": o.id, "position": o.position, "title": o.title, "cost": o.cost} for o in options
        ],
    }


def json_chunks(vote: Vote) -> Iterator[str]:
    """Yield the ballot list as one JSON document: the vote, then every ballot."""
    head = json.dumps({"vote": vote_json(vote, options_of(vote))}, ensure_ascii=False)
    yield head[:-1] + ', "ballots": ['
    separator = "\n"
    for chunk in ballot_chunks(vote.id):
        rows = [
            json.dumps(
                {
                    "receipt": ballot.receipt,
                    "channel": ballot.channel.value,
                    "status": ballot.status.value,
                    "choices": list(ballot.choices),
                }
            )
            for ballot in chunk
        ]
        yield separator + ",\n".join(rows)
        separator = ",\n"
    yield "\n]}\n"
