"""The account pages that list rows run as many SQL statements with six times as many: the
admins' account list and an account's roles with their history, data requests (list and one
with its notes), the audit log as CSV, the verification desk's search, one's own signed-in
browsers and the data page. The audit log page has its query test in test_admin_audit.py; the
records of processing (/admin/privacy, .md) come from the settings, not from the database."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from participation.accounts import data_requests, sessions
from participation.accounts import roles as role_service
from participation.accounts.request_models import RequestChannel, RequestKind
from participation.comments.services import post_comment
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from tests.conftest import verify_person
from tests.pagequeries import assert_flat, page_statements
from tests.proposals.conftest import make_proposal  # noqa: F401 - a shared fixture
from tests.votes.conftest import letters

SMALL, LARGE = 2, 12
PERSONS = itertools.count(1)
GRANTS = [{Role.STAFF}, {Role.MODERATOR}, {Role.COUNCIL, Role.STAFF}, set()]


def compare(client, db, build, path: str) -> list[list[str]]:
    """Return the statements of `path` (formatted with what `build(size)` returns) for the
    small and the large world."""
    return [
        page_statements(client, db.engine, path.format(**build(size))) for size in (SMALL, LARGE)
    ]


def people(make_user, admin, size: int) -> list:
    """Make `size` accounts named "Gesucht …", with various roles, some verified."""
    made = []
    for number in range(size):
        person = make_user(display_name=f"Gesucht {number}")
        role_service.set_roles(person, GRANTS[number % 4], admin)
        if number % 3 == 0:  # a name of letters only: the identity key ignores digits
            verify_person(person, f"Gesucht{letters(next(PERSONS))}")
        made.append(person)
    return made


@pytest.mark.parametrize(
    ("role", "path", "most"),
    [
        (Role.ADMIN, "/admin/users", 10),
        (Role.ADMIN, "/admin/users?q=Gesucht", 10),
        (Role.STAFF, "/verification/?q=Gesucht", 9),
    ],
)
def test_the_lists_of_accounts(client, db, login_as, make_user, role, path, most):
    viewer = login_as(role)
    small, large = compare(client, db, lambda size: people(make_user, viewer, size) and {}, path)
    assert_flat(small, large, most)


def test_an_account_with_its_roles_and_history(client, db, login_as, make_user):
    admin = login_as(Role.ADMIN)

    def build(size: int) -> dict:
        person = make_user()
        verify_person(person, f"Rollen{letters(next(PERSONS))}")
        for number in range(size):
            role_service.set_roles(person, GRANTS[number % 3], admin)
        return {"id": person.id}

    small, large = compare(client, db, build, "/admin/users/{id}")
    assert_flat(small, large, 11)


def data_request(admin, person, number: int):
    """Register a request (every kind and channel in turn) for `person`."""
    return data_requests.register(
        kind=list(RequestKind)[number % len(RequestKind)],
        channel=list(RequestChannel)[number % len(RequestChannel)],
        requester=f"Antragstellerin {number}",
        contact="Post",
        received_on=date(2026, 1, 1 + number % 28),
        user=person,
        identity_checked=bool(number % 2),
        actor=admin,
    )


def test_the_data_requests(client, db, login_as, make_user):
    admin = login_as(Role.ADMIN)

    def build(size: int) -> dict:
        for number in range(size):
            data_request(admin, make_user() if number % 2 else None, number)
        return {}

    small, large = compare(client, db, build, "/admin/requests/")
    assert_flat(small, large, 9)


def test_a_data_request_with_its_notes(client, db, login_as, make_user):
    admin = login_as(Role.ADMIN)

    def build(size: int) -> dict:
        entry = data_request(admin, make_user(), 1)
        for number in range(size):
            data_requests.add_note(entry, f"Notiz {number}", make_user(roles=(Role.ADMIN,)))
        return {"id": entry.id}

    small, large = compare(client, db, build, "/admin/requests/{id}")
    assert_flat(small, large, 10)


def test_the_audit_log_as_csv(client, db, login_as, make_user):
    login_as(Role.ADMIN)

    def build(size: int) -> dict:
        for _ in range(size):
            actor = make_user()
            db.session.add(
                AuditEntry(action="thread.closed", target_type="users", target_id=actor.id)
            )
            db.session.add(
                AuditEntry(
                    action="roles.changed", actor_id=actor.id, target_type="users", target_id=1
                )
            )
        db.session.flush()
        return {}

    small, large = compare(client, db, build, "/admin/audit.csv")
    assert_flat(small, large, 14)


def test_ones_own_signed_in_browsers(client, db, login_as):
    person = login_as(Role.RESIDENT)

    def build(size: int) -> dict:
        for number in range(size):
            sessions.new_row(person, f"Firefox {number} unter Linux")
        return {}

    small, large = compare(client, db, build, "/account/sessions")
    assert_flat(small, large, 9)


def test_ones_own_data_page(client, db, login_as, make_proposal):  # noqa: F811
    person = login_as(Role.RESIDENT)

    def build(size: int) -> dict:
        for number in range(size):
            written = make_proposal(person, title=f"Vorschlag {number}")
            post_comment(written.thread, person, f"Kommentar {number}")
        return {}

    small, large = compare(client, db, build, "/account/data/")
    assert_flat(small, large, 11)
