"""The public vote pages in the browser's order: list, vote page, check, change, cast, receipt;
errors, refusals, the discussion, the rate limit and the number of queries."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from participation.core.models import utcnow
from participation.core.permissions import Role
from participation.extensions import db
from participation.votes.casting_receipts import SESSION_KEY
from participation.votes.models import Ballot, Eligibility, VoteKind, VoteParticipation
from tests.conftest import put_signed_in
from tests.querycount import counted_queries
from tests.votes.test_casting import ids

CONFIRM = "Ihre Stimme kann danach nicht mehr geändert werden."


def sign_in(client, user):
    """Sign `user` in on `client`; return the user."""
    put_signed_in(client, user)
    return user


@pytest.fixture()
def signed_voter(client, make_voter):
    """A verified resident of Innenstadt, signed in."""
    return sign_in(client, make_voter(district="Innenstadt"))


def page_text(reply) -> str:
    """Return the reply's HTML with entities decoded."""
    return html.unescape(reply.text)


def stored(vote) -> tuple[int, int]:
    """Return (participations, ballots) stored for `vote`."""
    count = func.count()
    took_part = select(count).where(VoteParticipation.vote_id == vote.id)
    cast = select(count).select_from(Ballot).where(Ballot.vote_id == vote.id)
    return db.session.scalar(took_part), db.session.scalar(cast)


# --- the list


def test_list_shows_open_upcoming_and_closed_votes_with_turnout_never_drafts(client, make_vote):
    closed = make_vote(opens_in=timedelta(days=-20), open_for=timedelta(days=5))
    upcoming = make_vote(VoteKind.SINGLE, opens_in=timedelta(days=3))
    draft = make_vote(VoteKind.MULTIPLE, published=False)
    current = make_vote(VoteKind.BUDGET)
    for vote, title in ((closed, "Alt"), (upcoming, "Bald"), (draft, "Geheim"), (current, "Jetzt")):
        vote.title = f"Abstimmung {title}"
    closed.ballot_count = 7
    db.session.flush()
    page = page_text(client.get("/votes/"))
    assert "Abstimmung Geheim" not in page
    assert page.index("Abstimmung Jetzt") < page.index("Abstimmung Bald")
    assert page.index("Abstimmung Bald") < page.index("Abstimmung Alt")
    assert "Läuft bis" in page and "Beginnt am" in page and "Beendet am" in page
    assert "7 Personen haben abgestimmt." in page
    assert "Bürgerbudget (Projekte mit Kosten)" in page


def test_the_list_marks_the_votes_taken_part_in(client, make_vote, signed_voter):
    vote = make_vote()
    assert "Sie haben abgestimmt" not in client.get("/votes/").text
    client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 1)})
    assert "Sie haben abgestimmt" in client.get("/votes/").text


def test_closed_votes_are_paged(client, make_vote):
    for number in range(22):
        vote = make_vote(opens_in=timedelta(days=-30 - number), open_for=timedelta(days=2))
        vote.title = f"Frühere Abstimmung Nr. {number:02d}"
    db.session.flush()
    first = page_text(client.get("/votes/"))
    assert "Nr. 00" in first and "Nr. 19" in first and "Nr. 20" not in first
    assert "Seite 1 von 2" in first
    second = page_text(client.get("/votes/?page=2"))
    assert "Nr. 20" in second and "Nr. 21" in second and "Nr. 00" not in second


# --- the vote's page


def test_the_page_shows_facts_options_and_a_radio_ballot(client, make_vote, signed_voter):
    vote = make_vote(VoteKind.SINGLE, districts=["Innenstadt", "Öpitz"], eligible_count=400)
    vote.ballot_count = 50
    vote.closes_at = datetime(2099, 1, 15, 17, 0, tzinfo=UTC)  # 18:00 in Pößneck (winter)
    db.session.flush()
    page = page_text(client.get(f"/votes/{vote.id}"))
    assert "Eine Antwort aus mehreren" in page and "15.01.99, 18:00" in page
    assert "Nur im Bürgerbüro bestätigte" in page and "Innenstadt, Öpitz" in page
    assert "50 Personen haben abgestimmt." in page and "12,5\xa0%" in page
    assert "<strong>ein</strong> neues Spielgerät" in page  # the explanation, as Markdown
    option = vote.options[0]
    assert f'type="radio" name="choice" id="choice-{option.id}" value="{option.id}"' in page
    assert f'aria-describedby="choice-{option.id}-description"' in page
    assert "Mit Rutsche, für Kinder ab 4 Jahren." in page
    assert 'value="abstain"' in page and "Ich enthalte mich" in page
    assert 'aria-describedby="ballot-hint"' in page
    assert "Diskussion (0)" in page


