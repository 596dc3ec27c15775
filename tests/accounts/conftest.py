"""Account fixtures for the verification desk: a signed-in staff member, town districts, and
the form staff fill in from an ID."""

from __future__ import annotations

from dataclasses import replace

import pytest

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
