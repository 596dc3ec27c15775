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
from sqlalchemy import Date, DateTime, func, inspect, select, text

from participation.accounts import services as accounts
from participation.accounts import verification
from participation.accounts.identity import identity_key
from participation.accounts.models import User
from participation.core.audit import AuditEntry
from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.extensions import db, limiter
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
    "ballots": ("id", "vote_id", "channel", "status", "receipt", "choice_key"),  # key: choices
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
    sessions: list[dict] = field(default_factory=list)
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
    """Cast every voter's ballot through the pages; note each ballot's voter by its receipt,
    and what the voter's session still holds after the receipt page."""
    for token, choice in plan:
        client = client_for(app, token)
        data = {"choice": [str(option_id) for option_id in choice] or ["abstain"]}
        assert client.post(f"/votes/{cast.vote_id}/cast", data=data).status_code == 302
        page = client.get(f"/votes/{cast.vote_id}/receipt").text
        receipt = re.search(r'id="receipt-code">([0-9A-Z-]{14})<', page).group(1)
        cast.receipts.append(receipt)
        with client.session_transaction() as session:
            cast.sessions.append(dict(session))
        with app.app_context():
            ballot_id = db.session.scalar(select(Ballot.id).where(Ballot.receipt == receipt))
            participation = db.session.scalar(
                select(VoteParticipation.id)
                .join(User, User.id == VoteParticipation.user_id)
                .where(User.session_token == token)
            )
            cast.voter_of[ballot_id] = participation


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
    """A committed database where 40 voters cast online and three on paper. The live app binds
    the one Limiter of the process to itself (limits off): its state is put back afterwards,
    or the later modules would run without rate limits."""
    saved = dict(vars(limiter))
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
    vars(limiter).clear()
    vars(limiter).update(saved)


# --- the schema --------------------------------------------------------------------------


def test_ballots_have_no_key_to_accounts_or_participations(cast_vote):
    with cast_vote.app.app_context():
        schema = inspect(db.engine)
        for table in BALLOT_COLUMNS:
            targets = {key["referred_table"] for key in schema.get_foreign_keys(table)}
            assert targets <= {"votes", "vote_options", "ballots"}, table
        referred = {key["referred_table"] for key in schema.get_foreign_keys("vote_participations")}
        assert referred.isdisjoint(BALLOT_COLUMNS)


def test_ballots_have_exactly_the_expected_columns_and_no_time(cast_vote):
    for table, expected in BALLOT_COLUMNS.items():
        columns = db.Model.metadata.tables[table].columns
        assert tuple(column.name for column in columns) == expected
        assert not any(isinstance(column.type, Date | DateTime) for column in columns)
        assert not any(column.server_default is not None for column in columns)
    with cast_vote.app.app_context():
        for table, expected in BALLOT_COLUMNS.items():
            stored = {column["name"] for column in inspect(db.engine).get_columns(table)}
            assert stored == set(expected), table  # the migration agrees


# --- no join -----------------------------------------------------------------------------


def rows_of(table: str, columns, vote_id: int) -> list[dict]:
    """Return the vote's rows of `table` as column → value (as text)."""
    query = text(f"SELECT {', '.join(columns)} FROM {table} WHERE vote_id = :vote")  # noqa: S608
    return [
        {name: None if value is None else str(value) for name, value in row._mapping.items()}
        for row in db.session.execute(query, {"vote": vote_id})
    ]


def test_no_value_of_a_participation_appears_in_a_ballot(cast_vote):
    """Whatever column an onlooker joined on, only the vote and the channel are shared: and
    those every ballot of the channel shares with every participation of the channel."""
    with cast_vote.app.app_context():
        people = rows_of("vote_participations", PARTICIPATION_COLUMNS, cast_vote.vote_id)
        shared = {str(cast_vote.vote_id), Channel.ONLINE.value, Channel.PAPER.value}
        person_values = {value for row in people for value in row.values()} - {None}
        for table, columns in BALLOT_COLUMNS.items():
            for row in rows_of(table, columns, cast_vote.vote_id):
                common = (set(row.values()) - {None}) & person_values
                assert common <= shared, (table, common)


