"""Ballot secrecy: nothing joins who voted (`vote_participations`) to what they chose
(`ballots`, `ballot_choices`), and nothing about a ballot reaches the audit log, the outbox,
the log output or the session beyond the receipt shown once.

The join and order checks run on a committed database where voters cast through the web
pages, online and on paper, so the rows look as they do in production. On PostgreSQL the
ballots are mixed first, as the cron job and the tally do before anyone reads them: until then
PostgreSQL's storage order and transaction ids follow the casting transactions
(tests/votes/test_mixing.py). SQLite keeps ballots WITHOUT ROWID in random-id order, so there
they are checked as cast.
"""

from __future__ import annotations

import logging
import random
import re
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

import pytest
from sqlalchemy import func, select, text

from participation.accounts import services as accounts
from participation.accounts import verification
from participation.accounts.identity import identity_key
from participation.core.audit import AuditEntry
from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.extensions import db
from participation.notifications.models import Notification
from participation.votes import mixing
from participation.votes.ballots import store_ballot
from participation.votes.models import Ballot, Vote, VoteParticipation
from participation.votes.seed import CITIZENS_BUDGET, MARKET_SQUARE, build_vote
from tests.conftest import PASSWORD
from tests.live import client_for, live_app
from tests.votes.conftest import letters

VOTERS = 40  # enough that a chance order correlation above LINKED is all but impossible
PAPER_VOTERS = 3
LINKED = 0.6  # |Kendall tau| from here on would line ballots up with voters
OPTION_SHIFT = 100_000  # option ids apart from every other id, so no equality is a coincidence
PARTICIPATION_COLUMNS = ("id", "vote_id", "user_id", "identity_key", "channel", "day")
PARTICIPATION_COLUMNS += ("recorded_by_id",)
BALLOT_COLUMNS = {
    "ballots": ("id", "vote_id", "channel", "status", "receipt"),
    "ballot_choices": ("ballot_id", "option_id", "vote_id", "channel"),
}
BALLOT_KEY = {"ballots": "id", "ballot_choices": "ballot_id"}


@dataclass
class Cast:
    """What the test knows and an onlooker must not: whose ballot is whose."""

    app: object
    vote_id: int
    voter_of: dict[str, int] = field(default_factory=dict)  # ballot id → participation id
    receipts: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    audit_before: int = 0
    notifications_before: int = 0


class Collect(logging.Handler):
    """Keep every log record's message and extra fields as text."""

    def __init__(self, into: list[str]):
        super().__init__(logging.DEBUG)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(f"{record.getMessage()} {record.__dict__}")


def postgres() -> bool:
    """Whether the database is PostgreSQL (it has system columns that need mixing)."""
    return db.engine.dialect.name == "postgresql"


def choices_for(vote: Vote) -> list[list[int]]:
    """Return ballots that fit the budget, varied: every combination of up to three projects
    within the budget, and abstentions, repeated to one per voter."""
    options = vote.options
    fitting = [
        [option.id for option in chosen]
        for size in (1, 2, 3)
        for chosen in combinations(options, size)
        if sum(option.cost for option in chosen) <= vote.budget
    ]
    patterns = fitting + [[]]
    return [patterns[number % len(patterns)] for number in range(VOTERS)]


def make_voters(staff_id: int) -> list:
    """Register and verify the voters (in person, by a staff member)."""
    staff = db.session.get(type(accounts.find_by_email("geheim.staff@example.org")), staff_id)
    voters = []
    for number in range(VOTERS):
        user = accounts.register(f"geheim{number}@example.org", f"G {number}", PASSWORD, "de").user
        user.confirm_email()
        verification.verify(
            user,
            surname=f"Geheim{letters(number)}",
            given_names="Greta",
            birth_date=date(1975, 3, 9),
            district=None,
            staff=staff,
        )
        voters.append(user)
    return voters


