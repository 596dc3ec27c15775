"""Account fixtures for the verification desk: a signed-in staff member, town districts, and
the form staff fill in from an ID."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pyotp
import pytest

from participation.accounts import totp, two_factor
from participation.core.permissions import Role

DISTRICTS = ("Innenstadt", "Schlettwein")


@pytest.fixture()
def desk(login_as):
    """A signed-in staff member at the Bürgerbüro."""
    return login_as(Role.STAFF, display_name="Sven Schalter")


@pytest.fixture()
def districts(app, monkeypatch):
    """Give the town two districts for the length of a test."""
    town = replace(app.extensions["town"], districts=DISTRICTS)
    monkeypatch.setitem(app.extensions, "town", town)
    return DISTRICTS


def id_card(**changes) -> dict:
    """Return what staff type from an ID (and the box they tick), with `changes`."""
    data = {
        "surname": "Mustermann",
        "given_names": "Erika",
        "birth_date": "12.08.1964",
        "id_seen": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- two-factor sign-in (tests/accounts/test_two_factor*.py) -------------------------------

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class Clock:
    """The time the code checks see: a fixed moment that a test moves on by 30-second steps."""

    def __init__(self):
        self.moment = 1_800_000_000.0  # 2027-01-15, the start of a step

    def now(self):
        return datetime.fromtimestamp(self.moment, UTC)

    def tick(self, steps: int = 1) -> None:
        self.moment += 30 * steps

    def code(self, secret: str = TOTP_SECRET, steps: int = 0) -> str:
        """Return the code an authenticator app shows now (or `steps` steps from now)."""
        return pyotp.TOTP(secret).at(self.moment + 30 * steps)


@pytest.fixture()
def clock(monkeypatch):
    """Freeze the time the two-factor code checks use."""
    fixed = Clock()
    monkeypatch.setattr(totp, "utcnow", fixed.now)
    return fixed


@pytest.fixture()
def with_two_factor(db, clock):
    """Factory: with_two_factor(user) switches two-factor sign-in on (the app holds
    TOTP_SECRET) and returns the ten recovery codes; the clock moves on one step."""

    def factory(user):
        codes = two_factor.switch_on(user, TOTP_SECRET, clock.code())
        assert codes is not None
        db.session.flush()
        clock.tick()
        return codes

    return factory
