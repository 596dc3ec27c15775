"""A vote's options: adding, editing, deleting and moving them; yes/no fixed; budget costs;
limits; what a vote needs before publication; a published vote stays complete."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.core.permissions import Role
from participation.votes import builder_checks
from participation.votes.models import MAX_OPTIONS, VoteKind, VoteOption
from participation.votes.seed import TOWN_FESTIVAL
from tests.votes.test_builder_pages import BASE, audit_entries

LATER = timedelta(days=3)  # published votes that have not opened yet


@pytest.fixture()
def staff_client(client, login_as):
    """The test client, signed in as staff."""
    login_as(Role.STAFF)
    return client


@pytest.fixture()
def in_request(app):
    """A request context, for services whose messages are translated."""
    with app.test_request_context():
        yield


def titles(vote) -> list[str]:
    """Return the vote's option titles in ballot order."""
    return [option.title for option in vote.options]


def add(client, vote, **fields):
    """Post the new-option form of `vote`."""
    return client.post(f"{BASE}/{vote.id}/options", data=fields)


def test_options_are_added_edited_moved_and_deleted(staff_client, db, make_vote):
    vote = make_vote(VoteKind.SINGLE, published=False)
    response = add(staff_client, vote, title="Schaukel", description="Für **alle**.")
    db.session.expire_all()
    new = vote.options[-1]
    assert (new.title, new.position, new.cost) == ("Schaukel", 4, None)
    assert "<strong>alle</strong>" in new.description_html
    assert response.location.endswith(f"{BASE}/{vote.id}/options#option-{new.id}")
    staff_client.post(
        f"{BASE}/{vote.id}/options/{new.id}", data={"title": "Nestschaukel", "description": ""}
    )
    staff_client.post(f"{BASE}/{vote.id}/options/{new.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert titles(vote) == ["Kletterturm", "Seilbahn", "Nestschaukel", "Wasserspielplatz"]
    assert [option.position for option in vote.options] == [1, 2, 3, 4]
    first = vote.options[0]
    staff_client.post(f"{BASE}/{vote.id}/options/{first.id}/delete")
    db.session.expire_all()
    assert titles(vote) == ["Seilbahn", "Nestschaukel", "Wasserspielplatz"]
    assert [option.position for option in vote.options] == [1, 2, 3]
    assert audit_entries(db, "vote.option_changed") == []  # a draft changes unlogged


def test_the_first_option_cannot_move_up(staff_client, db, make_vote):
    vote = make_vote(VoteKind.SINGLE, published=False)
    response = staff_client.post(
        f"{BASE}/{vote.id}/options/{vote.options[0].id}/move", data={"direction": "up"}
    )
    assert "nicht weiter verschoben" in staff_client.get(response.location).text
    db.session.expire_all()
    assert titles(vote)[0] == "Kletterturm"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie die Antwort ein"),
        ({"title": "x" * 201}, "title", "Höchstens 200 Zeichen"),
        ({"title": "Seilbahn"}, "title", "gibt es schon"),
        ({"title": "SEILBAHN"}, "title", "gibt es schon"),
        ({"title": "Rutsche", "description": "x" * 2_001}, "description", "Höchstens 2.000"),
    ],
)
def test_option_rules(staff_client, db, make_vote, fields, field, message):
    vote = make_vote(VoteKind.SINGLE, published=False)
    response = add(staff_client, vote, **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page and f'href="#{field}"' in page
    assert 'value="Rutsche"' in page or fields.get("title") != "Rutsche"
    db.session.expire_all()
    assert len(vote.options) == 3


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        ("", "Bitte geben Sie die Kosten ein"),
        ("0", "Die Kosten müssen mehr als 0 Euro sein"),
        ("-10", "Die Kosten müssen mehr als 0 Euro sein"),
        ("99,99", "in ganzen Euro ein, ohne Cent"),
        ("zehn", "in ganzen Euro ein, ohne Cent"),
        ("30.001", "kostet mehr als das ganze Budget (30.000\xa0€). Es könnte nie ausgewählt"),
        ("999999999999", "Höchstens 1.000.000.000\xa0€"),
    ],
)
def test_a_budget_project_needs_a_cost_within_the_budget(
    staff_client, db, make_vote, cost, message
):
    vote = make_vote(VoteKind.BUDGET, published=False)
    response = add(staff_client, vote, title="Skatepark", cost=cost)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page and 'href="#cost"' in page and 'value="Skatepark"' in page
    db.session.expire_all()
    assert len(vote.options) == 5


def test_a_project_costing_the_whole_budget_is_fine(staff_client, db, make_vote):
    vote = make_vote(VoteKind.BUDGET, published=False)
    assert add(staff_client, vote, title="Skatepark", cost="30.000 €").status_code == 302
    db.session.expire_all()
    assert vote.options[-1].cost == 30_000


def test_editing_a_cost_above_the_budget_is_refused(staff_client, db, make_vote):
    vote = make_vote(VoteKind.BUDGET, published=False)
    option = vote.options[0]
    response = staff_client.post(
        f"{BASE}/{vote.id}/options/{option.id}",
        data={"title": option.title, "description": "", "cost": "31000"},
    )
    assert response.status_code == 400 and "Es könnte nie ausgewählt werden" in response.text
    db.session.expire_all()
    assert option.cost == 8_000


def test_the_options_page_of_a_budget_vote_adds_up_the_costs(staff_client, make_vote):
    vote = make_vote(VoteKind.BUDGET, published=False)
    page = staff_client.get(f"{BASE}/{vote.id}/options").get_data(as_text=True)
    assert "Alle Projekte zusammen kosten 43.000\xa0€" in page
    assert "mehr als das Budget" in page and 'id="cost"' in page


