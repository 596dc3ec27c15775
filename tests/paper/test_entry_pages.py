"""The entry pages: only staff use them; the code opens a form that mirrors the sheet, saving
goes back to the code with the code field focused, refusals say why and keep what was typed,
and the arbitration shows both entries side by side."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.core.permissions import Role
from participation.extensions import db
from participation.paper.models import EntryRole, PaperEntry
from participation.votes.models import Ballot, VoteKind
from tests.paper import entry_fixtures as fx
from tests.paper.entry_fixtures import ballot_form, enter, make_sheets

# The entry fixtures, shared by the entry tests.
clerks, make_paper_vote, paper_survey = fx.clerks, fx.make_paper_vote, fx.paper_survey
URL = "/paper/entry/"


def sign_in(client, user) -> None:
    """Let the test client act as `user`."""
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token


def code_field(page: str) -> str:
    """Return the tag of the code field."""
    return re.search(r'<input[^>]*id="code"[^>]*>', page).group(0)


def text_of(response) -> str:
    """Return the page's text."""
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), (Role.RESIDENT, 403), (Role.MODERATOR, 403), (Role.STAFF, 200)],
)
def test_only_staff_use_the_entry_pages(client, login_as, role, status):
    if role is not None:
        login_as(role)
    for path in (URL, f"{URL}arbitration"):
        assert client.get(path).status_code == status


def test_the_code_field_has_the_focus(client, login_as):
    login_as(Role.STAFF)
    page = text_of(client.get(URL))
    assert " autofocus" in code_field(page)


def test_a_code_opens_a_form_that_mirrors_the_ballot(client, clerks, make_paper_vote):
    vote = make_paper_vote(VoteKind.SINGLE)
    (code,) = make_sheets(vote, 1)
    sign_in(client, clerks[0])
    response = client.post(URL, data={"code": code.lower().replace("-", " ")})
    page = text_of(response)
    assert response.status_code == 200
    boxes = re.findall(r'type="checkbox" name="mark" id="mark-(\w+)"', page)
    assert boxes == [str(option.id) for option in vote.options] + ["abstain"]
    assert re.search(r'id="mark-\d+" value="\d+" autofocus', page)
    assert f'value="{code}"' in page and "Erste Erfassung" in page


