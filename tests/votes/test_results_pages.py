"""The tally page (staff, after close), the public ballot list with its downloads, and the
receipt check: contents, order, permissions per role and phase, query counts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import null

from participation.core import codes
from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.extensions import db
from participation.votes import export, mixing
from participation.votes.ballots import store_ballot
from participation.votes.models import Ballot, BallotStatus, VoteKind
from tests.querycount import counted_queries

CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}
UPCOMING = {"opens_in": timedelta(days=2)}


def cast(vote, positions=(), channel=Channel.ONLINE, status=None) -> Ballot:
    """Store one ballot choosing the options at these positions (1-based)."""
    options = {option.position: option.id for option in vote.options}
    return store_ballot(vote, [options[p] for p in positions], channel=channel, status=status)


@pytest.fixture()
def closed_vote(make_vote):
    """A closed yes/no vote: 3 Ja and 1 Nein online, 1 Ja and 1 invalid on paper, 1 abstention."""
    vote = make_vote(VoteKind.YES_NO, eligible_count=20, **CLOSED)
    for _ in range(3):
        cast(vote, [1])
    cast(vote, [2])
    cast(vote, [1], Channel.PAPER)
    cast(vote, [], Channel.PAPER, BallotStatus.INVALID)
    cast(vote, [])
    return vote


def text_of(response) -> str:
    """Return the page with runs of white space as one space, and none between tags."""
    return re.sub(r"> <", "><", " ".join(response.get_data(as_text=True).split()))


# The tally page ---------------------------------------------------------------------------


def test_staff_see_the_tally_after_close(client, login_as, closed_vote):
    login_as(Role.STAFF)
    page = text_of(client.get(f"/votes/{closed_vote.id}/tally"))
    assert "Es wurden 7 Stimmzettel abgegeben." in page
    assert "Davon online: 5. Davon auf Papier: 2." in page
    assert "Wahlbeteiligung: 35,0 % von 20 Stimmberechtigten." in page
    assert 'role="img"' in page  # the chart, with the same numbers in the table
    # Ja: 3 online, 1 paper, 4 of 5 valid = 80 %; abstentions and invalid: 1 of 7 = 14.3 %.
    cells = "".join(
        f'<td class="kern-table__cell kern-table__cell--numeric">{text}</td>'
        for text in ("3", "1", "4", "80,0 %")
    )
    assert '<th scope="row" class="kern-table__header">Ja</th>' + cells in page
    assert "14,3 %" in page


def test_staff_before_close_see_that_the_vote_still_runs(client, db, login_as, make_vote):
    login_as(Role.STAFF)
    vote = make_vote()
    cast(vote, [1])
    vote.ballot_count = 1
    db.session.flush()
    page = text_of(client.get(f"/votes/{vote.id}/tally"))
    assert "Die Abstimmung läuft noch bis" in page
    assert "Bisher hat 1 Person abgestimmt." in page
    assert "Stimmen je Antwort" not in page
    upcoming = text_of(client.get(f"/votes/{make_vote(**UPCOMING).id}/tally"))
    assert "Die Abstimmung hat noch nicht begonnen." in upcoming
    draft = text_of(client.get(f"/votes/{make_vote(published=False).id}/tally"))
    assert "Die Abstimmung ist noch nicht veröffentlicht." in draft


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.VERIFIED, Role.COUNCIL, Role.MODERATOR])
def test_others_may_not_see_the_tally(client, login_as, closed_vote, role):
    login_as(role)
    assert client.get(f"/votes/{closed_vote.id}/tally").status_code == 403


def test_guests_are_sent_to_sign_in_and_unknown_votes_are_missing(client, login_as, closed_vote):
    response = client.get(f"/votes/{closed_vote.id}/tally")
    assert response.status_code == 302 and "/account/signin" in response.location
    login_as(Role.STAFF)
    assert client.get("/votes/999999/tally").status_code == 404


def test_the_budget_tally_shows_both_rules_side_by_side(client, login_as, make_vote):
    vote = make_vote(VoteKind.BUDGET, **CLOSED)
    for positions, times in (([4, 2, 3], 7), ([1, 5, 3], 5)):  # see test_tally: they differ
        for _ in range(times):
            cast(vote, positions)
    login_as(Role.STAFF)
    page = text_of(client.get(f"/votes/{vote.id}/tally"))
    assert "Die beiden Regeln kommen hier zu verschiedenen Ergebnissen." in page
    assert "Bei Gleichstand kommt das günstigere Projekt zuerst" in page
    assert "Mehrheitsregel" in page and "Methode der gleichen Anteile" in page
    # Spent: greedy 30,000 (Bücher, Brunnen, Beleuchtung), Equal Shares 28,000, 2,000 left.
    assert "30.000 €" in page and "28.000 €" in page and "2.000 €" in page
    assert "12 Personen haben Projekte gewählt." in page
    assert "2.500,00 €" in page


def test_a_budget_tally_without_ballots(client, login_as, make_vote):
    vote = make_vote(VoteKind.BUDGET, **CLOSED)
    login_as(Role.STAFF)
    page = text_of(client.get(f"/votes/{vote.id}/tally"))
    assert "Bei dieser Abstimmung wurde kein Stimmzettel abgegeben." in page
    assert "Niemand hat ein Projekt gewählt." in page


def test_the_tally_page_takes_the_same_queries_for_any_number_of_ballots(
    app, client, db, login_as, make_vote
):
    login_as(Role.STAFF)
    counts = []
    for ballots in (1, 30):
        vote = make_vote(VoteKind.BUDGET, **CLOSED)
        for _ in range(ballots):
            cast(vote, [1, 3])
            cast(vote, [2], Channel.PAPER)
        mixing.ensure_mixed(vote)  # the page mixes first when ballots came in: tested below
        cold = []
        for visit in (cold, []):  # counted, then read from the stored counts
            with counted_queries(db.engine) as statements:
                assert client.get(f"/votes/{vote.id}/tally").status_code == 200
            visit.extend(statements)
        counts.append((len(cold), len(statements)))
    assert counts[0] == counts[1]
    # Savepoints, the user and roles, the vote, whether to mix, the stored counts (tally and
    # ballot groups, each with the vote's results version), the unread notifications; the
    # first visit also counts (options, two counts, the ballot groups) and stores both.
    assert counts[0][1] <= 9 < counts[0][0]


@pytest.mark.parametrize("path", ["tally", "ballots", "ballots.csv", "ballots.json"])
def test_the_tally_and_the_ballot_list_mix_new_ballots_first(
    client, db, login_as, closed_vote, path
):
    login_as(Role.STAFF)
    assert mixing.needs_mixing(closed_vote)
    assert client.get(f"/votes/{closed_vote.id}/{path}").status_code == 200
    db.session.expire_all()
    assert not mixing.needs_mixing(closed_vote)
    assert closed_vote.mixed_count == 7


# The ballot list and its downloads ---------------------------------------------------------


def test_the_ballot_list_page_is_public_after_close(client, closed_vote):
    page = text_of(client.get(f"/votes/{closed_vote.id}/ballots"))
    assert "Die Liste enthält 7 Stimmzettel." in page
    assert f"/votes/{closed_vote.id}/ballots.csv" in page
    assert f"/votes/{closed_vote.id}/ballots.json" in page
    assert 'name="code"' in page


def test_before_close_there_is_no_list_yet(client, make_vote):
    vote = make_vote()
    cast(vote, [1])
    page = text_of(client.get(f"/votes/{vote.id}/ballots"))
    assert "Nach dem Ende der Abstimmung veröffentlichen wir hier die Liste" in page
    assert "ballots.csv" not in page
    for path in ("ballots.csv", "ballots.json"):
        assert client.get(f"/votes/{vote.id}/{path}").status_code == 404
    assert "Die Abstimmung läuft noch" in text_of(client.get(f"/votes/{vote.id}/check-receipt"))


def test_drafts_are_missing_for_the_public(client, make_vote):
    vote = make_vote(published=False)
    for path in ("ballots", "ballots.csv", "ballots.json", "check-receipt"):
        assert client.get(f"/votes/{vote.id}/{path}").status_code == 404


def csv_rows(response) -> list[list[str]]:
    """Return the rows of a CSV download (without its byte order mark)."""
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_lists_every_ballot_by_receipt_code(client, closed_vote):
    ballot_ids = {ballot.id for ballot in Ballot.query.filter_by(vote_id=closed_vote.id)}
    response = client.get(f"/votes/{closed_vote.id}/ballots.csv")
    assert response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == ["Quittungscode", "Weg", "Wertung", "Gewählt", "1. Ja", "2. Nein"]
    assert len(rows) == 7
    receipts = [row[0] for row in rows]
    assert receipts == sorted(receipts)
    stored = {b.receipt for b in Ballot.query.filter_by(vote_id=closed_vote.id)}
    assert set(receipts) == stored
    body = response.get_data(as_text=True)
    assert not any(ballot_id in body for ballot_id in ballot_ids)  # never the ballot id
    summary = sorted(tuple(row[1:]) for row in rows)
    assert summary == sorted(
        [("Online", "Gültig", "Ja", "1", "0")] * 3
        + [("Online", "Gültig", "Nein", "0", "1"), ("Auf Papier", "Gültig", "Ja", "1", "0")]
        + [("Auf Papier", "Ungültig", "", "0", "0"), ("Online", "Enthaltung", "", "0", "0")]
    )


def test_the_json_lists_every_ballot_by_receipt_code(client, closed_vote):
    response = client.get(f"/votes/{closed_vote.id}/ballots.json")
    data = json.loads(response.get_data(as_text=True))
    assert data["vote"]["title"] == closed_vote.title
    yes, no = (option["id"] for option in data["vote"]["options"])
    ballots = data["ballots"]
    assert [b["receipt"] for b in ballots] == sorted(b["receipt"] for b in ballots)
    assert set(ballots[0]) == {"receipt", "channel", "status", "choices"}
    assert sorted((b["channel"], b["status"], tuple(b["choices"])) for b in ballots) == sorted(
        [("online", "valid", (yes,))] * 3
        + [("online", "valid", (no,)), ("paper", "valid", (yes,))]
        + [("paper", "invalid", ()), ("online", "abstention", ())]
    )


def test_the_list_is_streamed_in_chunks_and_ballots_without_a_code_come_last(
    client, db, make_vote, monkeypatch
):
    monkeypatch.setattr(export, "CHUNK", 3)
    vote = make_vote(VoteKind.BUDGET, **CLOSED)
    for index in range(8):
        cast(vote, [1 + index % 5])
    for chosen in ([], [vote.options[0].id]):  # paper ballots without a code
        store_ballot(vote, chosen, channel=Channel.PAPER).receipt = null()
    db.session.flush()
    _header, *rows = csv_rows(client.get(f"/votes/{vote.id}/ballots.csv"))
    assert len(rows) == 10
    receipts = [row[0] for row in rows[:8]]
    assert receipts == sorted(receipts) and "" not in receipts
    assert [row[0] for row in rows[8:]] == ["", ""]
    data = json.loads(client.get(f"/votes/{vote.id}/ballots.json").get_data(as_text=True))
    assert [b["receipt"] for b in data["ballots"]] == receipts + [None, None]


def test_formula_like_titles_are_defused_in_the_csv(client, make_vote):
    spec = {"title": "Formel", "kind": VoteKind.SINGLE, "options": [("=1+1", ""), ("B", "")]}
    vote = make_vote(VoteKind.SINGLE, spec=spec, **CLOSED)
    cast(vote, [1])
    header, row = csv_rows(client.get(f"/votes/{vote.id}/ballots.csv"))
    assert header[4] == "1. =1+1"  # the number in front keeps it from being a formula
    assert row[3] == "'=1+1"


# The receipt check --------------------------------------------------------------------------


def test_a_voter_finds_their_ballot_however_they_type_the_code(client, closed_vote):
    ballot = cast(closed_vote, [2], Channel.ONLINE)
    typed = ballot.receipt.replace("-", " ").lower()
    page = text_of(
        client.get(f"/votes/{closed_vote.id}/check-receipt", query_string={"code": typed})
    )
    assert "Ihr Stimmzettel ist in der Liste." in page
    assert ballot.receipt in page
    assert "<li>Nein</li>" in page
    squeezed = ballot.receipt.replace("-", "").replace("0", "o").replace("1", "l")
    again = client.get(f"/votes/{closed_vote.id}/check-receipt?code={squeezed}")
    assert "Ihr Stimmzettel ist in der Liste." in again.get_data(as_text=True)


def test_an_abstention_is_found_as_one(client, closed_vote):
    ballot = cast(closed_vote, [])
    page = text_of(client.get(f"/votes/{closed_vote.id}/check-receipt?code={ballot.receipt}"))
    assert "Nichts: Sie haben sich enthalten." in page


def test_an_unknown_code_is_said_to_be_unknown(client, closed_vote, make_vote):
    other = make_vote(**CLOSED)
    elsewhere = cast(other, [1])  # a real code, but of another vote
    for code in ("AAAA-BBBB-CCCC", elsewhere.receipt):
        response = client.get(f"/votes/{closed_vote.id}/check-receipt?code={code}")
        assert response.status_code == 200
        assert "Diesen Quittungscode gibt es bei dieser Abstimmung nicht." in text_of(response)


@pytest.mark.parametrize("typed", ["ABC", "AAAA-BBBB-CCCU", "AAAA-BBBB-CCCC-D", " "])
def test_what_cannot_be_a_code_is_refused_and_kept(client, closed_vote, typed):
    response = client.get(f"/votes/{closed_vote.id}/check-receipt", query_string={"code": typed})
    assert response.status_code == 400
    page = text_of(response)
    assert "Bitte prüfen Sie Ihre Eingaben" in page
    if typed.strip():
        assert f'value="{typed}"' in page


def test_the_empty_check_form(client, closed_vote):
    response = client.get(f"/votes/{closed_vote.id}/check-receipt")
    assert response.status_code == 200
    page = text_of(response)
    assert 'name="code"' in page and "Bitte prüfen Sie" not in page


def test_a_paper_voter_finds_their_ballot_by_the_code_on_the_sheet(client, closed_vote):
    ballot = cast(closed_vote, [2], Channel.PAPER)
    ballot.receipt = "PN-7K3M-9Q2X-" + codes.check_character("7K3M9Q2X")
    db.session.flush()
    typed = ballot.receipt.lower().replace("-", " ")
    page = text_of(
        client.get(f"/votes/{closed_vote.id}/check-receipt", query_string={"code": typed})
    )
    assert "Ihr Stimmzettel ist in der Liste." in page and ballot.receipt in page
