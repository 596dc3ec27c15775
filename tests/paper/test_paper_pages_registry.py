"""The registry pages: looking up a code (refusals in words, what was typed kept), a sheet's
page with every move (who, when), and voiding one sheet."""

# ruff: noqa: F811  (the fixtures imported from batch_fixtures are test arguments here)
from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.core import codes
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.paper import registry
from participation.paper.models import Sheet, SheetKind, SheetStatus
from tests.paper.batch_fixtures import (  # noqa: F401
    fake_pdf,
    make_batch,
    move_to,
    paper_folder,
    staff,
    vote,
)
from tests.querycount import counted_queries

S = SheetStatus


def sheets_of(db, batch) -> list[Sheet]:
    """Return the batch's sheets in page order."""
    query = select(Sheet).where(Sheet.batch_id == batch.id).order_by(Sheet.number)
    return list(db.session.scalars(query))


def look_up(client, typed: str):
    """Send the lookup form with `typed`."""
    return client.post("/paper/sheets/", data={"code": typed})


def mistyped(code: str) -> str:
    """Return the code with its last random character changed."""
    body = code.replace("-", "")[2:]
    other = next(c for c in codes.ALPHABET if c != body[7])
    return f"PN-{body[:4]}-{body[4:7]}{other}-{body[8]}"


def test_a_typed_code_leads_to_its_sheet(client, login_as, db, make_batch):
    login_as(Role.STAFF)
    sheet = sheets_of(db, make_batch(2))[1]
    response = look_up(client, sheet.code.lower().replace("-", " "))
    assert response.status_code == 302 and response.location == f"/paper/sheets/{sheet.id}"


def test_the_lookup_form_is_ready_for_a_scanner(client, login_as, db):
    login_as(Role.STAFF)
    page = client.get("/paper/sheets/").get_data(as_text=True)
    assert 'autocomplete="off"' in page and 'spellcheck="false"' in page
    assert "zum Beispiel PN-7K3M-9Q2X-4" in page


@pytest.mark.parametrize(
    ("make_typed", "says"),
    [
        (mistyped, "Der Code ist falsch abgetippt."),
        (lambda code: "PN-ZZZZ-0000-" + codes.check_character("ZZZZ0000"), "nie gedruckt"),
        (lambda code: "PN-1234", "Das ist kein Bogen-Code."),
        (lambda code: "XY" + code[2:], "Er muss mit PN beginnen."),
        (lambda code: "x" * 61, "Er ist zu lang."),
        (lambda code: "", "Bitte geben Sie den Code ein."),
    ],
)
def test_codes_that_lead_nowhere_are_refused_and_kept(
    client, login_as, db, make_batch, make_typed, says
):
    login_as(Role.STAFF)
    typed = make_typed(sheets_of(db, make_batch(1))[0].code)
    response = look_up(client, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and says in page
    assert 'aria-invalid="true"' in page and f'value="{typed}"' in page


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (S.VOID, "Dieser Bogen ist ungültig gemacht worden. Er zählt nicht."),
        (S.COUNTED, "Dieser Bogen ist schon gezählt. Er zählt nur einmal."),
    ],
)
def test_void_and_counted_codes_are_refused_with_a_way_to_their_history(
    client, login_as, db, make_batch, staff, status, says
):
    login_as(Role.STAFF)
    sheet = sheets_of(db, make_batch(1))[0]
    if status is S.VOID:
        registry.void_sheet(sheet, staff, "verloren")
    else:
        move_to(sheet, S.COUNTED, staff)
    db.session.commit()
    response = look_up(client, sheet.code)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and says in page
    assert f'href="/paper/sheets/{sheet.id}"' in page and "Verlauf des Bogens" in page


