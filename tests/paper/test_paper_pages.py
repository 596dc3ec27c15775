"""The printing pages: who may use them, the list of batches, a new batch (and its errors), a
batch while its PDF is made and when it is ready, the download, trying again after a failure,
and voiding a batch."""

# ruff: noqa: F811  (the fixtures imported from batch_fixtures are test arguments here)
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.core.permissions import Role
from participation.paper import batches, jobs
from participation.paper.models import BatchState, PaperBatch, Sheet, SheetKind, SheetStatus
from participation.surveys.seed import build_survey
from participation.votes.seed import PLAYGROUND, build_vote
from tests.paper.batch_fixtures import (  # noqa: F401
    fake_pdf,
    make_batch,
    move_to,
    paper_folder,
    staff,
    survey,
    vote,
)
from tests.querycount import counted_queries

DAY = timedelta(days=1)
PAGES = ["/paper/", "/paper/batches/new", "/paper/batches/{id}", "/paper/batches/{id}/void"]


def count(db, model) -> int:
    """Return how many rows `model` has."""
    return db.session.scalar(select(func.count()).select_from(model))


def newest(db) -> PaperBatch:
    """Return the newest batch."""
    db.session.expire_all()
    return db.session.scalar(select(PaperBatch).order_by(PaperBatch.id.desc()).limit(1))


def batch_form(**changes) -> dict:
    """Return a valid form for 3 idea cards, with `changes`."""
    return {"subject": "idea", "count": "3", "variant": "standard", "locale": "de", **changes}


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.MODERATOR, Role.COUNCIL, Role.ADMIN])
def test_only_staff_may_print(client, login_as, make_batch, role):
    batch = make_batch(1)
    if role is not None:
        login_as(role)
    for path in PAGES + ["/paper/sheets/"]:
        response = client.get(path.format(id=batch.id))
        assert response.status_code == (403 if role else 302), path
    response = client.post("/paper/batches/new", data=batch_form())
    assert response.status_code == (403 if role else 302)


def test_staff_see_every_page(client, login_as, make_batch):
    batch = make_batch(1)
    login_as(Role.STAFF)
    for path in PAGES:
        assert client.get(path.format(id=batch.id)).status_code == 200, path


def test_an_unknown_batch_is_not_found(client, login_as, db):
    login_as(Role.STAFF)
    for path in PAGES[2:] + ["/paper/batches/{id}/pdf"]:
        assert client.get(path.format(id=999_999)).status_code == 404


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_each_batch_newest_first(client, login_as, db, make_batch, vote, staff):
    login_as(Role.STAFF)
    older = make_batch(4, SheetKind.VOTE, vote, note="Bürgerbüro")
    newer = make_batch(2, SheetKind.IDEA)
    move_to(db.session.get(Sheet, first_sheet_id(db, older)), SheetStatus.COUNTED, staff)
    jobs.print_batch(older.id)
    page = client.get("/paper/").get_data(as_text=True)
    assert page.index(f"Stapel {newer.id}: Ideenkarte") < page.index(f"Stapel {older.id}:")
    assert vote.title in page and "Bürgerbüro" in page
    assert "PDF wird erstellt" in page and "PDF ist fertig" in page
    assert "4 von 4 Bögen" not in page and "0 von 2 Bögen" in page
    assert "Gezählt: 1" in page and "Ausgegeben: 3" in page


def first_sheet_id(db, batch) -> int:
    """Return the id of the batch's first sheet."""
    query = select(Sheet.id).where(Sheet.batch_id == batch.id, Sheet.number == 1)
    return db.session.scalar(query)


def test_the_list_is_paged(client, login_as, make_batch):
    login_as(Role.STAFF)
    made = [make_batch(1) for _ in range(21)]
    first = client.get("/paper/").get_data(as_text=True)
    second = client.get("/paper/?page=2").get_data(as_text=True)
    assert f"Stapel {made[-1].id}:" in first and f"Stapel {made[0].id}:" not in first
    assert f"Stapel {made[0].id}:" in second and "Seite 2 von 2" in second