def test_budget_ballots_are_check_boxes_with_costs_and_the_budget(client, make_vote, signed_voter):
    vote = make_vote(VoteKind.BUDGET)
    page = page_text(client.get(f"/votes/{vote.id}"))
    assert page.count('type="checkbox" name="choice"') == 6  # five projects and abstaining
    assert "Trinkbrunnen am Markt – 12.000\xa0€" in page
    assert "höchstens 30.000\xa0€ kosten" in page
    assert 'data-cost="12000"' in page and "js/vote-budget.js" in page


def test_multiple_choice_says_how_many(client, make_vote, signed_voter):
    vote = make_vote(VoteKind.MULTIPLE)
    page = page_text(client.get(f"/votes/{vote.id}"))
    assert "Wählen Sie bis zu 2 Antworten." in page
    assert page.count('type="checkbox" name="choice"') == 5
    assert "js/vote-budget.js" not in page


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"opens_in": timedelta(days=2)}, "Die Abstimmung hat noch nicht begonnen."),
        (
            {"opens_in": timedelta(days=-10), "open_for": timedelta(days=3)},
            "Die Abstimmung ist beendet.",
        ),
        ({"districts": ["Köstitz"]}, "Ihr Ortsteil gehört nicht dazu."),
    ],
)
def test_the_page_says_why_there_is_no_ballot(client, make_vote, signed_voter, options, message):
    vote = make_vote(**options)
    page = page_text(client.get(f"/votes/{vote.id}"))
    assert message in page and 'name="choice"' not in page
    assert vote.options[0].title in page  # the answers are listed all the same


def test_guests_and_unverified_accounts_are_told_what_to_do(client, vote, login_as):
    page = page_text(client.get(f"/votes/{vote.id}"))
    assert "Bitte melden Sie sich an, um abzustimmen." in page and "/account/signin" in page
    login_as()
    page = page_text(client.get(f"/votes/{vote.id}"))
    assert "Lassen Sie Ihr Konto im Bürgerbüro bestätigen." in page
    assert 'name="choice"' not in page


def test_suspended_accounts_see_why_and_cannot_send(client, vote, signed_voter):
    signed_voter.suspended_at = utcnow()
    db.session.flush()
    assert "Ihr Konto ist gesperrt." in page_text(client.get(f"/votes/{vote.id}"))
    assert client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 1)}).status_code == 403
    assert stored(vote) == (0, 0)


def test_drafts_are_hidden_from_everyone_but_staff(client, make_vote, login_as):
    draft = make_vote(published=False)
    assert client.get(f"/votes/{draft.id}").status_code == 404
    login_as(Role.VERIFIED)
    assert client.get(f"/votes/{draft.id}").status_code == 404
    assert client.post(f"/votes/{draft.id}/cast", data={"choice": ids(draft, 1)}).status_code == 404
    login_as(Role.STAFF)
    page = client.get(f"/votes/{draft.id}")
    assert page.status_code == 200 and "noch nicht veröffentlicht" in page_text(page)
    assert client.post(f"/votes/{draft.id}/cast", data={"choice": ids(draft, 1)}).status_code == 403
    assert stored(draft) == (0, 0)


def test_after_close_the_page_points_to_the_council_and_the_ballot_list(app, client, make_vote):
    vote = make_vote(opens_in=timedelta(days=-10), open_for=timedelta(days=3))
    page = page_text(client.get(f"/votes/{vote.id}"))
    assert "Das Ergebnis veröffentlicht der Stadtrat." in page
    if "vote_results.ballots" in app.view_functions:
        assert f'href="/votes/{vote.id}/ballots"' in page
    open_vote = make_vote()
    assert "Das Ergebnis veröffentlicht" not in page_text(client.get(f"/votes/{open_vote.id}"))


# --- check, change, cast, receipt


