"""Fixtures of the implementation tests (import them by name into a test module): a staff
member, an accepted proposal with its author and a follower, a closed budget vote whose two
rules fund different projects, and helpers to start tracking and add updates through the
services the pages use."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image, PngImagePlugin

from participation.core.permissions import Role
from participation.proposals import follows
from participation.proposals import services as proposal_services
from participation.proposals.models import ProposalStatus
from participation.results import implementation as service
from participation.results.models import ImplementationStatus
from participation.votes.seed import CITIZENS_BUDGET, build_vote
from tests.votes.test_results_pages import cast

CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}
TITLE = "Mehr Bänke am Markt"
# Budget ballots by position (1 Bänke 8.000, 2 Brunnen 12.000, 3 Bücherschrank 3.000,
# 4 Beleuchtung 15.000, 5 Obstbäume 5.000; 30.000 €): nobody chooses the benches; the greedy
# rule gives the majority book case, fountain and lighting, Equal Shares funds the minority's
# fruit trees too.
BUDGET_BALLOTS = {(4, 2, 3): 6, (5, 3): 4}
SETTINGS = service.Settings("Bauamt", ImplementationStatus.IN_PROGRESS, 20)


@pytest.fixture()
def staffer(make_user):
    """A staff member of the town, who tracks implementations."""
    return make_user(roles=(Role.STAFF,), display_name="Sabine Sachgebiet")


@pytest.fixture()
def author(make_user):
    """The resident who wrote the proposal (and follows it)."""
    return make_user(display_name="Anna Autorin")


@pytest.fixture()
def follower(make_user):
    """A resident who follows the proposal."""
    return make_user(display_name="Fritz Folger")


def accepted_proposal(author, staff, title: str = TITLE, category: str = "Sonstiges"):
    """Publish a proposal by `author` and accept it as `staff`, through the services."""
    fields = {"title": title, "body": "Bitte mehr Bänke.", "category": category}
    proposal = proposal_services.create_draft(author, fields | {"district": None}, [])
    proposal_services.publish(proposal, author)
    proposal_services.answer(proposal, staff, ProposalStatus.ACCEPTED, "Wird gemacht.", "Bauamt")
    return proposal


@pytest.fixture()
def proposal(db, author, follower, staffer):
    """An accepted proposal, followed by its author and `follower`."""
    accepted = accepted_proposal(author, staffer)
    follows.set_following(accepted.id, follower.id, True)
    db.session.flush()
    return accepted


@pytest.fixture()
def budget_vote(db, staffer):
    """A closed budget vote (see BUDGET_BALLOTS)."""
    vote = build_vote(CITIZENS_BUDGET, author=staffer, **CLOSED)
    for positions, times in BUDGET_BALLOTS.items():
        for _ in range(times):
            cast(vote, positions)
    return vote


def option_at(vote, position: int):
    """Return the vote's option at `position` (1-based)."""
    return next(option for option in vote.options if option.position == position)


@pytest.fixture()
def tracked(db, proposal, staffer):
    """The accepted proposal, tracked (in progress, 20 %)."""
    implementation, _created = service.start(proposal, staffer, SETTINGS)
    db.session.flush()
    return implementation


def fields(text: str = "Die Bänke sind bestellt.", **values) -> service.UpdateFields:
    """Return what an update form says (yesterday, in progress, 40 %), with `values` changed."""
    defaults = {
        "happened_on": date.today() - timedelta(days=1),
        "text": text,
        "status": ImplementationStatus.IN_PROGRESS,
        "progress": 40,
    }
    return service.UpdateFields(**(defaults | values))


def picture(fmt: str = "JPEG", size=(64, 48), colour=(200, 30, 30), secrets: bool = True) -> bytes:
    """Return an encoded picture; with `secrets`, it carries a camera model, a GPS position and
    (PNG) a text chunk."""
    image = Image.new("RGB", size, colour)
    options = {}
    if secrets:
        exif = Image.Exif()
        exif[0x0110] = "Geheime Kamera"  # Model
        exif[0x8825] = {1: "N", 2: (50.0, 41.0, 0.0)}  # GPSInfo
        options["exif"] = exif
        if fmt == "PNG":
            info = PngImagePlugin.PngInfo()
            info.add_text("Comment", "Geheimer Kommentar")
            options["pnginfo"] = info
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()
