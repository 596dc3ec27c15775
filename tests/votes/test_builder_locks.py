"""Once a vote has opened, nothing that shapes the ballot or who may cast it changes; typo
fixes, a later end (while open) and the number of eligible people (while open) stay possible
and are logged with the old and the new values."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from participation.core.clock import to_town_time
from participation.core.permissions import Role
from participation.votes.builder import BuilderError, settings_of
from participation.votes.builder_changes import update_settings
from participation.votes.models import Eligibility, Phase, VoteKind
from tests.votes.test_builder_pages import BASE, audit_entries, vote_form

CLOSED = {"opens_in": timedelta(days=-20), "open_for": timedelta(days=10)}


@pytest.fixture()
def in_request(app):
    """A request context, for services whose messages are translated."""
    with app.test_request_context():
        yield


def town_time(moment) -> str:
    """Return a stored time as the settings form shows it."""
    return to_town_time(moment).strftime("%Y-%m-%dT%H:%M")


LOCKED_CHANGES = [
    (VoteKind.BUDGET, "kind", lambda vote: {"kind": VoteKind.SINGLE}),
    (VoteKind.MULTIPLE, "max_choices", lambda vote: {"max_choices": 3}),
    (VoteKind.BUDGET, "budget", lambda vote: {"budget": 40_000}),
    (VoteKind.SINGLE, "eligibility", lambda vote: {"eligibility": Eligibility.RESIDENTS}),
    (VoteKind.SINGLE, "districts", lambda vote: {"districts": ["Innenstadt"]}),
    (VoteKind.SINGLE, "opens_at", lambda vote: {"opens_at": vote.opens_at - timedelta(hours=2)}),
    (VoteKind.SINGLE, "closes_at", lambda vote: {"closes_at": vote.closes_at - timedelta(days=1)}),
]


@pytest.mark.parametrize("timing", [{}, CLOSED], ids=["open", "closed"])
@pytest.mark.parametrize(
    ("kind", "field", "change"), LOCKED_CHANGES, ids=[c[1] for c in LOCKED_CHANGES]
)
def test_each_locked_setting_is_refused_once_open(
    in_request, db, make_vote, staff, districts, timing, kind, field, change
):
    vote = make_vote(kind, **timing)
    before = settings_of(vote)
    with pytest.raises(BuilderError) as refused:
        update_settings(vote, replace(before, **change(vote)), staff)
    assert field in refused.value.problems
    assert settings_of(vote) == before
    assert audit_entries(db, "vote.changed") == []


def test_a_full_settings_form_sent_after_opening_is_refused_not_dropped(
    client, login_as, db, make_vote
):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET)
    form = vote_form(
        title=vote.title,
        kind="single",
        budget="40000",
        opens_at=town_time(vote.opens_at),
        closes_at=town_time(vote.closes_at),
    )
    response = client.post(f"{BASE}/{vote.id}/settings", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#kind"' in page and 'href="#budget"' in page
    assert "Das kann nicht mehr geändert werden" in page
    db.session.expire_all()
    assert (vote.kind, vote.budget) == (VoteKind.BUDGET, 30_000)


def test_an_open_vote_offers_only_what_may_change(client, login_as, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET)
    page = client.get(f"{BASE}/{vote.id}/settings").get_data(as_text=True)
    assert 'name="title"' in page and 'name="closes_at"' in page
    assert 'name="eligible_count"' in page
    assert 'name="kind"' not in page and 'name="budget"' not in page
    assert 'name="opens_at"' not in page and "Was fest bleibt" in page


def test_a_closed_vote_offers_only_the_wording(client, login_as, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET, **CLOSED)
    page = client.get(f"{BASE}/{vote.id}/settings").get_data(as_text=True)
    assert 'name="title"' in page and 'name="explanation"' in page
    assert 'name="closes_at"' not in page and 'name="eligible_count"' not in page


def test_typos_a_later_end_and_the_eligible_count_may_change_while_open_and_are_logged(
    client, login_as, db, make_vote
):
    staff = login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET)
    old_title, old_end = vote.title, vote.closes_at
    later = town_time(old_end + timedelta(days=7))
    form = {
        "title": "Bürgerbudget 2026: Wofür geben wir 30.000 Euro aus? (korrigiert)",
        "explanation": vote.explanation,
        "closes_at": later,
        "eligible_count": "5.000",
    }
    response = client.post(f"{BASE}/{vote.id}/settings", data=form)
    assert response.status_code == 302
    db.session.expire_all()
    assert vote.title.endswith("(korrigiert)") and town_time(vote.closes_at) == later
    assert vote.eligible_count == 5_000 and vote.kind is VoteKind.BUDGET
    entry = audit_entries(db, "vote.changed")[-1]
    assert entry.actor_id == staff.id and entry.target_id == vote.id
    assert entry.before == {
        "phase": "open",
        "title": old_title,
        "closes_at": old_end.isoformat(),
        "eligible_count": None,
    }
    assert set(entry.after) == {"title", "closes_at", "eligible_count"}


def test_saving_an_open_vote_unchanged_logs_nothing(client, login_as, db, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.SINGLE)
    form = {"title": vote.title, "explanation": vote.explanation}
    form["closes_at"] = town_time(vote.closes_at)  # the same minute keeps the stored seconds
    end = vote.closes_at
    assert client.post(f"{BASE}/{vote.id}/settings", data=form).status_code == 302
    db.session.expire_all()
    assert vote.closes_at == end
    assert audit_entries(db, "vote.changed") == []


def test_an_open_vote_cannot_end_earlier(client, login_as, db, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.SINGLE)
    end = vote.closes_at
    form = {"title": vote.title, "closes_at": town_time(end - timedelta(days=1))}
    response = client.post(f"{BASE}/{vote.id}/settings", data=form)
    assert response.status_code == 400
    assert "Das Ende kann nur später werden" in response.get_data(as_text=True)
    db.session.expire_all()
    assert vote.closes_at == end


def test_a_closed_votes_wording_may_be_fixed_and_is_logged(client, login_as, db, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.SINGLE, **CLOSED)
    form = {"title": vote.title, "explanation": "Die Stadt kauft **ein** Spielgerät."}
    assert client.post(f"{BASE}/{vote.id}/settings", data=form).status_code == 302
    entry = audit_entries(db, "vote.changed")[-1]
    assert entry.before["phase"] == "closed" and set(entry.after) == {"explanation"}
    db.session.expire_all()
    assert "<strong>ein</strong>" in vote.explanation_html


def test_the_eligible_count_of_a_closed_vote_stays(in_request, db, make_vote, staff):
    vote = make_vote(VoteKind.SINGLE, eligible_count=900, **CLOSED)
    with pytest.raises(BuilderError) as refused:
        update_settings(vote, replace(settings_of(vote), eligible_count=1_000), staff)
    assert "eligible_count" in refused.value.problems


# --- options once open ---------------------------------------------------------------------


@pytest.mark.parametrize("timing", [{}, CLOSED], ids=["open", "closed"])
def test_the_options_of_an_open_or_closed_vote_stay(client, login_as, db, make_vote, timing):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET, **timing)
    option = vote.options[0]
    before = [(o.id, o.title, o.cost, o.position) for o in vote.options]
    attempts = [
        ("/options", {"title": "Skatepark", "cost": "1000"}),
        (f"/options/{option.id}/delete", {}),
        (f"/options/{option.id}/move", {"direction": "down"}),
    ]
    for path, data in attempts:
        response = client.post(f"{BASE}/{vote.id}{path}", data=data)
        assert response.status_code == 302, path
        assert "hat schon begonnen" in client.get(response.location).text, path
    for field, value in (("title", "Neue Bänke"), ("cost", "9000")):
        data = {"title": option.title, "description": "", "cost": "8000", field: value}
        response = client.post(f"{BASE}/{vote.id}/options/{option.id}", data=data)
        assert response.status_code == 400, field
        assert f'href="#{field}"' in response.text and "hat schon begonnen" in response.text
    db.session.expire_all()
    assert [(o.id, o.title, o.cost, o.position) for o in vote.options] == before
    assert audit_entries(db, "vote.option_changed") == []


def test_an_open_votes_option_description_may_be_fixed_and_is_logged(
    client, login_as, db, make_vote
):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET)
    option = vote.options[0]
    page = client.get(f"{BASE}/{vote.id}/options/{option.id}").get_data(as_text=True)
    assert 'name="description"' in page
    assert 'name="title"' not in page and 'name="cost"' not in page
    response = client.post(
        f"{BASE}/{vote.id}/options/{option.id}",
        data={"description": "Zwölf Bänke mit Rückenlehne entlang der Wege."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert option.description.startswith("Zwölf") and option.cost == 8_000
    entry = audit_entries(db, "vote.option_changed")[-1]
    assert entry.before == {
        "option": option.id,
        "change": "edited",
        "phase": "open",
        "description": "Zehn Bänke mit Rückenlehne entlang der Wege.",
    }
    assert entry.after == {"description": "Zwölf Bänke mit Rückenlehne entlang der Wege."}


def test_the_open_options_page_offers_no_changes_to_the_ballot(client, login_as, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET)
    page = client.get(f"{BASE}/{vote.id}/options").get_data(as_text=True)
    assert "Beschreibung korrigieren" in page
    assert 'id="option-form"' not in page and 'name="direction"' not in page


def test_an_upcoming_vote_is_not_locked(in_request, make_vote, staff):
    vote = make_vote(VoteKind.BUDGET, opens_in=timedelta(days=1))
    assert vote.phase() is Phase.UPCOMING
    update_settings(vote, replace(settings_of(vote), budget=35_000), staff)
    assert vote.budget == 35_000
