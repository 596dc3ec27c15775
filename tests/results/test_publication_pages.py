"""The publication's pages: staff prepare, the council publishes and corrects, the public
reads the result, its print view and documents; bad input is explained and kept; drafts stay
hidden; the list's queries do not grow with its length."""

from __future__ import annotations

import io

import pytest
from fpdf import FPDF

from participation.core.permissions import Role
from participation.extensions import db
from participation.results import publication
from participation.results.models import Document, Publication
from tests.querycount import counted_queries
from tests.votes.test_results_pages import text_of


def a_pdf(text: str = "Niederschrift") -> bytes:
    """Return a small real PDF."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


@pytest.fixture()
def results_folder(app, tmp_path, monkeypatch):
    """A results folder of this test's own."""
    monkeypatch.setitem(app.config, "RESULTS_FOLDER", str(tmp_path / "results"))
    return tmp_path / "results"


def prepared(client, subject) -> int:
    """Open the publication of a closed vote through the page; return its id."""
    response = client.post("/results/manage/new", data={"subject": subject})
    assert response.status_code == 302, response.status_code
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_staff_prepare_and_the_council_publishes(client, login_as, closed_vote):
    login_as(Role.STAFF)
    listing = text_of(client.get("/results/manage/"))
    assert closed_vote.title in listing and "Noch nicht vorbereitet" in listing
    pid = prepared(client, f"vote-{closed_vote.id}")
    assert prepared(client, f"vote-{closed_vote.id}") == pid  # one publication per vote
    page = text_of(client.get(f"/results/manage/{pid}"))
    assert (
        "Es wurden 6 Stimmzettel abgegeben." in page
        and "Veröffentlichen kann nur der Stadtrat" in page
    )
    form = {
        "statement": "Der Rat folgt dem Ergebnis.",
        "decision": "Beschluss 45/2026",
        "decision_date": "12.11.2026",
    }
    assert client.post(f"/results/manage/{pid}", data=form).status_code == 302
    assert client.post(f"/results/manage/{pid}/publish").status_code == 403
    assert client.get(f"/results/{pid}").status_code == 200  # staff see the preview
    login_as(Role.COUNCIL)
    assert client.post(f"/results/manage/{pid}/publish").status_code == 302
    client.get("/")  # a new session for the guest
    with client.session_transaction() as session:
        session.clear()
    shown = text_of(client.get(f"/results/{pid}"))
    assert "Der Rat folgt dem Ergebnis." in shown and "Beschluss 45/2026, vom 12.11.2026" in shown
    assert "Davon online: 4. Davon auf Papier: 2." in shown
    assert closed_vote.title in text_of(client.get("/results/"))
    printed = text_of(client.get(f"/results/{pid}/print"))
    assert "Der Rat folgt dem Ergebnis." in printed and "Quelle:" in printed


