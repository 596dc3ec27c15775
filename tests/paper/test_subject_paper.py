"""A vote's or survey's paper page: its sheets by state, the links to print, hand out and
enter them, and double entry, which staff can switch until the first sheet is entered."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import subjects
from participation.paper.models import SheetStatus
from participation.votes.models import VoteKind
from tests.paper import entry_fixtures as fx
from tests.paper.entry_fixtures import ballot_form, enter, make_sheets
from tests.querycount import counted_queries

clerks, in_request, make_paper_vote, paper_survey = (
    fx.clerks,
    fx.in_request,
    fx.make_paper_vote,
    fx.paper_survey,
)


def page_of(subject) -> str:
    """Return the address of the subject's paper page."""
    kind = "surveys" if subject.__tablename__ == "surveys" else "votes"
    return f"/paper/{kind}/{subject.id}"


def reloaded(subject):
    """Return the subject as stored now."""
    db.session.expire_all()
    return db.session.get(type(subject), subject.id)


def checked(page: str, name: str) -> str | None:
    """Return the value of the checked radio button called `name`."""
    match = re.search(rf'<input checked[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else None


def audits() -> list[AuditEntry]:
    """Return the double entry audit entries."""
    query = select(AuditEntry).where(AuditEntry.action == "paper.double_entry_changed")
    return list(db.session.scalars(query))


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.MODERATOR, Role.COUNCIL, Role.ADMIN])
def test_only_staff_see_or_change_a_subjects_paper(client, login_as, make_paper_vote, role):
    vote = make_paper_vote(VoteKind.YES_NO)
    if role is not None:
        login_as(role)
    expected = 403 if role else 302
    assert client.get(page_of(vote)).status_code == expected
    assert client.post(page_of(vote), data={"double_entry": "no"}).status_code == expected
    assert reloaded(vote).paper_double_entry is True


def test_the_page_shows_sheets_by_state_and_where_to_go(client, login_as, make_paper_vote):
    vote = make_paper_vote(VoteKind.YES_NO)
    make_sheets(vote, 3)
    login_as(Role.STAFF)
    page = client.get(page_of(vote)).get_data(as_text=True)
    assert "Ausgegeben: 3" in page
    assert f"/paper/batches/new?subject=vote-{vote.id}" in page
    assert f"/paper/handout/{vote.id}" in page
    assert f"/paper/entry/votes/{vote.id}" in page
    assert checked(page, "double_entry") == "yes"


def test_a_survey_starts_with_single_entry(client, login_as, paper_survey):
    login_as(Role.STAFF)
    page = client.get(page_of(paper_survey)).get_data(as_text=True)
    assert checked(page, "double_entry") == "no"
    assert "/paper/handout/" not in page
    assert f"/paper/entry/surveys/{paper_survey.id}" in page
    assert "Es sind noch keine Bögen gedruckt." in page


def test_staff_switch_double_entry_off_and_a_single_entry_then_counts(
    client, login_as, make_paper_vote, clerks
):
    vote = make_paper_vote(VoteKind.YES_NO)
    (code,) = make_sheets(vote, 1)
    staff = login_as(Role.STAFF)
    response = client.post(page_of(vote), data={"double_entry": "no"})
    assert response.status_code == 302
    assert reloaded(vote).paper_double_entry is False
    [entry] = audits()
    assert (entry.actor_id, entry.before, entry.after) == (
        staff.id,
        {"double_entry": True},
        {"double_entry": False},
    )
    assert "Eine Person erfasst jeden Bogen." in client.get(page_of(vote)).get_data(as_text=True)
    with client.application.test_request_context():
        saved = enter(code, clerks[0], ballot_form(reloaded(vote).options[0].id))
    assert saved.outcome == "counted"


def test_saving_the_same_choice_changes_nothing(client, login_as, make_paper_vote):
    vote = make_paper_vote(VoteKind.YES_NO)
    login_as(Role.STAFF)
    client.post(page_of(vote), data={"double_entry": "yes"})
    assert "unverändert" in client.get(page_of(vote)).get_data(as_text=True)
    assert audits() == []