def test_the_sheet_page_shows_its_whole_history(client, login_as, db, make_batch, vote, staff):
    clerk = login_as(Role.STAFF, display_name="Klara Kontrolle")
    batch = make_batch(3, SheetKind.VOTE, vote)
    sheet = sheets_of(db, batch)[2]
    registry.move(sheet, S.RETURNED, staff)
    registry.move(sheet, S.ENTERED, clerk, "erste Erfassung")
    db.session.commit()
    page = client.get(f"/paper/sheets/{sheet.id}").get_data(as_text=True)
    assert sheet.code in page and "Stimmzettel" in page and vote.title in page
    assert f"Stapel {batch.id}</a>, Bogen 3 von 3" in page
    assert "<strong>Erfasst</strong>" in page
    assert "Ausgegeben – gedruckt von Paula Papier" in page
    assert "Zurückgekommen (vorher: Ausgegeben) – von Paula Papier" in page
    assert "Erfasst (vorher: Zurückgekommen) – von Klara Kontrolle" in page
    assert "Notiz: erste Erfassung" in page and "Bogen ungültig machen" in page


def test_the_sheet_page_runs_as_many_queries_for_a_long_history(
    client, login_as, db, make_batch, staff, make_user
):
    login_as(Role.STAFF)
    short, long = sheets_of(db, make_batch(2))
    move_to(long, S.ENTERED, make_user())
    registry.move(long, S.RETURNED, make_user())
    registry.move(long, S.ENTERED, staff)
    registry.move(long, S.COUNTED, make_user())
    db.session.commit()
    sizes = []
    for sheet in (short, long):
        with counted_queries(db.engine) as statements:
            assert client.get(f"/paper/sheets/{sheet.id}").status_code == 200
        sizes.append(len(statements))
    assert sizes[0] == sizes[1]


def test_an_unknown_sheet_is_not_found(client, login_as, db):
    login_as(Role.STAFF)
    assert client.get("/paper/sheets/999999").status_code == 404
    assert client.get("/paper/sheets/999999/void").status_code == 404


def test_voiding_a_sheet_asks_for_the_reason(client, login_as, db, make_batch):
    user = login_as(Role.STAFF)
    sheet = sheets_of(db, make_batch(1))[0]
    assert "Ja, Bogen ungültig machen" in client.get(f"/paper/sheets/{sheet.id}/void").get_data(
        as_text=True
    )
    response = client.post(f"/paper/sheets/{sheet.id}/void", data={"reason": ""})
    assert response.status_code == 400 and "Bitte geben Sie einen Grund an." in response.get_data(
        as_text=True
    )
    response = client.post(
        f"/paper/sheets/{sheet.id}/void",
        data={"reason": "im Regen verloren"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Der Bogen ist jetzt ungültig." in page and "Grund: im Regen verloren" in page
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).status is S.VOID
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "paper.sheet_voided"))
    assert (entry.actor_id, entry.target_id) == (user.id, sheet.id)


def test_a_counted_sheet_cannot_be_voided(client, login_as, db, make_batch, staff):
    login_as(Role.STAFF)
    sheet = sheets_of(db, make_batch(1))[0]
    move_to(sheet, S.COUNTED, staff)
    db.session.commit()
    page = client.get(f"/paper/sheets/{sheet.id}/void").get_data(as_text=True)
    assert "schon gezählt" in page and "Ja, Bogen ungültig machen" not in page
    response = client.post(
        f"/paper/sheets/{sheet.id}/void", data={"reason": "versehentlich"}, follow_redirects=True
    )
    assert "Dieser Bogen ist schon gezählt." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).status is S.COUNTED


def test_only_staff_see_sheets(client, login_as, db, make_batch):
    sheet = sheets_of(db, make_batch(1))[0]
    login_as(Role.COUNCIL)
    for path in (f"/paper/sheets/{sheet.id}", f"/paper/sheets/{sheet.id}/void", "/paper/sheets/"):
        assert client.get(path).status_code == 403
    assert look_up(client, sheet.code).status_code == 403
    assert client.post(f"/paper/sheets/{sheet.id}/void", data={"reason": "x"}).status_code == 403
