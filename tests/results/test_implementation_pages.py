"""The implementation pages: the public overview (filters, progress as text, only what the
public may see), an implementation with its timeline and photos (served with a safe type), the
proposal page's section, the staff forms (start, change, add an update) with every kind of bad
input answered by a clear error that keeps what was typed, a form sent twice, and who may use
which page."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from participation.core.permissions import Role
from participation.extensions import db
from participation.proposals.models import ModerationState
from participation.results import implementation as service
from participation.results import implementation_photos as photos
from participation.results.models import (
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
)
from tests.access import ROLES, role_id
from tests.results import implementation_fixtures as fx

staffer, author, follower, proposal = fx.staffer, fx.author, fx.follower, fx.proposal
budget_vote, tracked = fx.budget_vote, fx.tracked
S = ImplementationStatus
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def text_of(response) -> str:
    """Return the page with runs of white space as one space."""
    return " ".join(response.get_data(as_text=True).split())


def count(model) -> int:
    """Return how many rows of `model` there are."""
    return db.session.scalar(select(func.count()).select_from(model))


def sign_in(client, user) -> None:
    """Sign `user` in on `client`."""
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True


def settings_form(**changes) -> dict:
    """Return the settings form as sent (in progress, 20 %), with `changes`."""
    values = {
        "department": "Bauamt",
        "status": "in_progress",
        "progress": "20",
        "planned_completion": "",
        "actual_completion": "",
    }
    return values | changes


def update_form(**changes) -> dict:
    """Return the update form as sent (yesterday, in progress, 40 %), with `changes`."""
    values = {
        "happened_on": YESTERDAY,
        "text": "Die Bänke sind bestellt.",
        "status": "in_progress",
        "progress": "40",
        "completed_on": "",
        "photo_alt": "",
    }
    return values | changes


def upload(data: bytes, name: str = "foto.jpg"):
    """Return a file for a multipart form."""
    return (io.BytesIO(data), name)


# --- the public overview ------------------------------------------------------------------


@pytest.fixture()
def several(db, tracked, budget_vote, staffer, author):
    """The tracked proposal (Sonstiges, in progress), a done project of the budget vote, and
    an accepted proposal of another category on hold."""
    project, _created = service.start(fx.option_at(budget_vote, 3), staffer, fx.SETTINGS)
    service.add_update(project, staffer, fx.fields("Fertig.", status=S.DONE, progress=100))
    other = fx.accepted_proposal(author, staffer, "Glasfaser für alle", "Digitale Infrastruktur")
    on_hold = service.Settings("IT-Abteilung", S.ON_HOLD, 10)
    service.start(other, staffer, on_hold)
    db.session.flush()
    return tracked, project


def titles(response) -> list[str]:
    """Return the titles of the implementations listed."""
    page = response.get_data(as_text=True)
    return re.findall(r'id="implementation-\d+-title"><a [^>]*>([^<]+)</a>', page)


def test_the_overview_lists_everything_with_progress_as_text(client, several):
    response = client.get("/implementation/")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Bücherschrank am Bahnhof", "Glasfaser für alle", fx.TITLE]
    page = text_of(response)
    assert "100 % umgesetzt" in page and "20 % umgesetzt" in page and "10 % umgesetzt" in page
    assert '<progress id="progress-' in page and "Stand: Pausiert" in page
    assert "3 Umsetzungen gefunden" in page


def test_the_overview_filters_by_category_vote_and_status(client, several, budget_vote):
    assert titles(client.get("/implementation/?category=Sonstiges")) == [fx.TITLE]
    by_vote = client.get(f"/implementation/?category=vote-{budget_vote.id}")
    assert titles(by_vote) == ["Bücherschrank am Bahnhof"]
    assert f'value="vote-{budget_vote.id}" selected' in by_vote.get_data(as_text=True)
    assert titles(client.get("/implementation/?status=on_hold")) == ["Glasfaser für alle"]
    none = client.get("/implementation/?category=Sonstiges&status=done")
    assert titles(none) == [] and "keine Umsetzung" in text_of(none)


@pytest.mark.parametrize(
    "query",
    [
        "?category=Unbekannt",
        "?category=vote-99999999999999",
        "?category=vote-abc",
        "?status=fertig",
        "?page=abc",
        "?page=-3",
        "?page=99999999999",
        "?category=" + "x" * 5000,
    ],
)
def test_unknown_filters_are_left_out(client, several, query):
    response = client.get(f"/implementation/{query}")
    assert response.status_code == 200


def test_a_hidden_proposal_is_not_shown_to_the_public(client, tracked, proposal, login_as):
    proposal.moderation_state = ModerationState.HIDDEN
    db.session.flush()
    assert titles(client.get("/implementation/")) == []
    assert client.get(f"/implementation/{tracked.id}").status_code == 404
    login_as(Role.STAFF)
    assert client.get(f"/implementation/{tracked.id}").status_code == 200


# --- one implementation -------------------------------------------------------------------


def test_the_timeline_shows_updates_newest_first_with_photos(client, tracked, staffer):
    photo = photos.cleaned(io.BytesIO(fx.picture("JPEG")))
    older = fx.fields("Bestellt.", happened_on=date.today() - timedelta(days=9))
    service.add_update(tracked, staffer, older)
    newer = fx.fields("Geliefert.", photo_alt="Zwei neue Bänke am Markt", progress=70)
    update, _created = service.add_update(tracked, staffer, newer, photo)
    db.session.flush()
    page = text_of(client.get(f"/implementation/{tracked.id}"))
    assert page.index("Geliefert.") < page.index("Bestellt.")
    assert (
        f'<img src="/implementation/updates/{update.id}/photo" alt="Zwei neue Bänke am Markt"'
        in page
    )
    assert "Stand: In Arbeit, 70 % umgesetzt" in page and "Zuständig" in page
    assert f'href="/proposals/{tracked.proposal_id}"' in page


def test_a_photo_is_served_with_its_type_and_nosniff(client, tracked, staffer):
    photo = photos.cleaned(io.BytesIO(fx.picture("PNG")))
    update, _created = service.add_update(tracked, staffer, fx.fields(photo_alt="Bänke"), photo)
    plain, _created = service.add_update(tracked, staffer, fx.fields("Ohne Foto."))
    db.session.flush()
    response = client.get(f"/implementation/updates/{update.id}/photo")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == photo.data
    assert client.get(f"/implementation/updates/{plain.id}/photo").status_code == 404
    assert client.get("/implementation/updates/99999/photo").status_code == 404


def test_unknown_implementations_are_not_found(client, db):
    assert client.get("/implementation/12345").status_code == 404
    assert client.get("/implementation/99999999999999999999").status_code == 404


def test_the_proposal_page_shows_the_implementation(client, tracked, proposal):
    page = text_of(client.get(f"/proposals/{proposal.id}"))
    assert "Umsetzungsstand" in page and "20 % umgesetzt" in page
    assert f'href="/implementation/{tracked.id}"' in page


def test_staff_are_offered_to_track_an_accepted_proposal(client, proposal, login_as):
    assert "Umsetzung dieses Vorschlags verfolgen" not in text_of(
        client.get(f"/proposals/{proposal.id}")
    )
    login_as(Role.STAFF)
    page = text_of(client.get(f"/proposals/{proposal.id}"))
    assert f'href="/implementation/new?proposal={proposal.id}"' in page


# --- starting -----------------------------------------------------------------------------


def test_staff_start_tracking_a_proposal(client, proposal, staffer):
    sign_in(client, staffer)
    form = client.get(f"/implementation/new?proposal={proposal.id}")
    assert f'selected value="proposal-{proposal.id}"' in form.get_data(as_text=True)
    data = settings_form(subject=f"proposal-{proposal.id}", planned_completion="30.06.2027")
    response = client.post("/implementation/new", data=data)
    implementation = db.session.scalar(select(Implementation))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/implementation/{implementation.id}")
    assert implementation.planned_completion == date(2027, 6, 30)
    again = client.post("/implementation/new", data=data)  # a double click
    assert again.status_code == 302 and count(Implementation) == 1
    assert client.get(f"/implementation/new?proposal={proposal.id}").status_code == 302


def test_staff_start_tracking_a_funded_project(client, budget_vote, staffer):
    sign_in(client, staffer)
    option = fx.option_at(budget_vote, 5)
    page = text_of(client.get("/implementation/new"))
    assert "gefördert nach der Methode der gleichen Anteile" in page
    assert f'value="option-{fx.option_at(budget_vote, 1).id}"' not in page  # not funded
    response = client.post("/implementation/new", data=settings_form(subject=f"option-{option.id}"))
    assert response.status_code == 302
    assert db.session.scalar(select(Implementation.vote_option_id)) == option.id


def test_nothing_to_start_says_so(client, staffer):
    sign_in(client, staffer)
    page = text_of(client.get("/implementation/new"))
    assert 'id="implementation-nothing-to-start"' in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"subject": "proposal-999999"}, "subject", "aus der Liste"),
        ({"subject": "option-abc"}, "subject", "aus der Liste"),
        ({"subject": ""}, "subject", "aus der Liste"),
        ({"department": ""}, "department", "Fachbereich"),
        ({"department": "B" * 201}, "department", "Höchstens 200 Zeichen"),
        ({"progress": "viel"}, "progress", "0 bis 100"),
        ({"progress": "150"}, "progress", "0 bis 100"),
        ({"progress": "-5"}, "progress", "0 bis 100"),
        ({"progress": "9" * 5000}, "progress", "0 bis 100"),
        ({"progress": ""}, "progress", "Fortschritt in Prozent"),
        ({"status": "fertig"}, "status", "aus der Liste"),
        ({"status": "done", "progress": "100"}, "actual_completion", "wann die Umsetzung"),
        ({"status": "done", "progress": "80", "actual_completion": YESTERDAY}, "progress", "100 %"),
        ({"actual_completion": YESTERDAY}, "actual_completion", "nur beim Stand"),
        ({"planned_completion": "31.02.2027"}, "planned_completion", "zum Beispiel"),
        ({"planned_completion": "1.1.99999"}, "planned_completion", "zum Beispiel"),
        ({"planned_completion": "1899-01-01"}, "planned_completion", "zwischen 2000 und 2999"),
    ],
)
def test_bad_settings_are_refused_and_what_was_typed_kept(
    client, proposal, staffer, changes, field, message
):
    sign_in(client, staffer)
    data = settings_form(subject=f"proposal-{proposal.id}", department="Grünflächenamt") | changes
    response = client.post("/implementation/new", data=data)
    page = text_of(response)
    assert response.status_code == 400 and count(Implementation) == 0
    assert f'id="{field}-error"' in page and message.lower() in page.lower()
    assert 'class="kern-alert kern-alert--danger form-summary"' in page
    if "department" not in changes:
        assert 'value="Grünflächenamt"' in page


# --- changing -----------------------------------------------------------------------------


def test_staff_change_the_settings(client, tracked, staffer):
    sign_in(client, staffer)
    form = text_of(client.get(f"/implementation/{tracked.id}/edit"))
    assert 'value="Bauamt"' in form and 'value="20"' in form
    data = settings_form(status="done", progress="100 %", actual_completion=YESTERDAY)
    response = client.post(f"/implementation/{tracked.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(tracked)
    assert (tracked.status, tracked.progress) == (S.DONE, 100)
    assert tracked.actual_completion.isoformat() == YESTERDAY


def test_a_bad_change_is_refused(client, tracked, staffer):
    sign_in(client, staffer)
    data = settings_form(status="done", progress="100", department="Neues Amt")
    response = client.post(f"/implementation/{tracked.id}/edit", data=data)
    assert response.status_code == 400 and 'value="Neues Amt"' in text_of(response)
    db.session.refresh(tracked)
    assert tracked.status is S.IN_PROGRESS and tracked.department == "Bauamt"


# --- updates ------------------------------------------------------------------------------


def test_staff_add_an_update_with_a_photo(client, tracked, staffer, author):
    sign_in(client, staffer)
    form = text_of(client.get(f"/implementation/{tracked.id}/updates/new"))
    assert 'value="20"' in form and 'selected value="in_progress"' in form
    data = update_form(photo=upload(fx.picture("JPEG")), photo_alt="Zwei Bänke", progress="55")
    response = client.post(
        f"/implementation/{tracked.id}/updates/new", data=data, content_type="multipart/form-data"
    )
    update = db.session.scalar(select(ImplementationUpdate))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/implementation/{tracked.id}#update-{update.id}"
    )
    assert b"Geheime Kamera" not in photos.path_of(update.photo_name).read_bytes()
    db.session.refresh(tracked)
    assert tracked.progress == 55


def test_an_update_sent_twice_is_added_once(client, tracked, staffer):
    sign_in(client, staffer)
    url = f"/implementation/{tracked.id}/updates/new"
    for _ in range(2):
        data = update_form(photo=upload(fx.picture("PNG"), "foto.png"), photo_alt="Bänke")
        response = client.post(url, data=data, content_type="multipart/form-data")
        assert response.status_code == 302
    assert count(ImplementationUpdate) == 1


def test_done_without_a_date_takes_the_update_date(client, tracked, staffer):
    sign_in(client, staffer)
    data = update_form(status="done", progress="100", text="Fertig.")
    assert client.post(f"/implementation/{tracked.id}/updates/new", data=data).status_code == 302
    db.session.refresh(tracked)
    assert tracked.status is S.DONE and tracked.actual_completion.isoformat() == YESTERDAY


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"text": ""}, "text", "was geschehen ist"),
        ({"text": "x" * 10_001}, "text", "10.000 Zeichen"),
        ({"happened_on": ""}, "happened_on", "Datum"),
        ({"happened_on": "gestern"}, "happened_on", "zum Beispiel"),
        ({"happened_on": "2999-01-01"}, "happened_on", "Zukunft"),
        ({"completed_on": YESTERDAY}, "completed_on", "nur beim Stand"),
        ({"status": "done", "progress": "90"}, "progress", "100 %"),
        ({"photo_alt": "Ein Bild"}, "photo_alt", "Foto aus"),
        ({"photo": "JPEG"}, "photo_alt", "Foto zu sehen"),
        ({"photo": "GIF", "photo_alt": "Ein Bild"}, "photo", "JPEG oder PNG"),
        ({"photo": "text", "photo_alt": "Ein Bild"}, "photo", "kein lesbares Foto"),
        ({"photo": "JPEG", "photo_alt": "A" * 301}, "photo_alt", "300 Zeichen"),
    ],
)
def test_bad_updates_are_refused_and_what_was_typed_kept(
    client, tracked, staffer, changes, field, message
):
    sign_in(client, staffer)
    files = {"JPEG": fx.picture("JPEG"), "GIF": gif(), "text": b"kein Bild, nur Text"}
    if "photo" in changes:
        changes = changes | {"photo": upload(files[changes["photo"]])}
    data = update_form(text="Die Bänke stehen.") | changes
    before = listed_photos()
    response = client.post(
        f"/implementation/{tracked.id}/updates/new", data=data, content_type="multipart/form-data"
    )
    page = text_of(response)
    assert response.status_code == 400 and count(ImplementationUpdate) == 0
    assert f'id="{field}-error"' in page and message.lower() in page.lower()
    if "text" not in changes:
        assert "Die Bänke stehen.</textarea>" in page
    if "photo" in changes:
        assert "noch einmal auswählen" in page
    assert listed_photos() == before  # a refused form stores no photo


def test_a_photo_above_the_limit_is_refused(client, tracked, staffer, app, monkeypatch):
    monkeypatch.setitem(app.config, "IMPLEMENTATION_PHOTO_MAX_MB", 1)
    sign_in(client, staffer)
    data = update_form(photo=upload(b"\xff\xd8\xff" + b"0" * (1024 * 1024)), photo_alt="Groß")
    response = client.post(
        f"/implementation/{tracked.id}/updates/new", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "höchstens 1 MB" in text_of(response)


def test_a_request_above_the_site_limit_is_413_not_500(client, tracked, staffer, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    sign_in(client, staffer)
    data = update_form(photo=upload(fx.picture("PNG", size=(400, 400))), photo_alt="Groß")
    response = client.post(
        f"/implementation/{tracked.id}/updates/new", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 413


def test_a_nul_byte_is_refused(client, tracked, staffer):
    sign_in(client, staffer)
    data = update_form(text="Bänke\x00")
    assert client.post(f"/implementation/{tracked.id}/updates/new", data=data).status_code == 400


def gif() -> bytes:
    """Return a small GIF."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="GIF")
    return out.getvalue()


