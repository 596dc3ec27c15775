"""CSV and JSON exports of survey results: columns, rows, escaping, no personal data."""

from __future__ import annotations

import csv
import io
import json

import pytest

from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.surveys import export
from participation.surveys.models import QuestionType
from tests.surveys.conftest import question_of
from tests.surveys.test_results import every_answer, respond

T = QuestionType


def download_csv(client, survey, **args) -> tuple[bytes, list[dict]]:
    """Return the raw CSV and its rows as dicts by heading."""
    query = "&".join(f"{k}={v}" for k, v in args.items())
    reply = client.get(f"/surveys/{survey.id}/results.csv" + (f"?{query}" if query else ""))
    assert reply.status_code == 200
    assert reply.mimetype == "text/csv"
    assert "attachment" in reply.headers["Content-Disposition"]
    raw = reply.get_data()
    text = raw.decode("utf-8-sig")
    return raw, list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_csv_one_row_per_response_one_column_per_answer(client, login_as, survey):
    full = respond(
        survey,
        single=1,
        multiple=[0, 2],
        multiple_other="Bibliothek",
        yes_no=True,
        scale=4,
        matrix=[5, 3, 1],
        ranking=[3, 0],
        short="WLAN",
        long='Zeile eins\nZeile zwei; mit Semikolon und "Anführung"',
        number=42,
    )
    sparse = respond(survey, channel=Channel.PAPER, single_other="Über Bekannte")
    login_as(Role.STAFF)
    raw, rows = download_csv(client, survey)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark for Excel
    by_id = {row["Antwort-Nr."]: row for row in rows}
    assert len(rows) == 2
    row = by_id[full.id]
    assert row["Weg"] == "Online" and row["Tag der Antwort"] == "2026-05-04"
    assert row["1. Wie oft besuchen Sie die Internetseite der Stadt?"] == "Jeden Monat"
    multiple = "2. Welche Angebote haben Sie schon genutzt?"
    assert row[f"{multiple}: Termin im Bürgerbüro online buchen"] == "1"
    assert row[f"{multiple}: Formulare herunterladen"] == "0"
    assert row[f"{multiple}: Mängelmelder"] == "1"
    assert row[f"{multiple}: Sonstiges (Text)"] == "Bibliothek"
    assert row["3. Haben Sie zu Hause einen Internetanschluss?"] == "Ja"
    assert row["4. Wie zufrieden sind Sie insgesamt mit den digitalen Angeboten?"] == "4"
    assert row["5. Wie bewerten Sie diese Punkte?: Barrierefreiheit"] == "1"
    ranking = "6. Was soll die Stadt zuerst verbessern?"
    assert row[f"{ranking}: Eine App der Stadt"] == "1"
    assert row[f"{ranking}: Mehr Anträge online"] == "2"
    assert row[f"{ranking}: Kostenloses WLAN in der Innenstadt"] == ""
    assert row["8. Was möchten Sie der Stadt noch mitteilen?"].startswith("Zeile eins\nZeile zwei;")
    assert row["9. Wie alt sind Sie?"] == "42"
    other = by_id[sparse.id]
    assert other["Weg"] == "Auf Papier"
    assert other["1. Wie oft besuchen Sie die Internetseite der Stadt?"] == "Sonstiges"
    assert other[f"{multiple}: Mängelmelder"] == ""  # not answered: neither 1 nor 0


def test_csv_channel_filter(client, login_as, survey):
    respond(survey, single=0)
    paper = respond(survey, channel=Channel.PAPER, single=0)
    login_as(Role.STAFF)
    _raw, rows = download_csv(client, survey, channel="paper")
    assert [row["Antwort-Nr."] for row in rows] == [paper.id]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_refuses_formulas(client, login_as, survey, text):
    respond(survey, short=text)
    login_as(Role.STAFF)
    _raw, rows = download_csv(client, survey)
    assert rows[0]["7. Welches Angebot fehlt Ihnen am meisten?"] == "'" + text


