"""What a form reads from a request (core/forms.py form_data): text fields the form body,
file fields the uploaded files, and nothing from a JSON body. Found by the fuzz tests: a file
sent under a text field's name, or a JSON body, was a 500 on every form."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from participation.core.permissions import Role
from participation.proposals.models import Proposal
from tests.proposals.helpers import picture

GOOD = {"title": "Mehr Bänke am Markt", "body": "Bitte mehr Bänke.", "category": "Sonstiges"}


def proposals(db) -> int:
    """Return how many proposals there are."""
    return db.session.scalar(select(func.count()).select_from(Proposal))


def test_a_file_in_a_text_field_is_a_missing_text(client, db, login_as):
    login_as(Role.RESIDENT)
    before = proposals(db)
    data = {**GOOD, "title": (io.BytesIO(b"Mehr Baenke"), "titel.txt", "text/plain")}
    response = client.post("/proposals/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel ein." in response.get_data(as_text=True)
    assert "Bitte mehr Bänke." in response.get_data(as_text=True)  # what was typed is kept
    assert proposals(db) == before


def test_text_in_a_file_field_is_no_picture(client, db, login_as):
    login_as(Role.RESIDENT)
    before = proposals(db)
    data = {**GOOD, "image_1": "kein Bild", "alt_1": "Eine Bank"}
    response = client.post("/proposals/new", data=data, content_type="multipart/form-data")
    assert response.status_code in (200, 302, 400)
    assert proposals(db) <= before + 1
    if proposals(db) == before + 1:
        proposal = db.session.scalars(select(Proposal).order_by(Proposal.id.desc())).first()
        assert proposal.images == []


@pytest.mark.parametrize(
    "document", [GOOD, "Mehr Bänke", ["title", "body"], [["title", "x"]], {"title": {"a": 1}}, 7]
)
def test_a_json_body_is_no_form_submission(client, db, login_as, document):
    login_as(Role.RESIDENT)
    before = proposals(db)
    response = client.post(
        "/proposals/new", data=json.dumps(document), content_type="application/json"
    )
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel ein." in response.get_data(as_text=True)
    assert proposals(db) == before


def test_a_picture_in_its_file_field_still_arrives(client, db, login_as):
    login_as(Role.RESIDENT)
    data = {**GOOD, "image_1": (io.BytesIO(picture()), "bank.jpg", "image/jpeg"), "alt_1": "Bank"}
    response = client.post("/proposals/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    proposal = db.session.scalars(select(Proposal).order_by(Proposal.id.desc())).first()
    assert [image.alt_text for image in proposal.images] == ["Bank"]