def test_a_draft_is_hidden_from_the_public(client, login_as, closed_vote):
    login_as(Role.STAFF)
    pid = prepared(client, f"vote-{closed_vote.id}")
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/results/{pid}").status_code == 404
    assert client.get(f"/results/{pid}/print").status_code == 404
    assert closed_vote.title not in text_of(client.get("/results/"))
    login_as(Role.RESIDENT)
    assert client.get(f"/results/{pid}").status_code == 404
    assert client.get("/results/manage/").status_code == 403


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("decision_date", "31.02.2026", "Datum ein"),
        ("decision_date", "1.1.1800", "zwischen 2000 und 2999"),
        ("decision", "x" * 301, "Höchstens 300 Zeichen"),
        ("statement", "x" * 20_001, "Höchstens 20.000 Zeichen"),
    ],
)
def test_a_bad_draft_is_explained_and_kept(client, login_as, closed_vote, field, value, words):
    login_as(Role.STAFF)
    pid = prepared(client, f"vote-{closed_vote.id}")
    form = {"statement": "Erklärung", "decision": "Beschluss", "decision_date": ""}
    form[field] = value
    response = client.post(f"/results/manage/{pid}", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert words in page and "form-summary" in page and value[:50] in page


def test_a_survey_publication_shows_its_figures(client, login_as, closed_survey):
    login_as(Role.COUNCIL)
    pid = prepared(client, f"survey-{closed_survey.id}")
    client.post(
        f"/results/manage/{pid}", data={"statement": "Danke.", "decision": "", "decision_date": ""}
    )
    assert client.post(f"/results/manage/{pid}/publish").status_code == 302
    shown = text_of(client.get(f"/results/{pid}"))
    assert "Es gibt 3 Antworten." in shown and "Mehr Bänke" in shown
    assert "/texts" not in shown  # no link to the staff page of all texts


def test_documents_are_checked_and_served_as_downloads(
    client, login_as, closed_vote, results_folder
):
    login_as(Role.STAFF)
    pid = prepared(client, f"vote-{closed_vote.id}")

    def attach(data: bytes, title: str = "Niederschrift", name: str = "n.pdf"):
        form = {"title": title, "document": (io.BytesIO(data), name)}
        return client.post(
            f"/results/manage/{pid}/documents", data=form, content_type="multipart/form-data"
        )

    for data, words in [
        (b"", "leer"),
        (b"<html><script>alert(1)</script>", "keine PDF-Datei"),
        (b"%PDF-1.7 kaputt", "beschädigt"),
    ]:
        refused = attach(data)
        assert refused.status_code == 400 and words in refused.get_data(as_text=True)
    assert attach(a_pdf(), title="").status_code == 400
    assert attach(a_pdf()).status_code == 302
    attached = db.session.query(Document).one()
    download = client.get(f"/results/{pid}/documents/{attached.id}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download.headers["Content-Disposition"]
    assert "sandbox" in download.headers["Content-Security-Policy"]
    assert client.get(f"/results/{pid}/documents/999").status_code == 404
    assert client.post(f"/results/manage/{pid}/documents/{attached.id}/remove").status_code == 302
    assert db.session.query(Document).count() == 0 and not list(results_folder.glob("*.pdf"))


def test_a_document_above_the_limit_is_refused(
    app, client, login_as, closed_vote, results_folder, monkeypatch
):
    login_as(Role.STAFF)
    pid = prepared(client, f"vote-{closed_vote.id}")
    monkeypatch.setitem(app.config, "RESULTS_DOCUMENT_MAX_MB", 0)
    form = {"title": "Groß", "document": (io.BytesIO(a_pdf()), "g.pdf")}
    response = client.post(
        f"/results/manage/{pid}/documents", data=form, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "zu groß" in response.get_data(as_text=True)


def test_the_council_corrects_a_published_result(client, login_as, closed_vote):
    login_as(Role.COUNCIL)
    pid = prepared(client, f"vote-{closed_vote.id}")
    client.post(
        f"/results/manage/{pid}",
        data={"statement": "Erklärung", "decision": "", "decision_date": ""},
    )
    client.post(f"/results/manage/{pid}/publish")
    assert (
        client.post(
            f"/results/manage/{pid}/correct", data={"note": "", "statement": "Erklärung"}
        ).status_code
        == 400
    )
    response = client.post(
        f"/results/manage/{pid}/correct",
        data={"note": "Tippfehler behoben.", "statement": "Erklärung, berichtigt"},
    )
    assert response.status_code == 302
    shown = text_of(client.get(f"/results/{pid}"))
    assert "Tippfehler behoben." in shown and "Erklärung, berichtigt" in shown
    login_as(Role.STAFF)
    assert client.post(f"/results/manage/{pid}/correct", data={"note": "x"}).status_code == 403
    assert client.post(f"/results/manage/{pid}/discard").status_code == 302
    assert db.session.get(Publication, pid) is not None  # published: never deleted


def test_the_list_asks_the_same_number_of_queries_however_long(app, client, council, closed_vote):
    from datetime import timedelta

    from participation.votes.models import VoteKind
    from participation.votes.seed import EXAMPLES, build_vote

    def publish_one():
        with app.test_request_context():
            vote = build_vote(
                EXAMPLES[VoteKind.YES_NO], opens_in=timedelta(days=-15), open_for=timedelta(days=14)
            )
            draft = publication.draft_for(vote, council)
            publication.save_draft(draft, "Erklärung", "", None, council)
            publication.publish(draft, council)
            db.session.commit()

    def queries() -> int:
        with counted_queries(db.engine) as statements:
            assert client.get("/results/").status_code == 200
        return len(statements)

    publish_one()
    one = queries()
    for _ in range(3):
        publish_one()
    assert queries() == one


def test_the_vote_and_survey_pages_link_to_their_published_result(
    client, login_as, closed_vote, closed_survey
):
    login_as(Role.COUNCIL)
    for subject, page in (
        (f"vote-{closed_vote.id}", f"/votes/{closed_vote.id}"),
        (f"survey-{closed_survey.id}", f"/surveys/{closed_survey.id}"),
    ):
        pid = prepared(client, subject)
        assert f"/results/{pid}" not in client.get(page).get_data(as_text=True)
        client.post(
            f"/results/manage/{pid}",
            data={"statement": "Erklärung", "decision": "", "decision_date": ""},
        )
        client.post(f"/results/manage/{pid}/publish")
        assert f"/results/{pid}" in client.get(page).get_data(as_text=True)


def test_after_publication_changes_show_as_dated_corrections(
    client, login_as, closed_vote, results_folder
):
    login_as(Role.COUNCIL)
    pid = prepared(client, f"vote-{closed_vote.id}")
    client.post(
        f"/results/manage/{pid}",
        data={"statement": "Erklärung", "decision": "Nr. 1", "decision_date": ""},
    )
    client.post(f"/results/manage/{pid}/publish")
    form = {"title": "Niederschrift", "document": (io.BytesIO(a_pdf()), "n.pdf")}
    client.post(f"/results/manage/{pid}/documents", data=form, content_type="multipart/form-data")
    data = {
        "note": "Beschluss nachgetragen.",
        "statement": "Erklärung",
        "decision": "Nr. 2",
        "decision_date": "2026-12-01",
    }
    assert client.post(f"/results/manage/{pid}/correct", data=data).status_code == 302
    shown = text_of(client.get(f"/results/{pid}"))
    assert "Dokument hinzugefügt: Niederschrift" in shown and "Beschluss nachgetragen." in shown
    assert "Nr. 2, vom 01.12.2026" in shown
