"""The vote results page states the browser tests visit (pages.py adds them to PAGES), and
`seed_vote_results()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from playwright.sync_api import Page
from sqlalchemy import select

from participation.accounts import services as accounts
from participation.accounts.identity import identity_key
from participation.core.channels import Channel
from participation.extensions import db
from participation.votes.ballots import store_ballot
from participation.votes.models import Ballot, BallotStatus, Vote, VoteKind, VoteParticipation
from participation.votes.seed import build_vote
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

INVALID = "invalid"
DAY = timedelta(days=1)

# The votes seeded here, all titled "Ergebnisprobe: …" (distinct from the other vote pages).
YES_NO = {
    "title": "Ergebnisprobe: Soll die Stadtbibliothek sonntags öffnen?",
    "kind": VoteKind.YES_NO,
    "explanation": "Die Stadtbibliothek könnte **sonntags von 14 bis 18 Uhr** öffnen.",
    "options": [("Ja", ""), ("Nein", "")],
}
BUDGET = {
    "title": "Ergebnisprobe: Bürgerbudget für den Ortsteil Köstitz",
    "kind": VoteKind.BUDGET,
    "budget": 20_000,
    "explanation": "Wählen Sie Projekte, die zusammen **höchstens 20.000 Euro** kosten.",
    "options": [
        ("Neuer Spielplatz am Dorfteich", "Schaukel, Rutsche und Sandkasten.", 9_000),
        ("Bushaltestelle mit Dach", "Ein Wetterschutz an der Hauptstraße.", 6_000),
        ("Bänke am Radweg", "Acht Bänke zum Ausruhen.", 5_000),
        ("Blühwiese am Friedhof", "Eine Wiese für Bienen und Schmetterlinge.", 4_000),
        ("Fahrradständer am Gemeindehaus", "Zwölf Plätze, überdacht.", 3_000),
    ],
}
OPEN = {
    "title": "Ergebnisprobe: Soll es einen Wochenmarkt am Abend geben?",
    "kind": VoteKind.YES_NO,
    "explanation": "Der Wochenmarkt könnte donnerstags **von 16 bis 20 Uhr** stattfinden.",
    "options": [("Ja", ""), ("Nein", "")],
}

# Ballots by the positions chosen: (online, paper). () is an abstention.
YES_NO_BALLOTS = {(1,): (9, 4), (2,): (5, 2), (): (1, 1), INVALID: (0, 2)}
# A majority chooses the three dearest projects and gets the whole budget by the greedy rule
# (Spielplatz, Bushaltestelle, Bänke); Equal Shares funds the minority's Blühwiese and
# Fahrradständer instead of the Spielplatz.
BUDGET_BALLOTS = {
    (1, 2, 3): (5, 2),
    (1, 2): (1, 0),
    (4, 5): (3, 1),
    (5,): (1, 0),
    (): (1, 0),
    INVALID: (0, 1),
}
OPEN_BALLOTS = {(1,): (2, 1), (2,): (1, 0)}


def ballot_total(ballots: dict) -> int:
    """Return how many ballots a ballot table holds, both channels together."""
    return sum(online + paper for online, paper in ballots.values())


def seed_vote_results() -> None:
    """Write a closed yes/no vote and a closed budget vote with ballots online and on paper,
    and an open vote with a few ballots."""
    staff = accounts.find_by_email("verwaltung@example.org")
    closed = {"opens_in": -20 * DAY, "open_for": 14 * DAY}
    seeded_vote(YES_NO, YES_NO_BALLOTS, staff, eligible_count=120, **closed)
    seeded_vote(BUDGET, BUDGET_BALLOTS, staff, eligible_count=80, **closed)
    seeded_vote(OPEN, OPEN_BALLOTS, staff, opens_in=-2 * DAY, open_for=14 * DAY)
    db.session.commit()


def seeded_vote(spec: dict, ballots: dict, staff, **timing) -> Vote:
    """Write a published vote with `ballots` and a participation for each of them (flushed)."""
    vote = build_vote(spec, author=staff, **timing)
    positions = {option.position: option.id for option in vote.options}
    number = 0
    for chosen, counts in ballots.items():
        for channel, times in zip(Channel, counts, strict=True):
            for _ in range(times):
                participate(vote, number, channel, staff)
                store(vote, chosen, positions, channel)
                number += 1
    vote.ballot_count = number
    db.session.flush()
    return vote


def store(vote: Vote, chosen, positions: dict[int, int], channel: Channel) -> None:
    """Store one ballot choosing the options at the positions `chosen` (or an invalid one)."""
    if chosen == INVALID:
        store_ballot(vote, [], channel=channel, status=BallotStatus.INVALID)
    else:
        store_ballot(vote, [positions[p] for p in chosen], channel=channel)


def participate(vote: Vote, number: int, channel: Channel, staff) -> None:
    """Record that an invented person (told apart by birth date) took part."""
    paper = channel is Channel.PAPER
    db.session.add(
        VoteParticipation(
            vote_id=vote.id,
            identity_key=identity_key("Probe", "Erika", date(1950, 1, 1) + number * DAY),
            channel=channel,
            day=vote.opens_at.date() + DAY,
            recorded_by_id=staff.id if paper and staff else None,
        )
    )


# --- visits --------------------------------------------------------------------------------


def vote_id(server: LiveServer, spec: dict) -> int:
    """Return the id of the vote seeded from `spec`."""
    with server.app.app_context():
        found = db.session.scalar(select(Vote.id).where(Vote.title == spec["title"]))
    assert found is not None, f"no vote is called {spec['title']!r}"
    return found


def receipt_of(server: LiveServer, spec: dict, status: BallotStatus) -> str:
    """Return the receipt code of a ballot with `status` in the vote seeded from `spec`."""
    wanted = vote_id(server, spec)
    with server.app.app_context():
        query = select(Ballot.receipt).where(Ballot.vote_id == wanted, Ballot.status == status)
        found = db.session.scalar(query.order_by(Ballot.receipt).limit(1))
    assert found, f"no {status} ballot with a receipt in {spec['title']!r}"
    return found


def results(spec: dict, path: str, status: int = 200, shows: tuple[str, ...] = ()):
    """Return a visit to `path` (after /votes/<id>) of the vote seeded from `spec`."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        address = f"/votes/{vote_id(server, spec)}{path}"
        go(address, status=status, shows=shows)(page, server, lang)

    return visit