def test_joining_on_what_is_shared_never_singles_out_a_voter(cast_vote):
    with cast_vote.app.app_context():
        query = text(
            "SELECT b.id, count(p.id) FROM ballots b JOIN vote_participations p "
            "ON p.vote_id = b.vote_id AND p.channel = b.channel "
            "WHERE b.vote_id = :vote GROUP BY b.id, b.channel"
        )
        matches = dict(db.session.execute(query, {"vote": cast_vote.vote_id}).all())
    assert len(matches) == VOTERS + PAPER_VOTERS
    assert sorted(set(matches.values())) == [PAPER_VOTERS, VOTERS]


# --- no order ----------------------------------------------------------------------------


def kendall_tau(order: list[int]) -> float:
    """Return Kendall's tau between `order` and its sorted self (1: same order, -1: reversed)."""
    pairs = list(combinations(order, 2))
    concordant = sum(1 for a, b in pairs if a < b)
    return (2 * concordant - len(pairs)) / len(pairs)


def voters_in(cast: Cast, sql: str) -> list[int]:
    """Return the participation ids of the ballots in the order `sql` lists the ballot ids."""
    with cast.app.app_context():
        ballot_ids = db.session.scalars(text(sql), {"vote": cast.vote_id}).all()
    return [cast.voter_of[ballot_id] for ballot_id in ballot_ids]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT id FROM ballots WHERE vote_id = :vote",
        "SELECT id FROM ballots WHERE vote_id = :vote ORDER BY id",
        "SELECT id FROM ballots WHERE vote_id = :vote ORDER BY receipt",
        "SELECT DISTINCT ballot_id FROM ballot_choices WHERE vote_id = :vote",
    ],
    ids=["stored", "by-id", "by-receipt", "choices-stored"],
)
def test_no_order_of_the_ballots_follows_the_order_of_voting(cast_vote, sql):
    order = voters_in(cast_vote, sql)
    assert sorted(order) == sorted(set(order))  # each voter once
    if "DISTINCT" not in sql:
        assert len(order) == VOTERS + PAPER_VOTERS
    assert abs(kendall_tau(order)) < LINKED


def test_on_postgresql_the_ballots_share_one_transaction_id(cast_vote):
    with cast_vote.app.app_context():
        if not postgres():
            pytest.skip("transaction ids (xmin) are PostgreSQL's bookkeeping")
        for table in BALLOT_COLUMNS:
            query = text(f"SELECT count(DISTINCT xmin::text) FROM {table} WHERE vote_id = :v")  # noqa: S608
            assert db.session.scalar(query, {"v": cast_vote.vote_id}) == 1, table


# --- nothing else remembers ----------------------------------------------------------------


def test_casting_writes_no_audit_entry_and_no_notification(cast_vote):
    with cast_vote.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == (
            cast_vote.audit_before
        )
        count = select(func.count()).select_from(Notification)
        assert db.session.scalar(count) == cast_vote.notifications_before


def test_the_log_names_no_ballot_and_no_receipt(cast_vote):
    assert cast_vote.log  # the requests were logged
    text_logged = "\n".join(cast_vote.log)
    for ballot_id in cast_vote.voter_of:
        assert ballot_id not in text_logged
    for receipt in cast_vote.receipts:
        assert receipt not in text_logged


def test_the_session_forgets_the_receipt_once_shown(cast_vote):
    assert len(cast_vote.sessions) == VOTERS
    for session in cast_vote.sessions:
        assert "vote_receipts" not in session
        assert not any(receipt in str(session) for receipt in cast_vote.receipts)


def test_every_receipt_is_different_and_found_once(cast_vote):
    assert len(set(cast_vote.receipts)) == VOTERS
    with cast_vote.app.app_context():
        stored = db.session.scalars(
            select(Ballot.receipt).where(Ballot.vote_id == cast_vote.vote_id)
        ).all()
    assert set(cast_vote.receipts) <= set(stored)
