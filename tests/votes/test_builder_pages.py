"""The vote builder's pages: the list, creating a vote, settings and their rules, preview,
publishing, withdrawing, deleting, access and tampered ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from participation.comments.models import CommentThread
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.votes.models import Eligibility, Phase, Vote, VoteKind
from tests.querycount import counted_queries

BASE = "/votes/manage"


def vote_form(**changes) -> dict:
    """Return a valid "new vote" form for a budget vote, with `changes`."""
    data = {
        "title": "Bürgerbudget Ost",
        "explanation": "Wofür **soll** die Stadt das Geld ausgeben?",
        "kind": "budget",
        "max_choices": "",
        "budget": "30.000",
        "opens_at": "2030-07-01T08:00",
        "closes_at": "2030-07-31T18:00",
        "eligibility": "verified",
        "eligible_count": "",
        "submission_key": "key-1",
    }
    data.update(changes)
    return data


def count_votes(db) -> int:
    """Return how many votes are stored."""
    return db.session.scalar(select(func.count()).select_from(Vote))


def created(db, title: str = "Bürgerbudget Ost") -> Vote:
    """Return the vote called `title`."""
    return db.session.scalar(select(Vote).where(Vote.title == title))


def audit_entries(db, action: str) -> list[AuditEntry]:
    """Return the audit entries of `action`, oldest first."""
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return list(db.session.scalars(query))


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_phase_kind_and_turnout_with_drafts_first(client, login_as, make_vote):
    login_as(Role.STAFF)
    closed = make_vote(VoteKind.BUDGET, opens_in=timedelta(days=-20), open_for=timedelta(days=5))
    closed.ballot_count, closed.eligible_count = 25, 200
    draft = make_vote(VoteKind.SINGLE, published=False)
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert page.index(draft.title) < page.index(closed.title)
    assert "Entwurf" in page and "Beendet" in page
    assert "Bürgerbudget (Projekte mit Kosten)" in page and "Budget: 30.000\xa0€" in page
    assert "25 Stimmen von 200 Stimmberechtigten (12,5 %)" in page
    assert f"{BASE}/{draft.id}/options" in page


def test_the_list_links_the_tally_of_a_closed_vote_once_that_page_exists(
    app, client, login_as, make_vote
):
    login_as(Role.STAFF)
    closed = make_vote(opens_in=timedelta(days=-20), open_for=timedelta(days=5))
    page = client.get(f"{BASE}/").get_data(as_text=True)
    if "vote_results.tally" in app.view_functions:
        assert f'href="/votes/{closed.id}/' in page and "Auszählung" in page
    else:
        assert "Auszählung" not in page


def test_the_list_runs_the_same_queries_for_more_votes(client, login_as, db, make_vote):
    login_as(Role.STAFF)
    counts = []
    for more in (2, 6):
        for kind in [VoteKind.BUDGET, VoteKind.MULTIPLE] * (more // 2):
            make_vote(kind)
        with counted_queries(db.engine) as statements:
            assert client.get(f"{BASE}/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


# --- creating -------------------------------------------------------------------------------


def test_creating_a_budget_vote_with_every_field(client, login_as, db, districts):
    staff = login_as(Role.STAFF)
    form = vote_form(districts=["Schlettwein", "Innenstadt"], eligible_count="1.200")
    response = client.post(f"{BASE}/new", data=form)
    vote = created(db)
    assert response.status_code == 302
    assert response.location.endswith(f"{BASE}/{vote.id}/options")
    assert vote.explanation_html.count("<strong>soll</strong>") == 1
    assert (vote.kind, vote.budget, vote.max_choices) == (VoteKind.BUDGET, 30_000, None)
    assert vote.districts == ["Innenstadt", "Schlettwein"]  # in the town's order
    assert vote.eligibility is Eligibility.VERIFIED and vote.eligible_count == 1_200
    assert vote.phase() is Phase.DRAFT and vote.created_by_id == staff.id
    assert vote.thread.subject_type == "vote" and vote.options == []
    entry = audit_entries(db, "vote.created")[-1]
    assert entry.target_type == "votes" and entry.target_id == vote.id
    assert entry.actor_id == staff.id


def test_a_yes_no_vote_gets_yes_and_no(client, login_as, db):
    login_as(Role.STAFF)
    response = client.post(f"{BASE}/new", data=vote_form(kind="yes_no", budget="99"))
    vote = created(db)
    assert response.location.endswith(f"{BASE}/{vote.id}")
    assert [option.title for option in vote.options] == ["Ja", "Nein"]
    assert vote.budget is None  # only budget votes keep one


def test_a_multiple_choice_keeps_its_limit_only(client, login_as, db):
    login_as(Role.STAFF)
    client.post(f"{BASE}/new", data=vote_form(kind="multiple", max_choices="2"))
    vote = created(db)
    assert (vote.kind, vote.max_choices, vote.budget) == (VoteKind.MULTIPLE, 2, None)


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2030-07-01T08:00", datetime(2030, 7, 1, 6, 0, tzinfo=UTC)),  # summer: UTC+2
        ("2030-01-15T08:00", datetime(2030, 1, 15, 7, 0, tzinfo=UTC)),  # winter: UTC+1
        ("15.01.2030 08:00", datetime(2030, 1, 15, 7, 0, tzinfo=UTC)),  # typed without a picker
    ],
)
def test_berlin_time_is_stored_in_utc(client, login_as, db, typed, utc):
    login_as(Role.STAFF)
    client.post(f"{BASE}/new", data=vote_form(opens_at=typed, closes_at="2030-12-31T18:00"))
    vote = created(db)
    assert vote.opens_at == utc
    assert vote.closes_at == datetime(2030, 12, 31, 17, 0, tzinfo=UTC)
    page = client.get(f"{BASE}/{vote.id}/settings").get_data(as_text=True)
    assert 'value="2030-12-31T18:00"' in page  # shown again in the town's time


def test_the_new_form_suggests_times_and_a_submission_key(client, login_as):
    login_as(Role.STAFF)
    page = client.get(f"{BASE}/new").get_data(as_text=True)
    assert 'name="submission_key"' in page and 'type="datetime-local"' in page
    assert "T08:00" in page and "T18:00" in page


def test_double_submitting_the_new_vote_form_creates_one(client, login_as, db):
    login_as(Role.STAFF)
    before = count_votes(db)
    first = client.post(f"{BASE}/new", data=vote_form(submission_key="same"))
    second = client.post(f"{BASE}/new", data=vote_form(submission_key="same"))
    assert count_votes(db) == before + 1
    assert first.location == second.location


def test_a_tampered_overlong_submission_key_still_creates_the_vote(client, login_as, db):
    login_as(Role.STAFF)
    before = count_votes(db)
    response = client.post(f"{BASE}/new", data=vote_form(submission_key="x" * 500))
    assert response.status_code == 302
    assert count_votes(db) == before + 1
    assert 0 < len(created(db).submission_key) <= 64  # a fresh key instead of the tampered one


RULES = [
    ({"title": ""}, "title", "Bitte geben Sie einen Titel ein"),
    ({"title": "   "}, "title", "Bitte geben Sie einen Titel ein"),
    ({"title": "x" * 201}, "title", "Höchstens 200 Zeichen"),
    ({"title": "x" * 100_000}, "title", "Höchstens 200 Zeichen"),
    ({"explanation": "x" * 10_001}, "explanation", "Höchstens 10.000 Zeichen"),
    ({"kind": "ranking"}, "kind", "Bitte wählen Sie aus der Liste"),
    ({"kind": ""}, "kind", "Bitte wählen Sie aus der Liste"),
    ({"opens_at": ""}, "opens_at", "Bitte geben Sie Datum und Uhrzeit ein"),
    ({"opens_at": "morgen früh"}, "opens_at", "so ein: 31.12.2026 18:00"),
    ({"opens_at": "2030-02-30T08:00"}, "opens_at", "so ein: 31.12.2026 18:00"),
    ({"opens_at": "0202-07-01T08:00"}, "opens_at", "so ein: 31.12.2026 18:00"),
    ({"closes_at": "2030-07-01T08:00"}, "closes_at", "nach dem Beginn liegen"),
    ({"closes_at": "2030-06-01T08:00"}, "closes_at", "nach dem Beginn liegen"),
    ({"budget": ""}, "budget", "Bitte geben Sie das Budget ein"),
    ({"budget": "0"}, "budget", "mehr als 0 Euro sein"),
    ({"budget": "-500"}, "budget", "mehr als 0 Euro sein"),
    ({"budget": "12,50"}, "budget", "in ganzen Euro ein, ohne Cent"),
    ({"budget": "viel"}, "budget", "in ganzen Euro ein, ohne Cent"),
    ({"budget": "9" * 40}, "budget", "in ganzen Euro ein, ohne Cent"),
    ({"budget": "5000000000"}, "budget", "Höchstens 1.000.000.000\xa0€"),
    ({"kind": "multiple", "max_choices": ""}, "max_choices", "wie viele Antworten"),
    ({"kind": "multiple", "max_choices": "0"}, "max_choices", "mindestens 1 sein"),
    ({"kind": "multiple", "max_choices": "61"}, "max_choices", "Höchstens 60"),
    ({"kind": "multiple", "max_choices": "zwei"}, "max_choices", "eine ganze Zahl"),
    ({"eligibility": "everyone"}, "eligibility", "Bitte wählen Sie aus der Liste"),
    ({"eligible_count": "0"}, "eligible_count", "mindestens 1 sein"),
    ({"eligible_count": "1,5"}, "eligible_count", "eine ganze Zahl"),
    ({"eligible_count": "99999999999"}, "eligible_count", "Höchstens 10.000.000"),
    ({"districts": "Atlantis"}, "districts", "Den Ortsteil „Atlantis“ gibt es"),
]


@pytest.mark.parametrize(("changes", "field", "message"), RULES)
def test_each_settings_rule_is_refused_keeping_what_was_typed(
    client, login_as, db, changes, field, message
):
    login_as(Role.STAFF)
    before = count_votes(db)
    response = client.post(f"{BASE}/new", data=vote_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert f'href="#{field}"' in page
    if field != "districts":
        assert f'id="{field}-error"' in page
    if field != "title":
        assert 'value="Bürgerbudget Ost"' in page
    if field != "opens_at":
        assert 'value="2030-07-01T08:00"' in page or changes.get("opens_at")
    assert count_votes(db) == before


def test_districts_need_verified_residents(client, login_as, db, districts):
    login_as(Role.STAFF)
    form = vote_form(districts=["Innenstadt"], eligibility="residents")
    response = client.post(f"{BASE}/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "nur für bestätigte Einwohnerinnen und Einwohner möglich" in page
    assert 'id="districts-0" value="Innenstadt" checked' in page
    assert created(db) is None


def test_districts_unknown_to_the_town_are_refused(client, login_as, db, districts):
    login_as(Role.STAFF)
    response = client.post(f"{BASE}/new", data=vote_form(districts=["Innenstadt", "Nordpol"]))
    assert response.status_code == 400
    assert "Den Ortsteil „Nordpol“ gibt es" in response.get_data(as_text=True)


def test_amounts_may_be_typed_as_people_write_them(client, login_as, db):
    login_as(Role.STAFF)
    for number, typed in enumerate(("30.000 €", "30000", "30 000", "30.000,00", "30000 Euro")):
        client.post(
            f"{BASE}/new",
            data=vote_form(title=f"B{number}", budget=typed, submission_key=str(number)),
        )
        assert created(db, f"B{number}").budget == 30_000, typed


# --- settings, preview ---------------------------------------------------------------------


def test_the_settings_form_shows_the_stored_values(client, login_as, make_vote, districts):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET, published=False, districts=["Schlettwein"])
    page = client.get(f"{BASE}/{vote.id}/settings").get_data(as_text=True)
    assert 'value="budget"' in page and 'name="budget" type="text" value="30000"' in page
    assert 'value="Schlettwein" checked' in page and 'value="Innenstadt">' in page
    assert vote.title in page


def test_changing_a_drafts_kind_reshapes_its_options(client, login_as, db, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET, published=False)
    form = vote_form(kind="single", title=vote.title)
    assert client.post(f"{BASE}/{vote.id}/settings", data=form).status_code == 302
    db.session.expire_all()
    assert vote.kind is VoteKind.SINGLE and vote.budget is None
    assert len(vote.options) == 5 and {option.cost for option in vote.options} == {None}
    assert audit_entries(db, "vote.changed") == []  # drafts change unlogged


def test_a_vote_with_options_cannot_simply_become_yes_or_no(client, login_as, db, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.SINGLE, published=False)
    response = client.post(f"{BASE}/{vote.id}/settings", data=vote_form(kind="yes_no"))
    assert response.status_code == 400
    assert "Löschen Sie zuerst die Antwortmöglichkeiten" in response.get_data(as_text=True)
    db.session.expire_all()
    assert vote.kind is VoteKind.SINGLE


def test_a_yes_no_vote_changed_to_single_choice_starts_without_options(
    client, login_as, db, make_vote
):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.YES_NO, published=False)
    client.post(f"{BASE}/{vote.id}/settings", data=vote_form(kind="single"))
    db.session.expire_all()
    assert vote.kind is VoteKind.SINGLE and vote.options == []


def test_the_preview_shows_the_ballot_without_a_way_to_send_it(client, login_as, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.BUDGET, published=False)
    page = client.get(f"{BASE}/{vote.id}/preview").get_data(as_text=True)
    assert "Hier kann niemand abstimmen" in page and "Ich enthalte mich" in page
    assert "Trinkbrunnen am Markt – 12.000\xa0€" in page and 'type="checkbox"' in page
    main = page.split("<main", 1)[1].split("</main>")[0]
    assert "<form" not in main


def test_pages_render(client, login_as, make_vote):
    login_as(Role.STAFF)
    for kind in VoteKind:
        vote = make_vote(kind, published=False)
        option = vote.options[0]
        for path in ("", "/settings", "/options", "/preview", "/publish", "/unpublish"):
            assert client.get(f"{BASE}/{vote.id}{path}").status_code == 200, (kind, path)
        assert client.get(f"{BASE}/{vote.id}/delete").status_code == 200
        if kind is not VoteKind.YES_NO:
            assert client.get(f"{BASE}/{vote.id}/options/{option.id}").status_code == 200


# --- publishing, withdrawing, deleting ----------------------------------------------------


def test_an_incomplete_draft_lists_what_is_missing_and_cannot_be_published(client, login_as, db):
    login_as(Role.STAFF)
    client.post(f"{BASE}/new", data=vote_form(closes_at="2030-07-31T18:00"))
    vote = created(db)
    page = client.get(f"{BASE}/{vote.id}").get_data(as_text=True)
    assert "Vor dem Veröffentlichen fehlt noch" in page
    assert "Nötig sind mindestens zwei" in page
    assert "Ja, jetzt veröffentlichen" not in client.get(f"{BASE}/{vote.id}/publish").text
    response = client.post(f"{BASE}/{vote.id}/publish")
    assert response.location.endswith(f"{BASE}/{vote.id}/publish")
    db.session.expire_all()
    assert vote.published_at is None
    assert "noch nicht vollständig" in client.get(response.location).get_data(as_text=True)


def test_publishing_withdrawing_and_deleting(client, login_as, db, make_vote):
    staff = login_as(Role.STAFF)
    vote = make_vote(VoteKind.SINGLE, published=False, opens_in=timedelta(days=2))
    vote_id, thread_id, title = vote.id, vote.thread_id, vote.title
    confirm = client.get(f"{BASE}/{vote_id}/publish").get_data(as_text=True)
    assert "Ja, jetzt veröffentlichen" in confirm and "Sie beginnt am" in confirm
    assert client.post(f"{BASE}/{vote_id}/publish").status_code == 302
    db.session.expire_all()
    assert vote.phase() is Phase.UPCOMING
    assert client.post(f"{BASE}/{vote_id}/delete").status_code == 302  # refused: published
    assert db.session.get(Vote, vote_id) is not None
    client.post(f"{BASE}/{vote_id}/unpublish")
    db.session.expire_all()
    assert vote.phase() is Phase.DRAFT
    response = client.post(f"{BASE}/{vote_id}/delete")
    assert response.location.endswith(f"{BASE}/")
    db.session.expire_all()
    assert db.session.get(Vote, vote_id) is None
    assert db.session.get(CommentThread, thread_id) is None
    actions = [
        entry.action
        for entry in db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.target_type == "votes", AuditEntry.target_id == vote_id
            )
        )
    ]
    assert actions == ["vote.published", "vote.unpublished", "vote.deleted"]
    entry = audit_entries(db, "vote.deleted")[-1]
    assert entry.actor_id == staff.id and entry.before == {"title": title}


def test_a_vote_that_opens_at_once_says_so_before_publishing(client, login_as, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.SINGLE, published=False)
    assert "Sie beginnt sofort" in client.get(f"{BASE}/{vote.id}/publish").text


def test_a_vote_that_has_opened_cannot_be_withdrawn_or_deleted(client, login_as, db, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.SINGLE)
    shown = client.get(f"{BASE}/{vote.id}/unpublish").get_data(as_text=True)
    assert "Sie bleibt veröffentlicht" in shown and "Ja, zurück in den Entwurf" not in shown
    response = client.post(f"{BASE}/{vote.id}/unpublish")
    assert "Sie bleibt veröffentlicht" in client.get(response.location).get_data(as_text=True)
    client.post(f"{BASE}/{vote.id}/delete")
    db.session.expire_all()
    assert vote.phase() is Phase.OPEN


def test_a_publication_past_its_end_is_refused(client, login_as, db, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(
        VoteKind.SINGLE, published=False, opens_in=timedelta(days=-9), open_for=timedelta(days=2)
    )
    client.post(f"{BASE}/{vote.id}/publish")
    db.session.expire_all()
    assert vote.published_at is None
    assert "Das Ende liegt in der Vergangenheit" in client.get(f"{BASE}/{vote.id}").text


# --- access and tampering ----------------------------------------------------------------


def builder_paths(vote) -> list[tuple[str, str]]:
    """Return (method, path) of every builder page for `vote`."""
    option = vote.options[0]
    return [
        ("get", "/"),
        ("get", "/new"),
        ("post", "/new"),
        ("get", f"/{vote.id}"),
        ("get", f"/{vote.id}/settings"),
        ("post", f"/{vote.id}/settings"),
        ("get", f"/{vote.id}/options"),
        ("post", f"/{vote.id}/options"),
        ("get", f"/{vote.id}/options/{option.id}"),
        ("post", f"/{vote.id}/options/{option.id}"),
        ("post", f"/{vote.id}/options/{option.id}/delete"),
        ("post", f"/{vote.id}/options/{option.id}/move"),
        ("get", f"/{vote.id}/preview"),
        ("get", f"/{vote.id}/publish"),
        ("post", f"/{vote.id}/publish"),
        ("get", f"/{vote.id}/unpublish"),
        ("post", f"/{vote.id}/unpublish"),
        ("get", f"/{vote.id}/delete"),
        ("post", f"/{vote.id}/delete"),
    ]


@pytest.mark.parametrize(
    "role", [Role.RESIDENT, Role.VERIFIED, Role.MODERATOR, Role.COUNCIL, Role.ADMIN]
)
def test_everyone_but_staff_is_refused(client, login_as, db, make_vote, role):
    vote = make_vote(VoteKind.BUDGET, published=False)
    login_as(role)
    for method, path in builder_paths(vote):
        assert getattr(client, method)(BASE + path).status_code == 403, path
    db.session.expire_all()
    assert vote.published_at is None and len(vote.options) == 5


def test_guests_are_sent_to_sign_in(client, make_vote):
    vote = make_vote(VoteKind.BUDGET, published=False)
    for method, path in builder_paths(vote):
        response = getattr(client, method)(BASE + path)
        assert response.status_code == 302 and "/account/signin" in response.location, path


def test_staff_reach_every_page(client, login_as, make_vote):
    vote = make_vote(VoteKind.BUDGET, published=False)
    login_as(Role.STAFF)
    for method, path in builder_paths(vote):
        if method == "get":
            assert client.get(BASE + path).status_code == 200, path


def test_ids_of_another_vote_or_unknown_ids_are_not_found(client, login_as, make_vote):
    login_as(Role.STAFF)
    mine = make_vote(VoteKind.SINGLE, published=False)
    theirs = make_vote(VoteKind.SINGLE, published=False).options[0]
    paths = [
        ("get", f"/{mine.id}/options/{theirs.id}"),
        ("post", f"/{mine.id}/options/{theirs.id}"),
        ("post", f"/{mine.id}/options/{theirs.id}/delete"),
        ("post", f"/{mine.id}/options/{theirs.id}/move"),
        ("get", "/999999"),
        ("get", "/99999999999999999999/settings"),
        ("post", "/99999999999999999999/publish"),
    ]
    for method, path in paths:
        response = getattr(client, method)(BASE + path, data={"direction": "up"})
        assert response.status_code == 404, path


def test_a_move_in_an_unknown_direction_is_a_bad_request(client, login_as, make_vote):
    login_as(Role.STAFF)
    vote = make_vote(VoteKind.SINGLE, published=False)
    path = f"{BASE}/{vote.id}/options/{vote.options[1].id}/move"
    assert client.post(path, data={"direction": "sideways"}).status_code == 400