def test_a_survey_can_switch_double_entry_on(client, login_as, paper_survey):
    login_as(Role.STAFF)
    assert client.post(page_of(paper_survey), data={"double_entry": "yes"}).status_code == 302
    assert reloaded(paper_survey).paper_double_entry is True


@pytest.mark.parametrize("sent", [{}, {"double_entry": ""}, {"double_entry": "maybe"}])
def test_a_missing_or_strange_choice_is_refused(client, login_as, make_paper_vote, sent):
    vote = make_paper_vote(VoteKind.YES_NO)
    login_as(Role.STAFF)
    response = client.post(page_of(vote), data=sent)
    assert response.status_code == 400
    assert "Bitte wählen Sie, wie die Bögen erfasst werden." in response.get_data(as_text=True)
    assert reloaded(vote).paper_double_entry is True


def test_after_the_first_entry_the_rule_stays(client, login_as, make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO)
    (code,) = make_sheets(vote, 1)
    with client.application.test_request_context():
        assert enter(code, clerks[0], ballot_form(vote.options[0].id)).outcome == "waiting"
    db.session.commit()
    login_as(Role.STAFF)
    page = client.get(page_of(vote)).get_data(as_text=True)
    assert 'id="double-entry-locked"' in page and 'id="double-entry-form"' not in page
    response = client.post(page_of(vote), data={"double_entry": "no"})
    assert response.status_code == 400
    assert "Deshalb bleibt die doppelte Erfassung so" in response.get_data(as_text=True)
    assert reloaded(vote).paper_double_entry is True
    assert audits() == []


def test_the_service_refuses_a_switch_once_a_sheet_is_entered(make_paper_vote, clerks, in_request):
    vote = make_paper_vote(VoteKind.YES_NO)
    (code,) = make_sheets(vote, 1)
    assert subjects.entry_started(vote) is False
    assert subjects.status_counts(vote) == {SheetStatus.ISSUED: 1}
    enter(code, clerks[0], ballot_form(vote.options[0].id))
    assert subjects.entry_started(vote) is True
    with pytest.raises(subjects.DoubleEntryLocked):
        subjects.set_double_entry(vote, False, clerks[1])
    assert subjects.set_double_entry(vote, True, clerks[1]) is False  # unchanged: no refusal


@pytest.mark.parametrize("path", ["/paper/votes/999999", "/paper/surveys/999999"])
def test_an_unknown_subject_is_not_found(client, login_as, path):
    login_as(Role.STAFF)
    assert client.get(path).status_code == 404
    assert client.post(path, data={"double_entry": "no"}).status_code == 404


def test_the_batch_form_comes_with_the_subject_chosen(client, login_as, make_paper_vote):
    vote = make_paper_vote(VoteKind.YES_NO)
    login_as(Role.STAFF)
    page = client.get(f"/paper/batches/new?subject=vote-{vote.id}").get_data(as_text=True)
    assert checked(page, "subject") == f"vote-{vote.id}"
    odd = client.get("/paper/batches/new?subject=<script>")
    assert odd.status_code == 200 and "<script>" not in odd.get_data(as_text=True)


def test_the_builder_pages_link_to_the_paper_page(client, login_as, make_paper_vote, paper_survey):
    vote = make_paper_vote(VoteKind.YES_NO)
    login_as(Role.STAFF)
    vote_page = client.get(f"/votes/manage/{vote.id}").get_data(as_text=True)
    assert page_of(vote) in vote_page and "doppelt erfasst" in vote_page
    survey_page = client.get(f"/surveys/manage/{paper_survey.id}").get_data(as_text=True)
    assert page_of(paper_survey) in survey_page and "einfach erfasst" in survey_page


def test_the_page_asks_the_same_number_of_queries_for_many_sheets(
    client, login_as, make_paper_vote
):
    vote = make_paper_vote(VoteKind.YES_NO)
    make_sheets(vote, 2)
    login_as(Role.STAFF)
    with counted_queries(db.engine) as few:
        client.get(page_of(vote))
    make_sheets(vote, 40)
    with counted_queries(db.engine) as many:
        client.get(page_of(vote))
    assert len(many) == len(few)