def test_check_change_cast_and_the_receipt_shown_once(client, make_vote, signed_voter):
    vote = make_vote(VoteKind.BUDGET)
    choice = {"choice": [str(i) for i in ids(vote, 2, 3)]}
    check = client.post(f"/votes/{vote.id}/check", data=choice)
    text = page_text(check)
    assert check.status_code == 200 and CONFIRM in text
    assert "Trinkbrunnen am Markt – 12.000\xa0€" in text and "Zusammen: 15.000\xa0€" in text
    assert stored(vote) == (0, 0)
    change = client.post(f"/votes/{vote.id}/check", data={**choice, "action": "change"})
    option = vote.options[1].id
    assert change.status_code == 200 and f'value="{option}" checked' in change.text
    cast = client.post(f"/votes/{vote.id}/cast", data=choice)
    assert cast.status_code == 302 and cast.location.endswith(f"/votes/{vote.id}/receipt")
    receipt = db.session.scalar(select(Ballot.receipt).where(Ballot.vote_id == vote.id))
    shown = client.get(cast.location)
    assert receipt in shown.text and "nur dieses eine Mal" in page_text(shown)
    assert shown.headers["Cache-Control"] == "no-store"
    with client.session_transaction() as session:
        assert SESSION_KEY not in session
    again = page_text(client.get(cast.location))
    assert receipt not in again and "schon angezeigt" in again
    assert stored(vote) == (1, 1)
    assert "schon abgestimmt" in page_text(client.get(f"/votes/{vote.id}"))


def test_abstaining_is_confirmed_in_words(client, vote, signed_voter):
    check = client.post(f"/votes/{vote.id}/check", data={"choice": "abstain"})
    assert "Ich enthalte mich." in page_text(check) and 'value="abstain"' in check.text
    assert client.post(f"/votes/{vote.id}/cast", data={"choice": "abstain"}).status_code == 302
    assert stored(vote) == (1, 1)


def test_the_receipt_page_without_a_ballot_leads_back_to_the_vote(client, vote, signed_voter):
    reply = client.get(f"/votes/{vote.id}/receipt")
    assert reply.status_code == 302 and reply.location.endswith(f"/votes/{vote.id}")


@pytest.mark.parametrize("step", ["check", "cast"])
@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (lambda vote: ["999999"], "gibt es bei dieser Abstimmung nicht"),
        (lambda vote: ["eins"], "gibt es bei dieser Abstimmung nicht"),
        (lambda vote: [str(vote.options[0].id)] * 2, "nur einmal"),
        (lambda vote: [], "„Ich enthalte mich“"),
        (lambda vote: [str(vote.options[0].id), "abstain"], "nur eines davon"),
        (lambda vote: [str(option.id) for option in vote.options[:3]], "höchstens 2"),
        (lambda vote: [str(n) for n in range(5000)], "gibt es bei dieser Abstimmung nicht"),
    ],
)
def test_bad_choices_are_refused_and_kept(client, make_vote, signed_voter, step, choice, message):
    vote = make_vote(VoteKind.MULTIPLE)
    reply = client.post(f"/votes/{vote.id}/{step}", data={"choice": choice(vote)})
    text = page_text(reply)
    assert reply.status_code == 400 and message in text
    assert (
        'aria-describedby="ballot-hint ballot-error"' in text and 'href="#ballot-choices"' in text
    )
    for value in choice(vote)[:2]:
        if value.isdigit() and int(value) in {o.id for o in vote.options}:
            assert f'value="{value}" checked' in text
    assert stored(vote) == (0, 0)


def test_a_budget_over_the_budget_is_refused_with_the_amounts(client, make_vote, signed_voter):
    vote = make_vote(VoteKind.BUDGET)
    reply = client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 1, 2, 4)})
    assert reply.status_code == 400
    assert "35.000 Euro" in page_text(reply) and "30.000 Euro" in page_text(reply)
    assert stored(vote) == (0, 0)


def test_a_ballot_from_another_vote_is_refused(client, make_vote, signed_voter):
    vote, other = make_vote(VoteKind.SINGLE), make_vote(VoteKind.SINGLE)
    reply = client.post(f"/votes/{vote.id}/cast", data={"choice": ids(other, 1)})
    assert reply.status_code == 400 and stored(vote) == (0, 0) and stored(other) == (0, 0)