def listed_photos() -> list:
    """Return the stored photos (none may be left by a refused form)."""
    folder = photos.photos_folder()
    return sorted(folder.glob("*")) if folder.exists() else []


# --- who may do what ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_only_staff_use_the_staff_pages(client, tracked, login_as, role):
    if role is not None:
        login_as(role)
    urls = [
        "/implementation/new",
        f"/implementation/{tracked.id}/edit",
        f"/implementation/{tracked.id}/updates/new",
    ]
    want = 200 if role is Role.STAFF else (302 if role is None else 403)
    for url in urls:
        assert client.get(url).status_code == want, url
        posted = client.post(url, data=update_form() | settings_form())
        assert posted.status_code == (want if role is not Role.STAFF else posted.status_code), url
    if role is not Role.STAFF:
        assert count(ImplementationUpdate) == 0
        db.session.refresh(tracked)
        assert tracked.department == "Bauamt"
    assert client.get(f"/implementation/{tracked.id}").status_code == 200
    assert client.get("/implementation/").status_code == 200


def test_the_audit_log_names_every_act(client, tracked, staffer, login_as):
    service.add_update(tracked, staffer, fx.fields())
    service.change(tracked, staffer, service.Settings("Bürgerbüro", S.IN_PROGRESS, 40))
    db.session.flush()
    login_as(Role.ADMIN)
    page = text_of(client.get("/admin/audit"))
    for label in (
        "Umsetzungsstand angelegt",
        "Umsetzungsstand geändert",
        "Neuigkeit zur Umsetzung hinzugefügt",
    ):
        assert label in page
    assert "Sabine Sachgebiet" in page