def queries_for(client, db, path: str) -> int:
    """Return how many statements one visit to `path` runs."""
    with counted_queries(db.engine) as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_the_list_runs_as_many_queries_for_many_batches(
    client, login_as, db, make_batch, vote, survey
):
    login_as(Role.STAFF)
    make_batch(2, SheetKind.VOTE, vote)
    few = queries_for(client, db, "/paper/")
    for _ in range(3):
        make_batch(2, SheetKind.VOTE, vote)
        make_batch(2, SheetKind.SURVEY, survey)
        make_batch(2)
    assert queries_for(client, db, "/paper/") == few


# --- a new batch ----------------------------------------------------------------------------


def test_the_form_offers_what_can_be_printed(client, login_as, db, staff, vote, survey):
    login_as(Role.STAFF)
    upcoming = build_vote(PLAYGROUND, author=staff, opens_in=3 * DAY)
    draft = build_survey({"title": "Entwurf einer Umfrage", "sections": []}, published=False)
    closed = build_vote({**PLAYGROUND, "title": "Alte Wahl"}, opens_in=-9 * DAY, open_for=DAY)
    page = client.get("/paper/batches/new").get_data(as_text=True)
    for offered in (vote, upcoming):
        assert f'value="vote-{offered.id}"' in page
    assert f'value="survey-{survey.id}"' in page and 'value="idea"' in page
    assert f"survey-{draft.id}" not in page and f"vote-{closed.id}" not in page
    assert "Stimmzettel: " + vote.title in page and "Fragebogen: " + survey.title in page
    assert "Leichte Sprache" in page and 'value="en"' in page