def test_a_double_click_leads_to_the_receipt_of_the_one_ballot_counted(client, vote, signed_voter):
    first = client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 1)})
    again = client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 1)})
    assert again.status_code == 302 and again.location == first.location
    receipt = client.get(again.location)
    assert re.search(r'id="receipt-code">[0-9A-Z-]{14}<', receipt.get_data(as_text=True))
    assert stored(vote) == (1, 1)


def test_a_second_ballot_is_refused(client, vote, signed_voter):
    assert client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 1)}).status_code == 302
    client.get(f"/votes/{vote.id}/receipt")  # the code is shown and forgotten
    again = client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 2)})
    assert again.status_code == 403 and "schon abgestimmt" in page_text(again)
    check = client.post(f"/votes/{vote.id}/check", data={"choice": ids(vote, 2)})
    assert check.status_code == 403
    assert stored(vote) == (1, 1)


def test_guests_are_sent_to_sign_in(client, vote):
    reply = client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 1)})
    assert reply.status_code == 302 and "/account/signin" in reply.location
    assert stored(vote) == (0, 0)


def test_unverified_accounts_cannot_cast(client, vote, login_as):
    login_as()
    reply = client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 1)})
    assert reply.status_code == 403 and "Bürgerbüro" in page_text(reply)
    assert stored(vote) == (0, 0)


def test_casting_is_rate_limited(app, client, make_vote, signed_voter, monkeypatch):
    monkeypatch.setitem(app.config, "VOTE_CAST_LIMIT", "2 per hour")
    votes = [make_vote() for _ in range(3)]
    statuses = [
        client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 1)}).status_code
        for vote in votes
    ]
    assert statuses == [302, 302, 429]
    assert stored(votes[2]) == (0, 0)


# --- discussion


def test_comments_on_a_vote(client, vote, login_as):
    login_as()
    reply = client.post(f"/comments/thread/{vote.thread_id}", data={"body": "Gute Frage!"})
    assert reply.status_code == 302 and f"/votes/{vote.id}" in reply.location
    page = page_text(client.get(f"/votes/{vote.id}"))
    assert "Diskussion (1)" in page and "Gute Frage!" in page


def test_draft_votes_take_no_comments(client, make_vote, login_as):
    draft = make_vote(published=False)
    login_as()
    reply = client.post(f"/comments/thread/{draft.thread_id}", data={"body": "Psst"})
    assert reply.status_code in (403, 404)


# --- queries


def test_the_list_takes_a_fixed_number_of_queries(client, make_vote, signed_voter):
    def count() -> int:
        with counted_queries(db.engine) as statements:
            assert client.get("/votes/").status_code == 200
        return len(statements)

    make_vote()
    few = count()
    for kind in VoteKind:
        make_vote(kind)
        make_vote(kind, opens_in=timedelta(days=-30), open_for=timedelta(days=2))
    # the test's savepoint, account and roles, open and upcoming, closed and their count,
    # the viewer's participations, the header's notifications
    assert count() == few <= 9


def test_the_vote_page_takes_a_fixed_number_of_queries(client, make_vote, signed_voter):
    vote = make_vote(VoteKind.BUDGET)
    with counted_queries(db.engine) as statements:
        assert client.get(f"/votes/{vote.id}").status_code == 200
    # the test's savepoint, vote and options, account and roles, participation, the thread
    # (the subject twice, comments, the viewer's comment votes), the header's notifications
    assert len(statements) <= 13, "\n".join(statements)


def test_receipts_look_like_receipts(client, vote, signed_voter):
    client.post(f"/votes/{vote.id}/cast", data={"choice": "abstain"})
    text = client.get(f"/votes/{vote.id}/receipt").text
    assert re.search(r'id="receipt-code">[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}<', text)


def test_residents_votes_take_every_signed_in_account(client, make_vote, login_as):
    vote = make_vote(eligibility=Eligibility.RESIDENTS)
    login_as()
    assert 'name="choice"' in client.get(f"/votes/{vote.id}").text
    assert client.post(f"/votes/{vote.id}/cast", data={"choice": ids(vote, 2)}).status_code == 302
    assert stored(vote) == (1, 1)