def found_receipt(page: Page, server: LiveServer, lang: str) -> None:
    """Check the receipt code of a valid ballot of the closed yes/no vote: it is found."""
    code = receipt_of(server, YES_NO, BallotStatus.VALID)
    results(YES_NO, f"/check-receipt?code={code}", shows=("#found-heading", ".receipt-result"))(
        page, server, lang
    )


CODE_FIELD = "main form.receipt-check #code"
NOT_YET = (".survey-notice",)

VOTE_RESULTS_PAGES: list[PageCase] = [
    PageCase(
        "vote-results-tally",
        results(YES_NO, "/tally", shows=("svg.chart", "#turnout-heading", "#list-heading")),
        role="staff",
    ),
    PageCase(
        "vote-results-tally-budget",
        results(BUDGET, "/tally", shows=("svg.chart", "#budget-heading", "#rules-heading")),
        role="staff",
    ),
    PageCase("vote-results-tally-not-yet", results(OPEN, "/tally", shows=NOT_YET), role="staff"),
    PageCase("vote-results-ballots-not-yet", results(OPEN, "/ballots", shows=NOT_YET)),
    PageCase(
        "vote-results-ballots",
        results(YES_NO, "/ballots", shows=(".results-downloads a", CODE_FIELD)),
    ),
    PageCase("vote-results-check", results(YES_NO, "/check-receipt", shows=(CODE_FIELD,))),
    PageCase("vote-results-check-found", found_receipt),
    PageCase(
        "vote-results-check-unknown",
        results(YES_NO, "/check-receipt?code=ZZZZ-ZZZZ-ZZZZ", shows=(".survey-notice",)),
    ),
    PageCase(
        "vote-results-check-malformed",
        results(
            YES_NO, "/check-receipt?code=12345", status=400, shows=(".form-summary", CODE_FIELD)
        ),
    ),
]
