"""The hand-out pages: the list of open votes with counts, the form, a hand-out and the empty
form for the next person, refusals that keep what was typed, votes without a form, access."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.votes import casting
from participation.votes.models import Eligibility, VoteParticipation
from tests.access import ROLES, role_id
from tests.conftest import verify_person
from tests.querycount import counted_queries
from tests.votes import conftest as vote_fixtures

staff, make_vote, districts = vote_fixtures.staff, vote_fixtures.make_vote, vote_fixtures.districts
BASE = "/paper/handout"
REFUSED = "Diese Person hat schon abgestimmt oder schon einen Stimmzettel bekommen."
DONE = "Stimmzettel ausgeben: Die Ausgabe ist eingetragen."


def id_card(**changes) -> dict:
    """Return what staff type from the ID (and the box they tick), with `changes`."""
    data = {
        "surname": "Zwetschgenbaum",
        "given_names": "Lieselotte",
        "birth_date": "13.07.1961",
        "id_seen": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def paper_count(db, vote) -> int:
    """Return how many paper ballots of `vote` were handed out."""
    query = select(func.count()).where(
        VoteParticipation.vote_id == vote.id, VoteParticipation.channel == Channel.PAPER
    )
    return db.session.scalar(query)


def text_of(response) -> str:
    """Return the page's HTML."""
    return response.get_data(as_text=True)


