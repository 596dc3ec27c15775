"""The page "Rücklauf erfassen": who may use it, the form ready for a scanner, the results table
with its summary, the refused lines kept in the field, 400 for a submission with nothing usable,
and a second submission (a double click) that reports the sheets as returned already."""

# ruff: noqa: F811  (the fixtures imported from returns_fixtures are test arguments here)
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from participation.core.permissions import Role
from participation.paper.models import Sheet, SheetEvent, SheetStatus
from participation.paper.returns_forms import MAX_TEXT
from tests.access import ROLES, role_id
from tests.paper.returns_fixtures import (  # noqa: F401
    clerk,
    mistyped,
    move_to,
    never_printed,
    sheets,
)

S = SheetStatus
URL = "/paper/returns"
REFUSED_LINES = "Diese Codes konnten wir nicht verwenden. Bitte prüfen Sie sie."


def send(client, *lines: str):
    """Send the form with these lines."""
    return client.post(URL, data={"codes": "\n".join(lines)})


def text_of(response) -> str:
    """Return the page's HTML."""
    return response.get_data(as_text=True)


def field_text(page: str) -> str:
    """Return what the code field holds."""
    match = re.search(r'<textarea[^>]*name="codes"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, "no code field"
    return html.unescape(match.group(1)).strip("\r\n")


def field_tag(page: str) -> str:
    """Return the opening tag of the code field."""
    match = re.search(r'<textarea[^>]*name="codes"[^>]*>', page)
    assert match, "no code field"
    return match.group(0)


def summary(page: str) -> str:
    """Return the summary above the results table."""
    match = re.search(r'<p class="kern-body" id="returns-summary">(.*?)</p>', page, re.S)
    assert match, "no summary"
    return " ".join(match.group(1).split())


def rows(page: str) -> list[str]:
    """Return the text of each row of the results table."""
    body = re.search(r'<tbody class="kern-table__body">(.*?)</tbody>', page, re.S)
    assert body, "no results table"
    found = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    texts = (re.sub(r"<[^>]+>", "", row.replace("<br>", " ")) for row in found)
    return [" ".join(text.split()) for text in texts]


def returned_events(db) -> int:
    """Return how many moves to returned there are."""
    query = select(func.count()).where(SheetEvent.to_status == S.RETURNED)
    return db.session.scalar(query)


def status_of(db, sheet: Sheet) -> SheetStatus:
    """Return the sheet's status as stored."""
    db.session.expire_all()
    return db.session.get(Sheet, sheet.id).status


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_only_staff_may_use_the_page(client, login_as, db, sheets, role):
    [sheet] = sheets(1)
    if role is not None:
        login_as(role)
    responses = [client.get(URL), send(client, sheet.code)]
    statuses = [response.status_code for response in responses]
    if role is Role.STAFF:
        assert statuses == [200, 200]
    elif role is None:
        assert statuses == [302, 302]
        assert all("/account/signin" in response.location for response in responses)
    else:
        assert statuses == [403, 403]
    assert status_of(db, sheet) is (S.RETURNED if role is Role.STAFF else S.ISSUED)


def test_the_paper_overview_links_to_the_page(client, login_as, db):
    login_as(Role.STAFF)
    page = text_of(client.get("/paper/"))
    assert f'href="{URL}">Rücklauf erfassen</a>' in page


def test_the_form_is_ready_for_a_scanner(client, login_as, db):
    login_as(Role.STAFF)
    page = text_of(client.get(URL))
    tag = field_tag(page)
    assert "Codes der zurückgegebenen Bögen" in page
    assert "Ein Code pro Zeile, zum Beispiel PN-7K3M-9Q2X-4." in page
    assert "die Eingabetaste drückt, funktioniert auch. Höchstens 500 Codes auf einmal." in page
    for attribute in ("autofocus", 'autocomplete="off"', 'spellcheck="false"', 'id="codes"'):
        assert attribute in tag
    assert 'aria-describedby="codes-hint"' in tag and "returns-result" not in page


# --- results ----------------------------------------------------------------------------------


def test_results_show_each_code_and_keep_only_the_refused_lines(
    client, login_as, db, clerk, sheets
):
    login_as(Role.STAFF)
    first, second, returned, void = sheets(4)
    move_to(returned, S.RETURNED, clerk)
    move_to(void, S.VOID, clerk)
    db.session.commit()
    wrong = mistyped(first.code)
    response = send(client, first.code, "", second.code.lower(), wrong, returned.code, void.code)
    page = text_of(response)
    assert response.status_code == 200
    assert summary(page) == ("2 Bögen als zurückgegeben vermerkt, 1 schon vermerkt, 2 abgelehnt.")
    assert rows(page) == [
        f"{wrong} Abgelehnt: Der Code ist falsch abgetippt. "
        "Bitte vergleichen Sie ihn Zeichen für Zeichen.",
        f"{void.code} Abgelehnt: Dieser Bogen ist ungültig gemacht worden. Er zählt nicht. "
        f"Verlauf des Bogens {void.code} ansehen",
        f"{first.code} Jetzt als zurückgegeben vermerkt.",
        f"{second.code} Jetzt als zurückgegeben vermerkt.",
        f"{returned.code} Dieser Bogen ist schon als zurückgegeben vermerkt. "
        f"Verlauf des Bogens {returned.code} ansehen",
    ]
    assert f'href="/paper/sheets/{void.id}"' in page
    assert field_text(page) == f"{wrong}\n{void.code}"
    assert 'aria-invalid="true"' in field_tag(page) and REFUSED_LINES in page
    assert "autofocus" not in field_tag(page)
    assert re.search(r'<section[^>]*id="returns-result"[^>]*autofocus', page)
    assert (status_of(db, first), status_of(db, second)) == (S.RETURNED, S.RETURNED)


def test_when_every_code_was_used_the_field_is_empty_for_the_next_tray(
    client, login_as, db, sheets
):
    login_as(Role.STAFF)
    batch = sheets(12)
    response = send(client, *(sheet.code for sheet in batch))
    page = text_of(response)
    assert response.status_code == 200
    assert summary(page) == "12 Bögen als zurückgegeben vermerkt."
    assert field_text(page) == "" and "form-summary" not in page
    assert returned_events(db) == 12


def test_a_code_typed_twice_is_one_row(client, login_as, db, sheets):
    login_as(Role.STAFF)
    [sheet] = sheets(1)
    page = text_of(send(client, sheet.code, sheet.code.lower(), sheet.code))
    assert rows(page) == [f"{sheet.code} Jetzt als zurückgegeben vermerkt. (3-mal in der Liste)"]
    assert summary(page) == "1 Bogen als zurückgegeben vermerkt."


def test_sending_again_after_a_double_click_says_already_returned(client, login_as, db, sheets):
    user = login_as(Role.STAFF)
    batch = sheets(2)
    codes = [sheet.code for sheet in batch]
    first, second = send(client, *codes), send(client, *codes)
    assert (first.status_code, second.status_code) == (200, 200)
    page = text_of(second)
    assert summary(page) == "0 Bögen als zurückgegeben vermerkt, 2 schon vermerkt."
    assert page.count("Dieser Bogen ist schon als zurückgegeben vermerkt.") == 2
    assert "form-summary" not in page and field_text(page) == ""
    events = db.session.scalars(select(SheetEvent).where(SheetEvent.to_status == S.RETURNED))
    assert [event.actor_id for event in events] == [user.id, user.id]


def test_an_entered_sheet_is_reported_as_entered(client, login_as, db, clerk, sheets):
    login_as(Role.STAFF)
    [sheet] = sheets(1)
    move_to(sheet, S.ENTERED, clerk)
    db.session.commit()
    page = text_of(send(client, sheet.code))
    assert rows(page) == [
        f"{sheet.code} Dieser Bogen ist schon erfasst. Verlauf des Bogens {sheet.code} ansehen"
    ]
    assert status_of(db, sheet) is S.ENTERED


# --- nothing usable: 400, nothing lost --------------------------------------------------------


@pytest.mark.parametrize("typed", ["", "\n\n", "   \r\n\t"])
def test_nothing_typed_is_refused(client, login_as, db, typed):
    login_as(Role.STAFF)
    response = client.post(URL, data={"codes": typed})
    page = text_of(response)
    assert response.status_code == 400
    assert "Bitte geben Sie mindestens einen Code ein." in page and "form-summary" in page
    assert 'aria-invalid="true"' in field_tag(page) and "returns-result" not in page
    assert "autofocus" in field_tag(page)  # back where codes are typed


def test_a_submission_without_a_field_is_refused(client, login_as, db):
    login_as(Role.STAFF)
    response = client.post(URL, data={})
    assert response.status_code == 400
    assert "Bitte geben Sie mindestens einen Code ein." in text_of(response)


def test_only_refused_codes_are_400_with_the_table_and_the_lines_kept(client, login_as, db, sheets):
    login_as(Role.STAFF)
    [sheet] = sheets(1)
    lines = [mistyped(sheet.code), never_printed(), "Hallo <b>Welt</b>"]
    response = send(client, *lines)
    page = text_of(response)
    assert response.status_code == 400
    assert summary(page) == "0 Bögen als zurückgegeben vermerkt, 3 abgelehnt."
    assert len(rows(page)) == 3 and "Diesen Code haben wir nie gedruckt." in page
    assert field_text(page) == "\n".join(lines)
    assert "<b>Welt</b>" not in page and REFUSED_LINES in page
    assert status_of(db, sheet) is S.ISSUED


def test_too_many_codes_are_refused_and_kept(client, login_as, db, sheets):
    login_as(Role.STAFF)
    [sheet] = sheets(1)
    lines = [sheet.code] + ["PN-1234"] * 500
    response = send(client, *lines)
    page = text_of(response)
    assert response.status_code == 400
    assert "Das sind 501 Codes. Bitte geben Sie höchstens 500 Codes auf einmal ein." in page
    assert field_text(page) == "\n".join(lines) and "returns-result" not in page
    assert status_of(db, sheet) is S.ISSUED


def test_too_much_text_is_refused_and_kept(client, login_as, db, sheets):
    login_as(Role.STAFF)
    [sheet] = sheets(1)
    typed = sheet.code + "\n" + "x" * MAX_TEXT
    response = client.post(URL, data={"codes": typed})
    page = text_of(response)
    assert response.status_code == 400
    assert "Das ist zu viel Text. Bitte geben Sie höchstens 500 Codes auf einmal ein." in page
    assert field_text(page) == typed
    assert status_of(db, sheet) is S.ISSUED


def test_a_long_wrong_line_is_shortened_in_the_table_but_kept_whole(client, login_as, db):
    login_as(Role.STAFF)
    line = "PN" + "9" * 300
    page = text_of(send(client, line))
    [row] = rows(page)
    assert len(row.split(" Abgelehnt:")[0]) <= 40 and field_text(page) == line


def test_the_form_needs_its_csrf_token(client, login_as, db, sheets, app, monkeypatch):
    login_as(Role.STAFF)
    [sheet] = sheets(1)
    db.session.commit()
    page = text_of(client.get(URL))
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    refused = send(client, sheet.code)
    assert refused.status_code == 400
    assert "Das Formular ist abgelaufen." in text_of(refused)
    assert status_of(db, sheet) is S.ISSUED
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
    data = {"codes": sheet.code, "csrf_token": token.group(1)}
    assert client.post(URL, data=data).status_code == 200
    assert status_of(db, sheet) is S.RETURNED
