"""The home page lists nothing from the database: its statements (the visitor's account and
the header's unread count) stay the same however much the town has written."""

from __future__ import annotations

import pytest

from participation.core.permissions import Role
from tests.pagequeries import assert_flat, page_statements
from tests.proposals.conftest import make_proposal  # noqa: F401 - a shared fixture


@pytest.mark.parametrize(("role", "most"), [(None, 0), (Role.RESIDENT, 6), (Role.ADMIN, 6)])
def test_the_home_page(client, db, login_as, make_proposal, role, most):  # noqa: F811
    if role:
        login_as(role)
    runs = []
    for size in (2, 12):
        for _ in range(size):
            make_proposal()
        runs.append(page_statements(client, db.engine, "/"))
    assert_flat(*runs, most=most)
