"""Returns sent at the same moment, on a committed database (a SQLite file or PostgreSQL): a code
sent by two desks, by many desks in different orders, or twice by a double click moves once,
and nobody gets an error."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sqlalchemy import select

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper.models import Sheet, SheetEvent, SheetStatus
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app
from tests.paper.returns_fixtures import register

DESKS = 6
SHEETS = 30


def desk(number: int):
    """Register the staff member at returns desk `number`."""
    user = accounts.register(f"ruecklauf{number}@example.org", f"R {number}", PASSWORD, "de").user
    user.confirm_email()
    role_service.set_roles(user, {Role.STAFF}, actor=None)
    return user


@pytest.fixture()
def live_returns():
    """An app on its own committed database with SHEETS issued idea cards and DESKS staff."""
    with live_app("paper_returns") as app:
        with app.app_context():
            codes = [sheet.code for sheet in register(SHEETS)]
            tokens = [desk(number).session_token for number in range(DESKS)]
            db.session.commit()
        yield app, codes, tokens


def send_as(app, token: str, codes: list[str]) -> tuple[int, int]:
    """Send the codes as the staff member of `token`; return the status and how many sheets
    the page says were marked as returned now."""
    response = client_for(app, token).post("/paper/returns", data={"codes": "\n".join(codes)})
    page = response.get_data(as_text=True)
    found = re.search(r"(\d+) B(?:ogen|ögen) als zurückgegeben vermerkt", page)
    return response.status_code, int(found.group(1)) if found else -1


def moves(app) -> Counter:
    """Return how many moves to returned each sheet has."""
    with app.app_context():
        query = select(SheetEvent.sheet_id).where(SheetEvent.to_status == SheetStatus.RETURNED)
        return Counter(db.session.scalars(query))


def all_returned(app) -> bool:
    """Whether every sheet is returned."""
    with app.app_context():
        statuses = set(db.session.scalars(select(Sheet.status)))
    return statuses == {SheetStatus.RETURNED}


def test_the_same_list_at_two_desks_at_once_moves_each_sheet_once(live_returns):
    app, codes, tokens = live_returns
    results = at_once(2, lambda n: send_as(app, tokens[n], codes))
    assert [status for status, _marked in results] == [200, 200]
    assert sum(marked for _status, marked in results) == SHEETS
    assert set(moves(app).values()) == {1} and len(moves(app)) == SHEETS
    assert all_returned(app)


def test_overlapping_lists_in_any_order_at_every_desk_do_not_deadlock(live_returns):
    app, codes, tokens = live_returns

    def shuffled(n: int) -> list[str]:
        turned = codes[n * 5 :] + codes[: n * 5]
        return list(reversed(turned)) if n % 2 else turned

    results = at_once(DESKS, lambda n: send_as(app, tokens[n], shuffled(n)))
    assert [status for status, _marked in results] == [200] * DESKS
    assert sum(marked for _status, marked in results) == SHEETS
    assert set(moves(app).values()) == {1} and len(moves(app)) == SHEETS


def test_a_double_click_moves_each_sheet_once(live_returns):
    app, codes, tokens = live_returns
    results = at_once(2, lambda n: send_as(app, tokens[0], codes[:10]))
    assert sorted(results) == [(200, 0), (200, 10)]
    assert set(moves(app).values()) == {1} and len(moves(app)) == 10
