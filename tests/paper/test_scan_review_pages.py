"""The scan review's pages over HTTP: the queue, a sheet's review with its crops and images,
saving a decision and going on to the next sheet, typing a code, taking a page out; bad input
gets a clear message and keeps what was typed; only staff may; the queue's queries do not
grow with its length."""

# ruff: noqa: F811
from __future__ import annotations

import pytest

from participation.core.permissions import Role
from participation.extensions import db
from participation.paper.scan_models import ScanPage, ScanPageStatus
from participation.votes.models import VoteKind
from tests.paper import entry_fixtures as fx
from tests.paper import scan_import_fixtures as sx
from tests.paper.scan_import_fixtures import as_pdf, print_ballots, upload
from tests.paper.test_scan_review import penciled, without_code
from tests.paper.test_scans import paper_ballots
from tests.querycount import counted_queries

make_paper_vote = fx.make_paper_vote
scan_folder = sx.scan_folder
pytestmark = pytest.mark.usefixtures("scan_folder")
P = ScanPageStatus


@pytest.fixture()
def unclear(app, make_paper_vote):
    """A yes/no vote with two over-voted ballots and a page whose code cannot be read, read
    from one upload; returns the vote, the ballots and the pages in file order."""
    with app.test_request_context():
        vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
        ballots = print_ballots(vote, 3)
        pages = [ballots.marked(0, 0, 1), ballots.marked(1, 0, 1)]
        pages.append(without_code(ballots.marked(2, 1), ballots))
        done = upload(as_pdf(pages))
        rows = db.session.query(ScanPage).filter_by(upload_id=done.id).order_by(ScanPage.index)
        return vote, ballots, [row.id for row in rows]


def test_staff_decide_a_sheet_and_go_on_to_the_next(client, login_as, unclear):
    login_as(Role.STAFF)
    vote, ballots, (first, second, _third) = unclear
    queue = client.get("/paper/scans/review/").get_data(as_text=True)
    assert ballots.codes[0] in queue and ballots.codes[1] in queue and "Datei" in queue
    assert (
        client.get("/paper/scans/review/next")
        .headers["Location"]
        .endswith(f"/paper/scans/review/{first}")
    )
    page = client.get(f"/paper/scans/review/{first}").get_data(as_text=True)
    assert f"/paper/scans/pages/{first}/boxes/0.png" in page
    assert f"/paper/scans/pages/{first}/upright.png" in page
    assert "mehr Kreuze als erlaubt" in page and 'name="mark"' in page
    crop = client.get(f"/paper/scans/pages/{first}/boxes/0.png")
    assert crop.status_code == 200 and crop.data.startswith(b"\x89PNG")
    assert crop.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"/paper/scans/pages/{first}/upright.png").data.startswith(b"\x89PNG")
    yes = str(vote.options[0].id)
    form = {"code": ballots.codes[0], "scope": "all", "role": "first", "mark": yes}
    saved = client.post(f"/paper/scans/review/{first}", data=form)
    assert saved.headers["Location"].endswith(f"/paper/scans/review/next?after={first}")
    following = client.get(saved.headers["Location"])
    assert following.headers["Location"].endswith(f"/paper/scans/review/{second}")
    assert "ist gezählt" in client.get(following.headers["Location"]).get_data(as_text=True)
    assert db.session.get(ScanPage, first).status is P.COUNTED
    assert len(paper_ballots(vote)) == 1
    again = client.post(f"/paper/scans/review/{first}", data=form)  # sent twice
    assert again.status_code == 302 and len(paper_ballots(vote)) == 1


def test_a_form_that_does_not_fit_the_sheet_is_shown_again(client, login_as, unclear):
    login_as(Role.STAFF)
    _vote, ballots, (first, _second, _third) = unclear
    form = {"code": ballots.codes[0], "scope": "all", "role": "first", "mark": "99999"}
    response = client.post(f"/paper/scans/review/{first}", data=form)
    assert response.status_code == 400
    assert "passt nicht zu diesem Bogen" in response.get_data(as_text=True)
    assert db.session.get(ScanPage, first).status is P.REVIEW
    stale = {"code": ballots.codes[0], "scope": "all", "role": "second"}
    response = client.post(f"/paper/scans/review/{first}", data=stale, follow_redirects=True)
    assert "gerade erfasst" in response.get_data(as_text=True)
    empty = client.post(f"/paper/scans/review/{first}", data={}, follow_redirects=True)
    assert "gerade erfasst" in empty.get_data(as_text=True)
    assert db.session.get(ScanPage, first).status is P.REVIEW