def test_no_more_than_max_options(staff_client, db, make_vote):
    vote = make_vote(VoteKind.SINGLE, published=False)
    for position in range(len(vote.options) + 1, MAX_OPTIONS + 1):
        db.session.add(VoteOption(vote=vote, position=position, title=f"Variante {position}"))
    db.session.flush()
    response = add(staff_client, vote, title="Noch eine")
    assert response.status_code == 400
    assert "höchstens 60 Antwortmöglichkeiten" in response.text
    db.session.expire_all()
    assert len(vote.options) == MAX_OPTIONS


def test_the_options_of_a_yes_no_vote_are_fixed(staff_client, db, make_vote):
    vote = make_vote(VoteKind.YES_NO, published=False)
    yes = vote.options[0]
    page = staff_client.get(f"{BASE}/{vote.id}/options").get_data(as_text=True)
    assert "stehen die Antworten fest" in page and 'id="option-form"' not in page
    for path, data in [
        ("/options", {"title": "Vielleicht"}),
        (f"/options/{yes.id}", {"title": "Jein", "description": ""}),
        (f"/options/{yes.id}/delete", {}),
        (f"/options/{yes.id}/move", {"direction": "down"}),
    ]:
        response = staff_client.post(f"{BASE}/{vote.id}{path}", data=data)
        assert response.status_code == 302, path
    assert "stehen die Antworten fest" in staff_client.get(response.location).text
    db.session.expire_all()
    assert titles(vote) == ["Ja", "Nein"]


# --- what publication needs -----------------------------------------------------------------


def shape(make_vote, kind, **changes):
    """Return a draft of `kind` with `changes` to its fields."""
    vote = make_vote(kind, published=False)
    for name, value in changes.items():
        setattr(vote, name, value)
    return vote


@pytest.mark.parametrize(
    ("kind", "changes", "options", "expected"),
    [
        (VoteKind.SINGLE, {}, 1, "mindestens zwei"),
        (VoteKind.MULTIPLE, {"max_choices": 5}, 4, "bis zu 5 Antworten wählen, es gibt aber nur 4"),
        (VoteKind.MULTIPLE, {"max_choices": None}, 4, "wie viele Antworten man höchstens"),
        (VoteKind.BUDGET, {"budget": 0}, 5, "Legen Sie das Budget fest"),
        (VoteKind.BUDGET, {"budget": 10_000}, 5, "„Trinkbrunnen am Markt“ kostet mehr als"),
    ],
)
def test_publication_needs(in_request, make_vote, kind, changes, options, expected):
    vote = shape(make_vote, kind, **changes)
    vote.options = vote.options[:options]
    problems = builder_checks.missing(vote, builder_checks.options_of(vote))
    assert any(expected in problem for problem in problems), problems


def test_max_choices_may_equal_the_number_of_options(in_request, make_vote):
    vote = shape(make_vote, VoteKind.MULTIPLE, max_choices=4)
    assert builder_checks.missing(vote, builder_checks.options_of(vote)) == []


def test_a_budget_project_without_cost_is_named(in_request, make_vote):
    vote = shape(make_vote, VoteKind.BUDGET)
    vote.options[1].cost = None
    problems = builder_checks.missing(vote, builder_checks.options_of(vote))
    assert problems == ["Beim Projekt „Trinkbrunnen am Markt“ fehlen die Kosten."]


def test_every_example_is_complete(in_request, make_vote):
    for kind in VoteKind:
        vote = make_vote(kind, published=False)
        assert builder_checks.missing(vote, builder_checks.options_of(vote)) == [], kind


# --- a published vote before it opens: changes allowed, logged, and it stays complete ---


def test_a_published_vote_changes_before_it_opens_and_is_logged(staff_client, db, make_vote):
    vote = make_vote(VoteKind.BUDGET, opens_in=LATER)
    add(staff_client, vote, title="Skatepark", cost="9000")
    db.session.expire_all()
    skatepark = vote.options[-1]
    staff_client.post(f"{BASE}/{vote.id}/options/{skatepark.id}/move", data={"direction": "up"})
    staff_client.post(
        f"{BASE}/{vote.id}/options/{skatepark.id}",
        data={"title": "Skatepark", "description": "", "cost": "9500"},
    )
    staff_client.post(f"{BASE}/{vote.id}/options/{skatepark.id}/delete")
    entries = audit_entries(db, "vote.option_changed")
    assert [entry.before["change"] for entry in entries] == ["added", "moved", "edited", "removed"]
    assert all(entry.before["option"] == skatepark.id for entry in entries)
    assert entries[0].after == {"title": "Skatepark", "description": "", "cost": 9_000}
    assert (entries[2].before["cost"], entries[2].after) == (9_000, {"cost": 9_500})
    assert entries[3].before["title"] == "Skatepark" and entries[3].after is None
    assert entries[1].before["phase"] == "upcoming"


def test_a_published_vote_keeps_two_options(staff_client, db, make_vote):
    vote = make_vote(VoteKind.SINGLE, opens_in=LATER)
    vote.options = vote.options[:2]
    db.session.flush()
    response = staff_client.post(f"{BASE}/{vote.id}/options/{vote.options[0].id}/delete")
    shown = staff_client.get(response.location).get_data(as_text=True)
    assert "veröffentlicht und muss vollständig bleiben" in shown
    db.session.expire_all()
    assert len(vote.options) == 2


def test_a_published_multiple_choice_keeps_enough_options_for_its_limit(
    staff_client, db, make_vote
):
    vote = make_vote(VoteKind.MULTIPLE, spec={**TOWN_FESTIVAL, "max_choices": 4}, opens_in=LATER)
    staff_client.post(f"{BASE}/{vote.id}/options/{vote.options[0].id}/delete")
    db.session.expire_all()
    assert len(vote.options) == 4
