import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from participation.proposals.images import upload_folder
from participation.proposals.models import Proposal, ProposalStatus
from tests.proposals.helpers import picture

BODY = "Am **Marktplatz** fehlen Bänke.\n\n- zwei im Schatten\n- eine am Brunnen"


def form(**overrides):
    data = {
        "submission_key": "key-1",
        "title": "Mehr Bänke am Marktplatz",
        "body": BODY,
        "category": "Sonstiges",
        "district": "",
    }
    data.update(overrides)
    return data


def proposals_titled(db, title):
    return db.session.scalars(select(Proposal).where(Proposal.title == title)).all()


def test_guests_are_sent_to_sign_in(client):
    response = client.get("/proposals/new")
    assert response.status_code == 302 and "/account/signin" in response.headers["Location"]


def test_submit_preview_and_publish(client, login_as, db):
    user = login_as("resident")
    form_page = client.get("/proposals/new").text
    assert 'name="submission_key"' in form_page
    response = client.post("/proposals/new", data=form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/preview")
    [proposal] = proposals_titled(db, "Mehr Bänke am Marktplatz")
    assert proposal.status is ProposalStatus.DRAFT and proposal.author_id == user.id
    preview = client.get(response.headers["Location"]).text
    assert "Vorschau" in preview and "<strong>Marktplatz</strong>" in preview
    assert client.get(f"/proposals/{proposal.id}").status_code == 200  # the author sees the draft

    response = client.post(f"/proposals/{proposal.id}/publish", follow_redirects=True)
    assert "Ihr Vorschlag ist veröffentlicht" in response.text
    db.session.refresh(proposal)
    assert proposal.status is ProposalStatus.PUBLISHED and proposal.published_at is not None
    assert "Der Vorschlag wurde veröffentlicht." in response.text
    client.post(f"/proposals/{proposal.id}/publish")  # a second click changes nothing
    db.session.refresh(proposal)
    assert proposal.status is ProposalStatus.PUBLISHED


def test_drafts_are_private(client, login_as, db, app):
    login_as("resident")
    client.post("/proposals/new", data=form())
    [proposal] = proposals_titled(db, "Mehr Bänke am Marktplatz")
    stranger = app.test_client()
    assert stranger.get(f"/proposals/{proposal.id}").status_code == 404
    assert stranger.get(f"/proposals/{proposal.id}/preview").status_code == 302


def test_double_submission_creates_one_proposal(client, login_as, db):
    login_as("resident")
    first = client.post("/proposals/new", data=form())
    second = client.post("/proposals/new", data=form())
    assert first.headers["Location"] == second.headers["Location"]
    assert len(proposals_titled(db, "Mehr Bänke am Marktplatz")) == 1


def test_errors_keep_everything_typed(client, login_as, db):
    login_as("resident")
    response = client.post(
        "/proposals/new", data=form(title="Kurz"[:4], category="Kultur und Tourismus")
    )
    assert response.status_code == 400
    assert "5 bis 150 Zeichen" in response.text
    assert "Am **Marktplatz** fehlen Bänke." in response.text
    assert '<option selected value="Kultur und Tourismus">' in response.text or (
        'value="Kultur und Tourismus" selected' in response.text
    )
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"title": ""}, "Bitte geben Sie einen Titel ein."),
        ({"title": "x" * 151}, "5 bis 150 Zeichen"),
        ({"body": ""}, "Bitte beschreiben Sie Ihren Vorschlag."),
        ({"body": "x" * 10_001}, "höchstens 10.000 Zeichen"),
        ({"category": ""}, "Bitte wählen Sie einen Themenbereich."),
        ({"category": "Erfunden"}, "Bitte wählen Sie einen Themenbereich."),
        ({"district": "Atlantis"}, "Ortsteil aus der Liste"),
    ],
)
def test_invalid_input_gets_a_clear_error(client, login_as, overrides, message):
    login_as("resident")
    response = client.post("/proposals/new", data=form(**overrides))
    assert response.status_code == 400
    assert message in response.text


