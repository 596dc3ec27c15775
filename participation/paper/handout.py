"""Hand-out of paper ballots: one person, one vote across online and paper.

When staff hand a ballot to a person for a vote open to verified residents only, they type the
name and date of birth from the ID. The platform keeps only the identity key (the same HMAC as at
verification) in a `vote_participations` row with channel paper, the town's date and the staff
member. A verified account's online ballot carries the same key, so the unique constraint on
(vote, identity key) refuses a second ballot either way, also between two desks at one moment.
Which sheet went to whom is never recorded: the ballot itself stays anonymous.

Nothing typed here is stored, logged or audited; the audit entry names the vote and the staff
member only. Services: they flush, never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from participation.accounts.identity import identity_key
from participation.core import audit
from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.core.errors import Refusal
from participation.core.models import utcnow
from participation.extensions import db
from participation.votes.models import Eligibility, Phase, Vote, VoteParticipation

audit.register_actions({"paper.ballot_handed_out": _l("Stimmzettel ausgegeben")})

# Why no ballot can be handed out (the refusal's reason → what staff read).
REFUSALS = {
    "draft": _l("Diese Abstimmung ist noch nicht veröffentlicht. Es gibt noch keine Stimmzettel."),
    "upcoming": _l(
        "Die Abstimmung hat noch nicht begonnen. Stimmzettel gibt es erst ab dem Start."
    ),
    "closed": _l("Die Abstimmung ist beendet. Es werden keine Stimmzettel mehr ausgegeben."),
    "residents": _l(
        "Bei dieser Abstimmung wird die Ausgabe nicht eingetragen. Sie brauchen keinen Ausweis."
    ),
    "district": _l(
        "Die Person wohnt nicht in einem Ortsteil, für den diese Abstimmung gilt. "
        "Sie bekommt keinen Stimmzettel."
    ),
    "taken": _l("Diese Person hat schon abgestimmt oder schon einen Stimmzettel bekommen."),
}


class HandoutRefused(Refusal):
    """No ballot for this person in this vote now; `reason` is a REFUSALS key."""

    reasons = REFUSALS


@dataclass(frozen=True)
class Counts:
    """How many paper ballots of a vote were handed out today and in all."""

    today: int = 0
    total: int = 0


def vote_refusal(vote: Vote) -> str | None:
    """Return why no hand-out can be recorded for `vote` at all ("draft", "upcoming",
    "closed", "residents"), or None while it is open to verified residents."""
    phase = vote.phase()
    if phase is not Phase.OPEN:
        return phase.value
    if vote.eligibility is not Eligibility.VERIFIED:
        return "residents"
    return None


def check_district(vote: Vote, district: str | None) -> None:
    """Refuse a person whose district (from the ID) is not one the vote is for."""
    if vote.districts and district not in vote.districts:
        raise HandoutRefused("district")


def record_handout(
    vote: Vote,
    surname: str,
    given_names: str,
    birth_date: date,
    district: str | None,
    staff,
) -> VoteParticipation:
    """Record that `staff` hands the person named a paper ballot for `vote` (audited, flushed,
    not committed); raise HandoutRefused when the vote or the person may not get one."""
    reason = vote_refusal(vote)
    if reason is not None:
        raise HandoutRefused(reason)
    check_district(vote, district)
    participation = claim(vote, identity_key(surname, given_names, birth_date), staff)
    audit.record("paper.ballot_handed_out", vote, actor=staff)
    db.session.flush()
    return participation


def claim(vote: Vote, key: str, staff) -> VoteParticipation:
    """Insert the paper participation in a savepoint: the unique constraints refuse a person
    who voted online or got a ballot before (or a moment ago at another desk), and the caller's
    transaction stays usable."""
    participation = VoteParticipation(
        vote_id=vote.id,
        identity_key=key,
        channel=Channel.PAPER,
        day=town_today(),
        recorded_by_id=staff.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(participation)
    except IntegrityError:
        if not key_taken(vote, key):  # not the person's earlier ballot: a real fault
            raise
        raise HandoutRefused("taken") from None  # `from None`: the error would show the key
    return participation


def key_taken(vote: Vote, key: str) -> bool:
    """Whether the person with identity key `key` has taken part in `vote` already."""
    query = select(VoteParticipation.id).where(
        VoteParticipation.vote_id == vote.id, VoteParticipation.identity_key == key
    )
    return db.session.scalar(query.limit(1)) is not None


def open_votes() -> list[Vote]:
    """Return the published votes open now, closing soonest first."""
    now = utcnow()
    query = select(Vote).where(
        Vote.published_at.is_not(None), Vote.opens_at <= now, Vote.closes_at > now
    )
    return list(db.session.scalars(query.order_by(Vote.closes_at, Vote.id)))


def handout_counts(vote_ids: Sequence[int]) -> dict[int, Counts]:
    """Return the paper hand-outs of each vote today and in all (one query; no names)."""
    if not vote_ids:
        return {}
    today = func.sum(case((VoteParticipation.day == town_today(), 1), else_=0))
    query = (
        select(VoteParticipation.vote_id, today, func.count())
        .where(
            VoteParticipation.vote_id.in_(vote_ids),
            VoteParticipation.channel == Channel.PAPER,
        )
        .group_by(VoteParticipation.vote_id)
    )
    found = {
        vote_id: Counts(int(day or 0), total) for vote_id, day, total in db.session.execute(query)
    }
    return {vote_id: found.get(vote_id, Counts()) for vote_id in vote_ids}