def test_saving_goes_back_to_the_code_for_the_next_sheet(client, clerks, make_paper_vote):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    (code,) = make_sheets(vote, 1)
    sign_in(client, clerks[0])
    data = {"code": code, "scope": f"vote-{vote.id}", "role": "first", "mark": vote.options[0].id}
    response = client.post(f"{URL}save", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{URL}votes/{vote.id}")
    page = text_of(client.get(response.headers["Location"]))
    assert f"Bogen {code} ist gezählt: Gültig." in page
    assert " autofocus" in code_field(page)
    assert db.session.scalar(select(Ballot.receipt).where(Ballot.vote_id == vote.id)) == code


def test_a_refused_code_says_why_and_keeps_what_was_typed(client, login_as, make_paper_vote):
    login_as(Role.STAFF)
    response = client.post(URL, data={"code": "PN-7K3M-9Q2X-Z"})
    page = text_of(response)
    assert response.status_code == 400
    assert "falsch abgetippt" in page
    assert 'value="PN-7K3M-9Q2X-Z"' in page and 'aria-invalid="true"' in page


def test_a_sheet_entered_by_oneself_is_refused_on_the_page(client, clerks, make_paper_vote):
    vote = make_paper_vote(VoteKind.YES_NO)
    (code,) = make_sheets(vote, 1)
    sign_in(client, clerks[0])
    client.post(f"{URL}save", data={"code": code, "scope": "all", "role": "first"})
    response = client.post(URL, data={"code": code})
    assert response.status_code == 400
    assert "Sie haben diesen Bogen schon erfasst." in text_of(response)
    assert db.session.scalar(
        select(PaperEntry.role).where(PaperEntry.staff_id == clerks[0].id)
    ) is (EntryRole.FIRST)


def test_another_subject_is_refused_in_a_vote_entry_screen(
    client, clerks, make_paper_vote, paper_survey
):
    vote = make_paper_vote(VoteKind.YES_NO)
    (survey_code,) = make_sheets(paper_survey, 1)
    (vote_code,) = make_sheets(vote, 1)
    sign_in(client, clerks[0])
    response = client.post(f"{URL}votes/{vote.id}", data={"code": survey_code})
    assert response.status_code == 400
    assert "gehört zu einer anderen Abstimmung oder Umfrage" in text_of(response)
    response = client.post(f"{URL}surveys/{paper_survey.id}", data={"code": vote_code})
    assert response.status_code == 400
    saved = client.post(
        f"{URL}save",
        data={"code": vote_code, "scope": f"survey-{paper_survey.id}", "role": "first"},
    )
    assert saved.status_code == 409


def test_a_survey_sheet_with_a_typing_mistake_comes_back_as_typed(client, clerks, paper_survey):
    (code,) = make_sheets(paper_survey, 1)
    number = next(q for q in paper_survey.questions() if q.kind.value == "number")
    scale = next(q for q in paper_survey.questions() if q.kind.value == "scale")
    sign_in(client, clerks[0])
    data = {"code": code, "scope": "all", "role": "first", f"q{number.id}": "vierzig"}
    data[f"q{scale.id}"] = "4"
    response = client.post(f"{URL}save", data=data)
    page = text_of(response)
    assert response.status_code == 400
    assert "Bitte tippen Sie nur die Zahl ab" in page
    assert f'href="#q{number.id}"' in page and 'value="vierzig"' in page
    assert re.search(rf'id="q{scale.id}-p4" value="4"\s*checked', page)
    db.session.refresh(paper_survey)
    assert paper_survey.response_count == 0


def test_the_arbitration_shows_both_entries_and_who_may_decide(client, clerks, make_paper_vote):
    vote = make_paper_vote(VoteKind.SINGLE)
    (code,) = make_sheets(vote, 1)
    with client.application.test_request_context():
        enter(code, clerks[0], ballot_form(vote.options[0].id))
        enter(code, clerks[1], ballot_form(vote.options[1].id))
    sheet_id = db.session.scalar(select(PaperEntry.sheet_id))
    sign_in(client, clerks[2])
    listed = text_of(client.get(f"{URL}arbitration"))
    assert f"Bogen {code}" in listed and f"{URL}arbitration/{sheet_id}" in listed
    page = text_of(client.get(f"{URL}arbitration/{sheet_id}"))
    assert "2 Abweichungen" in page
    assert page.count("Abweichung</span>") == 2  # a word, not colour alone
    assert "Erika Erst" in page and "Zora Zweit" in page
    assert 'name="role" type="hidden" value="arbitration"' in page
    sign_in(client, clerks[0])
    page = text_of(client.get(f"{URL}arbitration/{sheet_id}"))
    assert "entscheidet eine dritte Person" in page and 'value="arbitration"' not in page
    sign_in(client, clerks[2])
    data = {"code": code, "scope": "all", "role": "arbitration", "mark": vote.options[1].id}
    response = client.post(f"{URL}save", data=data)
    assert response.headers["Location"].endswith(f"{URL}arbitration")
    assert client.get(f"{URL}arbitration/{sheet_id}").status_code == 404


def test_typing_the_code_of_a_sheet_in_arbitration_opens_the_comparison(
    client, clerks, make_paper_vote
):
    vote = make_paper_vote(VoteKind.YES_NO)
    (code,) = make_sheets(vote, 1)
    with client.application.test_request_context():
        enter(code, clerks[0], ballot_form(vote.options[0].id))
        enter(code, clerks[1], ballot_form())
    sign_in(client, clerks[2])
    response = client.post(URL, data={"code": code})
    assert re.search(rf"{URL}arbitration/\d+$", response.headers["Location"])


def test_the_arbitration_of_a_survey_sheet_compares_its_questions(client, clerks, paper_survey):
    paper_survey.paper_double_entry = True
    (code,) = make_sheets(paper_survey, 1)
    scale = next(q for q in paper_survey.questions() if q.kind.value == "scale")
    number = next(q for q in paper_survey.questions() if q.kind.value == "number")
    with client.application.test_request_context():
        enter(code, clerks[0], MultiDict([(f"q{scale.id}", "2"), (f"q{number.id}", "40")]))
        enter(code, clerks[1], MultiDict([(f"q{scale.id}", "3"), (f"q{number.id}", "40")]))
    sheet_id = db.session.scalar(select(PaperEntry.sheet_id))
    sign_in(client, clerks[2])
    page = text_of(client.get(f"{URL}arbitration/{sheet_id}"))
    assert "1 Abweichung" in page and "Kreuz bei 2" in page and "Kreuz bei 3" in page
    assert f'href="#compare-q{scale.id}"' in page
    assert re.search(rf'id="q{number.id}"[^>]*value="40"', page)  # agreed: filled in
    assert not re.search(rf'id="q{scale.id}-p\d" value="\d"\s*checked', page)  # disputed: empty
    data = {"code": code, "scope": "all", "role": "arbitration", f"q{number.id}": "vierzig"}
    response = client.post(f"{URL}save", data=data)
    assert response.status_code == 400
    assert "Über Bogen" in text_of(response) and 'value="vierzig"' in text_of(response)
    data[f"q{number.id}"], data[f"q{scale.id}"] = "40", "2"
    assert client.post(f"{URL}save", data=data).status_code == 302
    db.session.refresh(paper_survey)
    assert paper_survey.response_count == 1