def test_markup_in_title_and_body_is_neutralised(client, login_as, db):
    login_as("resident")
    client.post(
        "/proposals/new",
        data=form(
            title="<script>alert(1)</script> Titel",
            body="<img src=x onerror=alert(2)> [x](javascript:alert(3))",
        ),
    )
    [proposal] = db.session.scalars(select(Proposal)).all()
    page = client.get(f"/proposals/{proposal.id}/preview").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "onerror" not in page and "javascript:" not in page


def upload(client, *pictures, **overrides):
    data = form(**overrides)
    for number, (content, name, alt) in enumerate(pictures, start=1):
        data[f"image_{number}"] = (io.BytesIO(content), name)
        data[f"alt_{number}"] = alt
    return client.post("/proposals/new", data=data, content_type="multipart/form-data")


def test_pictures_are_reencoded_without_metadata(client, login_as, db):
    login_as("resident")
    response = upload(
        client,
        (picture("JPEG", exif_gps=True), "foto.jpg", "Der leere Marktplatz"),
        (picture("PNG"), "plan.png", "Ein Lageplan"),
    )
    assert response.status_code == 302
    [proposal] = db.session.scalars(select(Proposal)).all()
    assert [image.alt_text for image in proposal.images] == ["Der leere Marktplatz", "Ein Lageplan"]
    stored = upload_folder() / proposal.images[0].filename
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    served = client.get(f"/proposals/images/{proposal.images[0].filename}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert b"Geheime Kamera" not in served.data
    page = client.get(f"/proposals/{proposal.id}/preview").text
    assert 'alt="Der leere Marktplatz"' in page


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"GIF89a" + b"\x00" * 100, "bild.gif", "kein lesbares Bild"),
        (b"%PDF-1.4 not a picture", "bild.jpg", "kein lesbares Bild"),  # lies about its type
        (picture("GIF"), "bild.gif", "JPEG, PNG oder WebP"),
        (b"", "leer.png", "Die Datei ist leer."),
    ],
)
def test_bad_files_are_refused(client, login_as, db, content, name, message):
    login_as("resident")
    response = upload(client, (content, name, "Beschreibung"))
    assert response.status_code == 400
    assert message in response.text
    assert "Mehr Bänke am Marktplatz" in response.text
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_too_big_pictures_are_refused(client, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "PROPOSAL_IMAGE_MAX_BYTES", 1000)
    login_as("resident")
    response = upload(
        client, (picture("PNG", size=(400, 400)) + b"\x00" * 2000, "gross.png", "Groß")
    )
    assert response.status_code == 400
    assert "zu groß" in response.text


def test_pictures_need_a_description(client, login_as):
    login_as("resident")
    response = upload(client, (picture(), "foto.jpg", ""))
    assert response.status_code == 400
    assert "Bitte beschreiben Sie, was auf dem Bild zu sehen ist." in response.text


def test_pictures_of_drafts_are_private(client, login_as, db, app):
    login_as("resident")
    upload(client, (picture(), "foto.jpg", "Foto"))
    [proposal] = db.session.scalars(select(Proposal)).all()
    assert (
        app.test_client().get(f"/proposals/images/{proposal.images[0].filename}").status_code == 404
    )
    assert client.get("/proposals/images/../../secret_key").status_code == 404


def test_a_description_without_its_picture_is_pointed_out(client, login_as, db):
    login_as("resident")
    response = client.post("/proposals/new", data=form(alt_1="Der Brunnen"))
    assert response.status_code == 400
    assert "Bitte wählen Sie das Bild aus" in response.text
    assert 'value="Der Brunnen"' in response.text


@pytest.mark.parametrize("key", ["", "k" * 65, "k" * 5000])
def test_a_missing_or_tampered_submission_key_is_replaced(client, login_as, db, key):
    login_as("resident")
    response = client.post("/proposals/new", data=form(submission_key=key))
    assert response.status_code == 302
    [proposal] = proposals_titled(db, "Mehr Bänke am Marktplatz")
    assert proposal.submission_key and len(proposal.submission_key) <= 64