@pytest.mark.parametrize(
    ("code", "number", "words"),
    [
        ("", "1", "Bitte geben Sie den Code"),
        ("PN-XXXX", "1", "PN-XXXX"),
        ("x" * 500, "1", "kein Bogen-Code"),
        (None, "zwei", "ganze Zahl"),
        (None, "7", "Seitenzahl hat der Bogen nicht"),
    ],
)
def test_a_wrong_code_is_explained_and_kept(client, login_as, unclear, code, number, words):
    login_as(Role.STAFF)
    _vote, ballots, (_first, _second, third) = unclear
    typed = ballots.codes[2] if code is None else code
    response = client.post(
        f"/paper/scans/review/{third}/code", data={"code": typed, "number": number}
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert words in text and "form-summary" in text
    assert f'value="{number}"' in text
    assert db.session.get(ScanPage, third).status is P.REVIEW


def test_a_typed_code_reads_the_page_again_and_counts_it(client, login_as, unclear):
    login_as(Role.STAFF)
    vote, ballots, (_first, _second, third) = unclear
    page = client.get(f"/paper/scans/review/{third}").get_data(as_text=True)
    assert 'name="code"' in page and "Code eintippen" in page
    response = client.post(
        f"/paper/scans/review/{third}/code", data={"code": ballots.codes[2], "number": "1"}
    )
    assert response.status_code == 302
    assert db.session.get(ScanPage, third).status is P.COUNTED
    assert len(paper_ballots(vote)) == 1


def test_a_page_is_taken_out_of_the_review(client, login_as, unclear):
    login_as(Role.STAFF)
    _vote, _ballots, (_first, _second, third) = unclear
    response = client.post(f"/paper/scans/review/{third}/dismiss")
    assert response.status_code == 302
    assert db.session.get(ScanPage, third).status is P.NOT_A_SHEET
    decided = client.get(f"/paper/scans/review/{third}", follow_redirects=True)
    assert "schon erledigt" in decided.get_data(as_text=True)


def test_missing_pages_and_images_are_not_found(client, login_as, unclear):
    login_as(Role.STAFF)
    _vote, _ballots, (first, _second, _third) = unclear
    assert client.get("/paper/scans/review/99999").status_code == 404
    assert client.get("/paper/scans/pages/99999/upright.png").status_code == 404
    assert client.get(f"/paper/scans/pages/{first}/boxes/99.png").status_code == 404


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.COUNCIL])
def test_only_staff_may_review(client, login_as, unclear, role):
    login_as(role)
    _vote, _ballots, (first, _second, third) = unclear
    assert client.get("/paper/scans/review/").status_code == 403
    assert client.get(f"/paper/scans/review/{first}").status_code == 403
    assert client.post(f"/paper/scans/review/{third}/dismiss").status_code == 403
    assert client.get(f"/paper/scans/pages/{first}/boxes/0.png").status_code == 403
    assert db.session.get(ScanPage, third).status is P.REVIEW


def test_the_queue_asks_the_same_number_of_queries_however_long(
    app, client, login_as, make_paper_vote
):
    login_as(Role.STAFF)

    def queries(count: int) -> int:
        with app.test_request_context():
            vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
            ballots = print_ballots(vote, count)
            upload(as_pdf([ballots.marked(i, 0, 1) for i in range(count)]))
        with counted_queries(db.engine) as statements:
            assert client.get("/paper/scans/review/").status_code == 200
        return len(statements)

    assert queries(1) == queries(4)


def test_the_arbitration_shows_the_scan_as_an_entry_with_its_image(
    app, client, login_as, make_paper_vote
):
    with app.test_request_context():
        vote = make_paper_vote(VoteKind.MULTIPLE, double_entry=True)
        ballots = print_ballots(vote, 1)
        upload(as_pdf([penciled(ballots.marked(0, 0), ballots, 2)]))
        page_id = db.session.query(ScanPage.id).scalar()
        other, code = str(vote.options[1].id), ballots.codes[0]
    login_as(Role.STAFF, display_name="Rita Prüf")
    form = {"code": code, "scope": "all", "role": "first", "mark": other}  # overrules box 0
    assert client.post(f"/paper/scans/review/{page_id}", data=form).status_code == 302
    db.session.expire_all()
    scanned = db.session.get(ScanPage, page_id)
    assert (scanned.status, scanned.problem) == (P.WAITING, "arbitration")
    login_as(Role.STAFF)
    text = client.get(f"/paper/entry/arbitration/{scanned.sheet_id}").get_data(as_text=True)
    assert "Scan, von der Plattform gelesen" in text
    assert "Rita Prüf (Prüfung des Scans)" in text
    assert f"/paper/scans/pages/{page_id}/image" in text