def test_safe_cell():
    assert export.safe("=1+1") == "'=1+1"
    assert export.safe("Ein = Zeichen") == "Ein = Zeichen"
    assert export.safe(None) == ""
    assert export.decimal_comma(3.5, 1) == "3,5"


def test_csv_is_made_in_chunks(client, login_as, survey, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 3)
    made = {respond(survey, number=index).id for index in range(8)}
    login_as(Role.STAFF)
    _raw, rows = download_csv(client, survey)
    assert {row["Antwort-Nr."] for row in rows} == made
    assert sorted(int(row["9. Wie alt sind Sie?"]) for row in rows) == list(range(8))


def test_anonymous_export_holds_nothing_that_identifies(client, login_as, make_survey, make_user):
    survey = make_survey(anonymous=True)
    resident = make_user(email="erkennbar@example.org", display_name="Erika Erkennbar")
    respond(survey, single=0, short="Hallo")  # as the answer code stores it: no account
    login_as(Role.STAFF)
    raw, rows = download_csv(client, survey)
    text = raw.decode("utf-8-sig")
    assert "erkennbar" not in text.lower()
    assert str(resident.id) not in [cell for row in rows for cell in row.values()]
    assert not any("user" in heading.lower() or "konto" in heading.lower() for heading in rows[0])


def test_csv_never_has_user_ids(client, login_as, survey, make_user):
    resident = make_user(display_name="Nora Nennbar")
    respond(survey, user=resident, single=0)
    login_as(Role.STAFF)
    raw, rows = download_csv(client, survey)
    assert "Nennbar" not in raw.decode("utf-8-sig")
    assert list(rows[0])[:3] == ["Antwort-Nr.", "Weg", "Tag der Antwort"]


def test_json_has_the_numbers_of_the_page(client, login_as, survey):
    for index in range(7):
        respond(survey, **every_answer(index))
    respond(survey, channel=Channel.PAPER, single=2, number=99)
    login_as(Role.STAFF)
    data = client.get(f"/surveys/{survey.id}/results.json").get_json()
    page = client.get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert data["responses"] == 8
    assert data["responses_by_channel"] == {"online": 7, "paper": 1}
    by_kind = {q["kind"]: q for q in data["questions"]}
    single = by_kind["single"]
    assert [c["count"] for c in single["counts"]] == [2, 2, 3, 1]
    assert single["counts"][2]["percent"] == 37.5
    assert "37,5 %" in page
    assert by_kind["scale"]["mean"] == 2.57 and "Mittelwert: 2,57" in page  # 18 / 7
    number = by_kind["number"]["numbers"]
    assert (number["count"], number["median"], number["maximum"]) == (8, 17.5, 99)
    assert "17,5" in page
    ranking = by_kind["ranking"]["ranking"]
    assert sum(item["points"] for item in ranking) == 7 * (
        3 + 2
    )  # two places of three: 3 + 2 points
    matrix = by_kind["matrix"]["rows"][0]
    assert matrix["answered"] == 7 and [c["count"] for c in matrix["counts"]] == [2, 2, 1, 1, 1]
    assert {"text": "Kurz 0", "hidden": False} in by_kind["short_text"]["texts"]


def test_json_public_view_leaves_out_hidden_texts(client, login_as, survey):
    from participation.extensions import db
    from participation.surveys.models import Answer

    shown = respond(survey, short="Gern mehr Bänke")
    hidden = respond(survey, short="Name und Adresse von jemandem")
    question = question_of(survey, T.SHORT_TEXT)
    key = {"response_id": hidden.id, "question_id": question.id, "item": 0}
    db.session.get(Answer, key).hidden = True
    db.session.flush()
    login_as(Role.STAFF)
    staff = client.get(f"/surveys/{survey.id}/results.json").get_json()
    public = client.get(f"/surveys/{survey.id}/results.json?public=1").get_json()

    def texts(data):
        return next(q for q in data["questions"] if q["id"] == question.id)["texts"]

    assert len(texts(staff)) == 2
    assert texts(public) == [{"text": "Gern mehr Bänke"}]
    assert shown.id not in json.dumps(public)  # response ids are not needed in the public view
