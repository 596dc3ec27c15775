"""The admins' delivery page and a person's settings run as many SQL statements with six times
as many rows (mails given up on, by different people; chosen settings). The notification centre
has its query test in test_centre.py."""

from __future__ import annotations

from participation.core.permissions import Role
from participation.notifications import kinds, preferences
from participation.notifications.models import Choice
from tests.notifications.test_admin import given_up
from tests.pagequeries import assert_flat, page_statements


def test_the_delivery_page_lists_mails_given_up_on(client, db, login_as, make_user):
    login_as(Role.ADMIN)
    runs = []
    for how_many in (2, 12):
        for number in range(how_many):
            given_up(db, make_user(), f"550 unbekannt {number}")
        runs.append(page_statements(client, db.engine, "/admin/notifications/"))
    assert_flat(*runs, most=10)


def test_the_settings_page_shows_every_choice(client, db, login_as):
    person = login_as(Role.MODERATOR)
    shown = [kind.name for kind in kinds.optional_kinds_for(person)]
    runs = []
    for chosen in (shown[:1], shown):
        preferences.save(person.id, dict.fromkeys(chosen, Choice.DAILY))
        db.session.flush()
        runs.append(page_statements(client, db.engine, "/notifications/settings"))
    assert len(shown) >= 6
    assert_flat(*runs, most=7)
