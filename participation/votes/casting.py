"""Casting a ballot online: who may, what a valid choice is, and the one transaction that
records the participation and stores the ballot apart from it.

One person, one vote: the unique constraints on `vote_participations` decide, also between
requests sent at the same moment. Secrecy: the ballot is written by `ballots.store_ballot`,
which is given nothing about the voter; nothing here logs, audits or notifies, and the only
thing handed back is the receipt code for the voter's eyes.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.extensions import db
from participation.votes import ballots, permissions
from participation.votes.labels import REFUSAL_MESSAGES
from participation.votes.models import Vote, VoteKind, VoteOption, VoteParticipation


class Refused(Exception):
    """The person may not cast a ballot in this vote now; `reason` is a REFUSAL_MESSAGES key."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        """Return the reason in words."""
        return str(REFUSAL_MESSAGES[self.reason])


class AlreadyVoted(Refused):
    """The person has voted already (online, on paper, or a moment ago in parallel)."""

    def __init__(self):
        super().__init__("voted")


class InvalidChoice(ValueError):
    """The choice breaks a rule of the ballot; the message says which, in words."""


def has_voted(user, vote: Vote) -> bool:
    """Whether the signed-in `user` has taken part in `vote` (by account or identity key)."""
    if not getattr(user, "is_authenticated", False):
        return False
    who = VoteParticipation.user_id == user.id
    if user.identity_key is not None:
        who = or_(who, VoteParticipation.identity_key == user.identity_key)
    query = select(VoteParticipation.id).where(VoteParticipation.vote_id == vote.id, who)
    return db.session.scalar(query.limit(1)) is not None


def voted_vote_ids(user, vote_ids: Sequence[int]) -> set[int]:
    """Return which of the votes the signed-in `user` has taken part in (one query)."""
    if not vote_ids or not getattr(user, "is_authenticated", False):
        return set()
    who = VoteParticipation.user_id == user.id
    if user.identity_key is not None:
        who = or_(who, VoteParticipation.identity_key == user.identity_key)
    query = select(VoteParticipation.vote_id).where(VoteParticipation.vote_id.in_(vote_ids), who)
    return set(db.session.scalars(query))


def check_refusal(user, vote: Vote) -> None:
    """Raise Refused (or AlreadyVoted) unless `user` may cast a ballot in `vote` now."""
    reason = permissions.cast_refusal(user, vote)
    if reason is not None:
        raise Refused(reason)
    if has_voted(user, vote):
        raise AlreadyVoted


def check_choice(vote: Vote, option_ids: Sequence[int], abstain: bool) -> list[VoteOption]:
    """Return the chosen options of `vote` in ballot order (none for an abstention), or raise
    InvalidChoice with the rule the choice breaks."""
    if abstain:
        if option_ids:
            raise InvalidChoice(
                _(
                    "Sie haben „Ich enthalte mich“ und eine Antwort gewählt. "
                    "Bitte wählen Sie nur eines davon."
                )
            )
        return []
    if not option_ids:
        raise InvalidChoice(_("Bitte wählen Sie eine Antwort oder „Ich enthalte mich“."))
    if len(set(option_ids)) != len(option_ids):
        raise InvalidChoice(_("Jede Antwort können Sie nur einmal wählen."))
    known = {option.id: option for option in vote.options}
    if any(option_id not in known for option_id in option_ids):
        raise InvalidChoice(unknown_choice())
    check_count(vote, len(option_ids))
    wanted = set(option_ids)
    chosen = [option for option in vote.options if option.id in wanted]
    check_budget(vote, chosen)
    return chosen


def unknown_choice() -> str:
    """Return the message for a choice that is not on this ballot (an old or altered form)."""
    return _(
        "Diese Auswahl gibt es bei dieser Abstimmung nicht. "
        "Bitte laden Sie die Seite neu und wählen Sie noch einmal."
    )


def check_count(vote: Vote, count: int) -> None:
    """Refuse more options than the ballot allows."""
    limit = vote.choice_limit()
    if count <= limit:
        return
    if vote.kind in (VoteKind.YES_NO, VoteKind.SINGLE):
        raise InvalidChoice(_("Bitte wählen Sie nur eine Antwort."))
    raise InvalidChoice(
        ngettext(
            "Bitte wählen Sie höchstens %(num)s Antwort.",
            "Bitte wählen Sie höchstens %(num)s Antworten.",
            limit,
        )
    )


def total_cost(options: Sequence[VoteOption]) -> int:
    """Return what the options cost together (whole euros)."""
    return sum(option.cost or 0 for option in options)


def check_budget(vote: Vote, chosen: Sequence[VoteOption]) -> None:
    """Refuse a budget ballot whose projects cost more than the budget."""
    if vote.kind is not VoteKind.BUDGET or vote.budget is None:
        return
    total = total_cost(chosen)
    if total > vote.budget:
        raise InvalidChoice(
            _(
                "Ihre Auswahl kostet zusammen %(total)s Euro. Das Budget beträgt "
                "%(budget)s Euro. Bitte wählen Sie weniger oder günstigere Projekte.",
                total=format_decimal(total),
                budget=format_decimal(vote.budget),
            )
        )


def cast(user, vote: Vote, option_ids: Sequence[int], abstain: bool) -> str:
    """Record that `user` votes and store the ballot, in the caller's transaction (flushed,
    not committed); return the receipt code. Raise Refused, AlreadyVoted or InvalidChoice."""
    check_refusal(user, vote)
    chosen = check_choice(vote, option_ids, abstain)
    claim_participation(user, vote)
    count_ballot(vote)
    ballot = ballots.store_ballot(vote, [option.id for option in chosen], channel=Channel.ONLINE)
    return ballot.receipt


def claim_participation(user, vote: Vote) -> None:
    """Record that `user` takes part; the unique constraints refuse a second (or parallel)
    ballot, and the savepoint keeps the caller's transaction usable when they do."""
    participation = VoteParticipation(
        vote_id=vote.id,
        user_id=user.id,
        identity_key=user.identity_key,
        channel=Channel.ONLINE,
        day=town_today(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(participation)
    except IntegrityError as error:
        raise AlreadyVoted from error


def count_ballot(vote: Vote) -> None:
    """Add one to the vote's turnout in SQL, so ballots cast at the same moment all count."""
    db.session.execute(
        update(Vote)
        .where(Vote.id == vote.id)
        .values(ballot_count=Vote.ballot_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(vote, ["ballot_count"])
