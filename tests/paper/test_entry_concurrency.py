"""The same sheet entered at the same moment, on a committed database (a SQLite file or
PostgreSQL): whoever is first counts it, everyone else is told why not, and it counts once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper.models import PaperEntry, Sheet, SheetStatus
from participation.surveys.models import Response, Survey
from participation.surveys.seed import build_survey
from participation.votes.models import Ballot, Vote, VoteKind
from participation.votes.seed import EXAMPLES, build_vote
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app
from tests.paper.entry_fixtures import make_sheets

CLERKS = 8


def clerk(number: int):
    """Register a staff member who enters sheets."""
    user = accounts.register(f"erfassung{number}@example.org", f"E {number}", PASSWORD, "de").user
    user.confirm_email()
    role_service.set_roles(user, {Role.STAFF}, actor=None)
    return user


@pytest.fixture()
def live_sheets():
    """An app on its own committed database with a ballot of an open vote (no double entry),
    a ballot of one with double entry, a survey sheet, and eight staff members."""
    with live_app("paper_entry") as app:
        with app.app_context():
            single = build_vote(EXAMPLES[VoteKind.SINGLE])
            single.paper_double_entry = False
            double = build_vote(EXAMPLES[VoteKind.YES_NO])
            survey = build_survey()
            codes = {
                "single": (single.id, make_sheets(single, 1)[0], single.options[0].id),
                "double": (double.id, make_sheets(double, 1)[0], double.options[0].id),
                "survey": (survey.id, make_sheets(survey, 1)[0], None),
            }
            tokens = [clerk(number).session_token for number in range(CLERKS)]
            db.session.commit()
        yield app, codes, tokens


def save_as(app, token: str, code: str, mark: int | None = None) -> int:
    """Post the first entry of a sheet as the staff member with `token`; return the status."""
    data = {"code": code, "scope": "all", "role": "first"}
    if mark is not None:
        data["mark"] = str(mark)
    return client_for(app, token).post("/paper/entry/save", data=data).status_code


def stored(app, model, **where) -> int:
    """Return how many rows of `model` match."""
    with app.app_context():
        query = select(func.count()).select_from(model).filter_by(**where)
        return db.session.scalar(query)


def status_of(app, code: str) -> SheetStatus:
    """Return the sheet's status."""
    with app.app_context():
        return db.session.scalar(select(Sheet.status).where(Sheet.code == code))


def test_a_ballot_entered_by_many_at_once_counts_once(live_sheets):
    app, codes, tokens = live_sheets
    vote_id, code, option = codes["single"]
    statuses = at_once(CLERKS, lambda n: save_as(app, tokens[n], code, option))
    assert sorted(statuses) == [302] + [409] * (CLERKS - 1)
    assert stored(app, Ballot, vote_id=vote_id) == 1
    assert stored(app, Ballot, receipt=code) == 1
    assert stored(app, PaperEntry) == 1
    with app.app_context():
        assert db.session.get(Vote, vote_id).ballot_count == 1
    assert status_of(app, code) is SheetStatus.COUNTED


def test_a_double_click_leaves_one_entry(live_sheets):
    app, codes, tokens = live_sheets
    _vote_id, code, option = codes["double"]
    statuses = at_once(CLERKS, lambda n: save_as(app, tokens[0], code, option))
    assert sorted(statuses) == [302] + [409] * (CLERKS - 1)
    assert stored(app, PaperEntry) == 1
    assert status_of(app, code) is SheetStatus.ENTERED


def test_first_entries_by_many_at_once_leave_one_first_entry(live_sheets):
    app, codes, tokens = live_sheets
    vote_id, code, option = codes["double"]
    statuses = at_once(CLERKS, lambda n: save_as(app, tokens[n], code, option))
    assert sorted(statuses) == [302] + [409] * (CLERKS - 1)
    assert stored(app, PaperEntry) == 1 and stored(app, Ballot, vote_id=vote_id) == 0


def test_a_survey_sheet_entered_by_many_at_once_counts_once(live_sheets):
    app, codes, tokens = live_sheets
    survey_id, code, _none = codes["survey"]
    statuses = at_once(CLERKS, lambda n: save_as(app, tokens[n], code))
    assert sorted(statuses) == [302] + [409] * (CLERKS - 1)
    assert stored(app, Response, sheet_code=code) == 1
    with app.app_context():
        assert db.session.get(Survey, survey_id).response_count == 1
