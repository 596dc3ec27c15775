"""The fixtures themselves: what one test commits must be gone in the next."""

from sqlalchemy import func, select

from participation.accounts.models import User


def test_a_request_commits_an_account(client, db):
    client.post(
        "/account/signup",
        data={
            "email": "rollback@example.org",
            "display_name": "Rolf Rollback",
            "password": "Lange-Testphrase-2026",
            "password_confirm": "Lange-Testphrase-2026",
        },
    )
    assert db.session.scalar(select(func.count()).where(User.email == "rollback@example.org")) == 1


def test_the_next_test_does_not_see_it(db):
    assert db.session.scalar(select(func.count()).where(User.email == "rollback@example.org")) == 0