def test_creating_a_batch_registers_the_codes_and_makes_the_pdf(
    client, login_as, db, vote, fake_pdf
):
    staff = login_as(Role.STAFF)
    response = client.post(
        "/paper/batches/new",
        data=batch_form(subject=f"vote-{vote.id}", count="1.200", variant="large", note="Markt"),
    )
    batch = newest(db)
    assert response.status_code == 302 and response.location == f"/paper/batches/{batch.id}"
    assert (batch.kind, batch.vote_id, batch.size, batch.note) == ("vote", vote.id, 1200, "Markt")
    assert batch.created_by_id == staff.id and batch.state is BatchState.READY
    assert count(db, Sheet) == 1200 and len(fake_pdf.calls) == 1  # made after the request
    page = client.get(response.location).get_data(as_text=True)
    assert "Der Stapel ist angelegt. 1.200 Bögen sind registriert." in page
    assert f"/paper/batches/{batch.id}/pdf" in page and "<progress" not in page


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"subject": ""}, "subject", "Bitte wählen Sie, was gedruckt werden soll."),
        ({"subject": "vote-999999"}, "subject", "Bitte wählen Sie, was gedruckt werden soll."),
        ({"count": ""}, "count", "Bitte geben Sie an, wie viele Bögen Sie brauchen."),
        ({"count": "viele"}, "count", "Bitte geben Sie eine ganze Zahl ein"),
        ({"count": "0"}, "count", "Bitte drucken Sie mindestens einen Bogen."),
        ({"count": "10001"}, "count", "Höchstens 10.000."),
        ({"variant": "riesig"}, "variant", "Bitte wählen Sie eine Schrift."),
        ({"locale": "xx"}, "locale", "Bitte wählen Sie eine Sprache."),
        ({"note": "x" * 201}, "note", "Höchstens 200 Zeichen."),
    ],
)
def test_a_bad_form_says_what_is_wrong_and_keeps_what_was_typed(
    client, login_as, db, fake_pdf, changes, field, says
):
    login_as(Role.STAFF)
    before = count(db, Sheet), count(db, PaperBatch)
    data = batch_form(**{"note": "Stadtfest", **changes})
    response = client.post("/paper/batches/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and says in page
    assert (
        'class="kern-alert kern-alert--danger form-summary"' in page and f'href="#{field}"' in page
    )
    assert f'value="{data["note"]}"' in page and f'value="{data["count"]}"' in page
    assert (count(db, Sheet), count(db, PaperBatch)) == before


def test_a_subject_that_closed_meanwhile_is_refused(client, login_as, db, vote, fake_pdf):
    login_as(Role.STAFF)
    form = batch_form(subject=f"vote-{vote.id}")
    client.get("/paper/batches/new")
    vote.published_at = None  # taken back to draft while the form was open
    db.session.flush()
    response = client.post("/paper/batches/new", data=form)
    assert response.status_code == 400 and count(db, PaperBatch) == 0


def test_the_service_refusal_lands_on_its_field(client, login_as, db, monkeypatch, fake_pdf):
    login_as(Role.STAFF)

    def refuse(*args, **kwargs):
        raise batches.BatchRefused("Höchstens 3 Bögen auf einmal.", "count")

    monkeypatch.setattr(batches, "create_batch", refuse)
    response = client.post("/paper/batches/new", data=batch_form(count="4"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="#count"' in page
    assert "Höchstens 3 Bögen auf einmal." in page and count(db, PaperBatch) == 0


# --- a batch, its PDF -----------------------------------------------------------------------


def test_a_batch_being_printed_shows_its_progress_and_loads_itself_again(
    client, login_as, db, make_batch
):
    login_as(Role.STAFF)
    batch = make_batch(200)
    batch.printed = 50
    db.session.commit()
    page = client.get(f"/paper/batches/{batch.id}").get_data(as_text=True)
    assert '<progress id="batch-progress" max="200" value="50">' in page
    assert "50 von 200 Bögen" in page and "PDF wird erstellt" in page
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in page
    assert "js/paper-batch.js" in page and "/pdf" not in page
    quiet = client.get(f"/paper/batches/{batch.id}?auto=0").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in quiet and "automatisch neu laden" in quiet


def test_a_ready_batch_offers_its_pdf(client, login_as, db, make_batch, paper_folder):
    login_as(Role.STAFF)
    batch = make_batch(3)
    jobs.print_batch(batch.id)
    page = client.get(f"/paper/batches/{batch.id}").get_data(as_text=True)
    assert "http-equiv" not in page and "PDF herunterladen" in page
    response = client.get(f"/paper/batches/{batch.id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert f"boegen-stapel-{batch.id}.pdf" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data == (paper_folder / f"batch-{batch.id}.pdf").read_bytes()


def test_no_download_before_the_pdf_is_ready(client, login_as, make_batch):
    login_as(Role.STAFF)
    batch = make_batch(3)
    response = client.get(f"/paper/batches/{batch.id}/pdf", follow_redirects=True)
    assert response.request.path == f"/paper/batches/{batch.id}"
    assert "Das PDF ist noch nicht fertig." in response.get_data(as_text=True)


def test_a_failed_batch_says_so_and_can_be_printed_again(
    client, login_as, db, make_batch, fake_pdf
):
    login_as(Role.STAFF)
    batch = make_batch(3)
    fake_pdf.fail_at = 2
    jobs.print_batch(batch.id)
    page = client.get(f"/paper/batches/{batch.id}").get_data(as_text=True)
    assert "Das PDF konnte nicht erstellt werden." in page and "out of ink" in page
    fake_pdf.fail_at = None
    response = client.post(f"/paper/batches/{batch.id}/retry", follow_redirects=True)
    assert "Das PDF wird noch einmal erstellt." in response.get_data(as_text=True)
    assert newest(db).state is BatchState.READY


def test_a_batch_being_printed_cannot_be_started_again(client, login_as, make_batch, fake_pdf):
    login_as(Role.STAFF)
    batch = make_batch(3)
    response = client.post(f"/paper/batches/{batch.id}/retry", follow_redirects=True)
    assert "Das PDF wird gerade erstellt oder ist schon fertig." in response.get_data(as_text=True)
    assert fake_pdf.calls == []


def test_the_batch_page_runs_as_many_queries_for_a_large_batch(client, login_as, db, make_batch):
    login_as(Role.STAFF)
    small, large = make_batch(1), make_batch(300)
    few = queries_for(client, db, f"/paper/batches/{small.id}")
    assert queries_for(client, db, f"/paper/batches/{large.id}") == few
