"""Mixing: write a vote's ballots again in one transaction, in the order of their random ids.

A ballot is stored in the transaction that records who voted, so nothing is lost or counted
twice. PostgreSQL keeps with every row the id of the transaction that wrote it (`xmin`) and
stores new rows in the order they arrive (their `ctid`, and the row order of a plain dump):
both would line ballots up with participations. Mixing deletes a vote's ballots and writes
them again at once, sorted by their random ids; afterwards they share one transaction id and
their storage order is random. `flask votes mix` runs it from cron every few minutes, and the
tally and the ballot list mix first when ballots came in since the last mix. SQLite keeps no
transaction ids and stores ballots WITHOUT ROWID in random-id order; there mixing only rewrites.
"""

from __future__ import annotations

from sqlalchemy import func, select, text

from participation.core import results_versions
from participation.extensions import db
from participation.votes.models import Ballot, Phase, Vote

BALLOT_COLUMNS = "id, vote_id, channel, status, receipt, choice_key"
CHOICE_COLUMNS = "ballot_id, option_id, vote_id, channel"
STEPS = (
    f"CREATE TEMPORARY TABLE mixing_ballots AS SELECT {BALLOT_COLUMNS} FROM ballots "
    "WHERE vote_id = :vote_id",
    f"CREATE TEMPORARY TABLE mixing_choices AS SELECT {CHOICE_COLUMNS} FROM ballot_choices "
    "WHERE vote_id = :vote_id",
    "DELETE FROM ballot_choices WHERE vote_id = :vote_id",
    "DELETE FROM ballots WHERE vote_id = :vote_id",
    f"INSERT INTO ballots ({BALLOT_COLUMNS}) SELECT {BALLOT_COLUMNS} FROM mixing_ballots "
    "ORDER BY id",
    f"INSERT INTO ballot_choices ({CHOICE_COLUMNS}) SELECT {CHOICE_COLUMNS} "
    "FROM mixing_choices ORDER BY ballot_id, option_id",
    "DROP TABLE mixing_choices",
    "DROP TABLE mixing_ballots",
)


def ballots_stored(vote_id: int) -> int:
    """Return how many ballots the vote has (read from the index)."""
    return db.session.scalar(select(func.count()).where(Ballot.vote_id == vote_id))


def needs_mixing(vote: Vote) -> bool:
    """Whether ballots arrived since the vote was last mixed."""
    return ballots_stored(vote.id) != vote.mixed_count


def mix(vote: Vote) -> int:
    """Rewrite the vote's ballots in random-id order if any arrived since the last mix; return
    how many were rewritten. Locks the vote, so casting waits and the count is exact. The
    caller commits."""
    db.session.execute(select(Vote.id).where(Vote.id == vote.id).with_for_update())
    db.session.refresh(vote, ["mixed_count"])
    stored = ballots_stored(vote.id)
    if stored == vote.mixed_count:
        return 0
    for step in STEPS:
        db.session.execute(text(step), {"vote_id": vote.id})
    # Plain SQL passes by the session's hooks: the stored tally is to be counted again.
    results_versions.raise_versions(db.session, Vote.__table__, [vote.id])
    vote.mixed_count = stored
    db.session.flush()
    return stored


def ensure_mixed(vote: Vote) -> None:
    """Mix the vote's ballots now if needed and commit (before a tally or the ballot list)."""
    if needs_mixing(vote):
        mix(vote)
        db.session.commit()


def votes_to_mix() -> list[Vote]:
    """Return the published votes that are open or closed (drafts and upcoming have none)."""
    votes = db.session.scalars(select(Vote).where(Vote.published_at.is_not(None))).all()
    return [vote for vote in votes if vote.phase() in (Phase.OPEN, Phase.CLOSED)]


def mix_all() -> list[tuple[str, int]]:
    """Mix every vote with new ballots, one transaction each; return (title, rewritten)."""
    done = []
    for vote in votes_to_mix():
        if needs_mixing(vote):
            done.append((vote.title, mix(vote)))
            db.session.commit()
    return done


def vacuum() -> None:
    """On PostgreSQL, clear the rows mixing left behind, so their old order is gone from disk
    soon rather than at the next autovacuum (outside any transaction)."""
    engine = db.engine
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ballots, ballot_choices"))