def set_up(app) -> tuple[int, list[tuple[str, list[int]]], int]:
    """Write the vote (options shifted), a second vote, staff and voters; commit; return the
    vote's id, (session token, choice) per voter in casting order, and the staff id."""
    with app.app_context():
        staff = accounts.register("geheim.staff@example.org", "Staff", PASSWORD, "de").user
        staff.confirm_email()
        db.session.flush()
        vote = build_vote(CITIZENS_BUDGET)
        build_vote(MARKET_SQUARE)  # ballots of another vote around them
        db.session.execute(
            text("UPDATE vote_options SET id = id + :shift WHERE vote_id = :vote"),
            {"shift": OPTION_SHIFT, "vote": vote.id},
        )
        db.session.expire_all()
        vote = db.session.get(Vote, vote.id)
        voters = make_voters(staff.id)
        plan = list(zip([user.session_token for user in voters], choices_for(vote), strict=True))
        random.Random(7).shuffle(plan)  # casting order ≠ order of the accounts
        ids = vote.id, staff.id
        db.session.commit()
    return ids[0], plan, ids[1]


def cast_online(app, cast: Cast, plan) -> None:
    """Cast every voter's ballot through the pages; note each ballot's voter by its receipt."""
    for token, choice in plan:
        client = client_for(app, token)
        data = {"choice": [str(option_id) for option_id in choice] or ["abstain"]}
        assert client.post(f"/votes/{cast.vote_id}/cast", data=data).status_code == 302
        page = client.get(f"/votes/{cast.vote_id}/receipt").text
        receipt = re.search(r'id="receipt-code">([0-9A-Z-]{14})<', page).group(1)
        cast.receipts.append(receipt)
        with app.app_context():
            user_id = accounts.find_by_email_token(token) if False else None  # noqa: F841
            ballot_id = db.session.scalar(select(Ballot.id).where(Ballot.receipt == receipt))
            participation = db.session.scalar(
                select(VoteParticipation.id)
                .join(accounts_user(), accounts_user().id == VoteParticipation.user_id)
                .where(accounts_user().session_token == token)
            )
            cast.voter_of[ballot_id] = participation


def accounts_user():
    """Return the account model (imported late, like the services do)."""
    from participation.accounts.models import User

    return User


def cast_on_paper(app, cast: Cast, staff_id: int) -> None:
    """Record paper ballots as the paper issue will: a hand-out by identity key, a ballot."""
    for number in range(PAPER_VOTERS):
        with app.app_context():
            vote = db.session.get(Vote, cast.vote_id)
            key = identity_key(f"Papier{letters(number)}", "Paula", date(1950, 1, 1))
            participation = VoteParticipation(
                vote_id=vote.id,
                identity_key=key,
                channel=Channel.PAPER,
                day=town_today(),
                recorded_by_id=staff_id,
            )
            db.session.add(participation)
            db.session.flush()
            ballot = store_ballot(vote, [vote.options[number].id], channel=Channel.PAPER)
            cast.voter_of[ballot.id] = participation.id
            db.session.commit()


@pytest.fixture(scope="module")
def cast_vote():
    """A committed database where 40 voters cast online and three on paper."""
    with live_app("secrecy") as app:
        vote_id, plan, staff_id = set_up(app)
        cast = Cast(app, vote_id)
        with app.app_context():
            cast.audit_before = db.session.scalar(select(func.count()).select_from(AuditEntry))
            count = select(func.count()).select_from(Notification)
            cast.notifications_before = db.session.scalar(count)
        handler, logger = Collect(cast.log), logging.getLogger("participation")
        level = logger.level
        logger.addHandler(handler)
        logging.getLogger().addHandler(handler)
        logger.setLevel(logging.DEBUG)
        try:
            cast_online(app, cast, plan)
        finally:
            logger.removeHandler(handler)
            logging.getLogger().removeHandler(handler)
            logger.setLevel(level)
        cast_on_paper(app, cast, staff_id)
        with app.app_context():
            if postgres():
                mixing.mix(db.session.get(Vote, vote_id))
                db.session.commit()
        yield cast