def field_value(page: str, name: str) -> str | None:
    """Return the value attribute of the input called `name` (None when it has none)."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else None


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_only_staff_may_use_the_pages(client, login_as, make_vote, db, role):
    vote = make_vote()
    if role is not None:
        login_as(role)
    responses = [
        client.get(f"{BASE}/"),
        client.get(f"{BASE}/{vote.id}"),
        client.post(f"{BASE}/{vote.id}", data=id_card()),
    ]
    statuses = [response.status_code for response in responses]
    if role is Role.STAFF:
        assert statuses == [200, 200, 302]
    elif role is None:
        assert statuses == [302] * 3
        assert all("/account/signin" in response.location for response in responses)
    else:
        assert statuses == [403] * 3
    assert paper_count(db, vote) == (1 if role is Role.STAFF else 0)


def test_an_unknown_vote_is_not_found(client, login_as):
    login_as(Role.STAFF)
    assert client.get(f"{BASE}/999999").status_code == 404
    assert client.post(f"{BASE}/999999", data=id_card()).status_code == 404


def test_the_pages_are_not_cached(client, login_as, make_vote):
    login_as(Role.STAFF)
    vote = make_vote()
    for response in (client.get(f"{BASE}/"), client.post(f"{BASE}/{vote.id}", data=id_card())):
        assert response.headers["Cache-Control"] == "no-store"


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_open_votes_with_counts_only(client, login_as, make_vote, db):
    login_as(Role.STAFF)
    verified = make_vote()
    residents = make_vote(eligibility=Eligibility.RESIDENTS)
    draft = make_vote(published=False)
    closed = make_vote(opens_in=timedelta(days=-20), open_for=timedelta(days=5))
    verified.title, residents.title = "Offen für Bestätigte", "Offen für alle"
    draft.title, closed.title = "Noch ein Entwurf", "Schon vorbei"
    db.session.flush()
    client.post(f"{BASE}/{verified.id}", data=id_card())
    client.post(f"{BASE}/{verified.id}", data=id_card(surname="Pflaumenbaum"))
    page = text_of(client.get(f"{BASE}/"))
    assert "Offen für Bestätigte" in page and "Offen für alle" in page
    assert "Noch ein Entwurf" not in page and "Schon vorbei" not in page
    assert f'href="{BASE}/{verified.id}"' in page
    item = page[page.index("Offen für Bestätigte") :]
    assert re.search(r"Heute ausgegeben</dt><dd>2<", item)
    assert re.search(r"Insgesamt ausgegeben</dt><dd>2<", item)
    assert "wird nicht eingetragen" in page[page.index("Offen für alle") :]
    assert "Zwetschgenbaum" not in page and "Pflaumenbaum" not in page


def test_the_list_says_when_no_vote_is_open(client, login_as, make_vote):
    login_as(Role.STAFF)
    make_vote(published=False)
    assert "Zurzeit läuft keine Abstimmung." in text_of(client.get(f"{BASE}/"))


def test_the_list_runs_as_many_queries_for_many_votes_as_for_few(client, login_as, make_vote, db):
    login_as(Role.STAFF)
    counts = []
    for more in (2, 6):
        for number in range(more):
            vote = make_vote()
            client.post(f"{BASE}/{vote.id}", data=id_card(surname=f"Person{'x' * number}"))
        with counted_queries(db.engine) as statements:
            assert client.get(f"{BASE}/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


# --- the form ---------------------------------------------------------------------------------


def test_the_form_asks_for_the_id_and_puts_the_cursor_in_the_surname(client, login_as, make_vote):
    login_as(Role.STAFF)
    vote = make_vote()
    page = text_of(client.get(f"{BASE}/{vote.id}"))
    for name in ("surname", "given_names", "birth_date", "id_seen"):
        assert f'name="{name}"' in page
    assert 'name="district"' not in page  # a vote for the whole town
    assert re.search(r'<input[^>]*autofocus[^>]*name="surname"', page)
    assert 'autocomplete="off"' in page and "Ausweis gesehen" in page
    assert vote.title in page


def test_a_handout_confirms_and_shows_an_empty_form_for_the_next_person(
    client, login_as, make_vote, db
):
    login_as(Role.STAFF)
    vote = make_vote()
    response = client.post(f"{BASE}/{vote.id}", data=id_card())
    assert response.status_code == 302
    assert response.location.endswith(f"{BASE}/{vote.id}")
    page = text_of(client.get(response.location))
    assert DONE in page
    assert "Zwetschgenbaum" not in page and "Lieselotte" not in page and "1961" not in page
    for name in ("surname", "given_names", "birth_date"):
        assert not field_value(page, name)
    assert re.search(r"Heute ausgegeben</dt><dd>1<", page)
    assert paper_count(db, vote) == 1


def test_a_second_handout_is_refused_and_keeps_what_was_typed(client, login_as, make_vote, db):
    login_as(Role.STAFF)
    vote = make_vote()
    client.post(f"{BASE}/{vote.id}", data=id_card(), follow_redirects=True)
    typed = id_card(surname="ZWETSCHGENBAUM", given_names="Lieselotte Maria")
    response = client.post(f"{BASE}/{vote.id}", data=typed)
    page = text_of(response)
    assert response.status_code == 409
    assert REFUSED in page and 'id="handout-refusal"' in page
    assert "Einen verlorenen Stimmzettel können wir nicht ersetzen" in page
    assert field_value(page, "surname") == "ZWETSCHGENBAUM"
    assert field_value(page, "given_names") == "Lieselotte Maria"
    assert field_value(page, "birth_date") == "13.07.1961"
    assert DONE not in page
    assert paper_count(db, vote) == 1


def test_a_person_who_voted_online_is_refused_with_the_same_words(
    client, login_as, make_vote, make_user
):
    login_as(Role.STAFF)
    vote = make_vote()
    account = make_user()
    verify_person(account, "Zwetschgenbaum", "Lieselotte", date(1961, 7, 13))
    casting.cast(account, vote, [vote.options[0].id], abstain=False)
    page = text_of(client.post(f"{BASE}/{vote.id}", data=id_card()))
    assert REFUSED in page
    assert "online abgestimmt" in page  # only in the general advice, never about this person


def test_mistakes_in_the_form_keep_what_was_typed(client, login_as, make_vote, db):
    login_as(Role.STAFF)
    vote = make_vote()
    response = client.post(f"{BASE}/{vote.id}", data=id_card(birth_date="31.02.1961", id_seen=None))
    page = text_of(response)
    assert response.status_code == 400
    assert "Dieses Datum gibt es nicht" in page
    assert "Bitte bestätigen Sie, dass Sie einen gültigen Ausweis gesehen haben." in page
    assert field_value(page, "surname") == "Zwetschgenbaum"
    assert field_value(page, "birth_date") == "31.02.1961"
    assert paper_count(db, vote) == 0


def test_a_district_vote_asks_for_the_district_and_refuses_others(
    client, login_as, make_vote, db, districts
):
    login_as(Role.STAFF)
    vote = make_vote(districts=["Innenstadt"])
    page = text_of(client.get(f"{BASE}/{vote.id}"))
    assert "<select" in page and 'name="district"' in page
    assert ">Schlettwein<" in page  # what the ID says can be chosen, and is refused
    assert "Diese Abstimmung gilt nur für: Innenstadt." in page
    missing = client.post(f"{BASE}/{vote.id}", data=id_card())
    assert missing.status_code == 400
    assert "Bitte wählen Sie den Ortsteil aus der Anschrift im Ausweis." in text_of(missing)
    unknown = client.post(f"{BASE}/{vote.id}", data=id_card(district="Atlantis"))
    assert unknown.status_code == 400
    wrong = client.post(f"{BASE}/{vote.id}", data=id_card(district="Schlettwein"))
    assert wrong.status_code == 409
    assert "nicht in einem Ortsteil, für den diese Abstimmung gilt" in text_of(wrong)
    assert re.search(r'<option selected value="Schlettwein">', text_of(wrong))
    assert paper_count(db, vote) == 0
    right = client.post(f"{BASE}/{vote.id}", data=id_card(district="Innenstadt"))
    assert right.status_code == 302 and paper_count(db, vote) == 1


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"published": False}, "noch nicht veröffentlicht"),
        ({"opens_in": timedelta(days=2)}, "hat noch nicht begonnen"),
        ({"opens_in": timedelta(days=-20), "open_for": timedelta(days=5)}, "ist beendet"),
    ],
)
def test_a_vote_that_is_not_open_has_no_form(client, login_as, make_vote, db, options, says):
    login_as(Role.STAFF)
    vote = make_vote(**options)
    page = text_of(client.get(f"{BASE}/{vote.id}"))
    assert says in page and 'id="handout-closed"' in page
    assert 'name="surname"' not in page
    response = client.post(f"{BASE}/{vote.id}", data=id_card())
    assert response.status_code == 409 and says in text_of(response)
    assert paper_count(db, vote) == 0


def test_a_vote_for_all_residents_explains_why_nothing_is_recorded(client, login_as, make_vote, db):
    login_as(Role.STAFF)
    vote = make_vote(eligibility=Eligibility.RESIDENTS)
    page = text_of(client.get(f"{BASE}/{vote.id}"))
    assert 'id="handout-residents"' in page and "Hier wird nichts eingetragen" in page
    assert "online und zusätzlich auf Papier abstimmt" in page
    assert "Nur im Bürgerbüro bestätigte Einwohnerinnen und Einwohner" in page
    assert "<form" not in page.split('id="main"')[1].split("</main>")[0]
    assert client.post(f"{BASE}/{vote.id}", data=id_card()).status_code == 409
    assert paper_count(db, vote) == 0


def test_the_staff_member_who_handed_out_is_kept(client, login_as, make_vote, db):
    desk = login_as(Role.STAFF)
    vote = make_vote()
    client.post(f"{BASE}/{vote.id}", data=id_card())
    participation = db.session.scalar(
        select(VoteParticipation).where(VoteParticipation.vote_id == vote.id)
    )
    assert participation.recorded_by_id == desk.id and participation.user_id is None
