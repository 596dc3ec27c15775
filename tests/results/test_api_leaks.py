"""Nothing unpublished leaks through the open data API: a walk over every list, every object
it links to, every CSV and the address of every seeded thing (also the hidden ones) finds none
of the words that mark what must stay private (api_fixtures.SECRETS), no e-mail address, no
response id of an anonymous survey and no ballot receipt, and it finds the same for a guest as
for staff, moderators and the council (the API shows everyone the public view)."""

from __future__ import annotations

import re

import pytest

from tests.results.api_fixtures import SECRETS, open_world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("db")
API = "/api/v1"
LISTS = ("/proposals", "/answers", "/surveys", "/votes", "/implementations", "/categories")
CSVS = ("/proposals.csv", "/answers.csv", "/implementations.csv")
OWN = "http://localhost"
LINKS = re.compile(r'"(?:url|results_url|answers_url|proposal_url|proposals_url)": "([^"]+)"')


@pytest.fixture(autouse=True)
def no_rate_limit(app, monkeypatch):
    """Let the walks ask as often as they need (the limit has its own test)."""
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000 per minute")


def every_address(world) -> list[str]:
    """Return the address of every seeded thing and of its result, shown or not."""
    subjects = {
        "proposals": [world.answered, world.hidden, world.pending, world.draft, world.formula],
        "votes": [world.budget_vote, world.open_vote, world.draft_vote]
        + [world.prepared_vote, world.unprepared_vote],
        "surveys": [world.survey, world.open_survey, world.draft_survey],
    }
    paths = [f"/{kind}/{item.id}" for kind, items in subjects.items() for item in items]
    paths += [f"/proposals/{item.id}/answers" for item in subjects["proposals"]]
    for kind in ("votes", "surveys"):
        for item in subjects[kind]:
            paths += [f"/{kind}/{item.id}/results", f"/{kind}/{item.id}/results.csv"]
    return paths


def walk(client, world) -> dict[str, str]:
    """Return address → body of everything the API answers, following its links."""
    bodies: dict[str, str] = {}
    todo = [f"{API}{path}?per_page=100" for path in LISTS]
    todo += [API + path for path in (*CSVS, *every_address(world), "/", "/openapi.json")]
    todo += [f"{API}/proposals?status={status}&per_page=100" for status in ("withdrawn",)]
    while todo:
        address = todo.pop()
        if address in bodies:
            continue
        response = client.get(address)
        assert response.status_code in (200, 404), (address, response.status_code)
        bodies[address] = response.get_data(as_text=True)
        for link in LINKS.findall(bodies[address]):
            if link.startswith(f"{OWN}{API}/"):
                todo.append(link.removeprefix(OWN))
    return bodies


def test_nothing_unpublished_is_in_any_answer(client, open_world):  # noqa: F811
    bodies = walk(client, open_world)
    everything = "\n".join(bodies.values())
    assert "Mehr Bänke am Markt" in everything and "Paula Papier" in everything  # the walk works
    for secret in SECRETS:
        assert secret not in everything, secret
    assert "@example.org" not in everything
    for response_id in open_world.response_ids:
        assert response_id not in everything
    for receipt in open_world.receipts:
        assert receipt not in everything
    assert "identity_key" not in everything and "email" not in everything


@pytest.mark.parametrize(
    "path",
    [
        lambda w: f"/proposals/{w.hidden.id}",
        lambda w: f"/proposals/{w.pending.id}",
        lambda w: f"/proposals/{w.draft.id}",
        lambda w: f"/proposals/{w.hidden.id}/answers",
        lambda w: f"/votes/{w.draft_vote.id}",
        lambda w: f"/surveys/{w.draft_survey.id}",
        lambda w: f"/votes/{w.open_vote.id}/results",
        lambda w: f"/votes/{w.prepared_vote.id}/results",
        lambda w: f"/votes/{w.unprepared_vote.id}/results",
        lambda w: f"/surveys/{w.open_survey.id}/results",
        lambda w: f"/surveys/{w.open_survey.id}/results.csv",
    ],
    ids=[
        "hidden-proposal",
        "held-proposal",
        "draft-proposal",
        "answers-of-hidden",
        "draft-vote",
        "draft-survey",
        "tally-of-open-vote",
        "draft-publication",
        "unprepared-vote",
        "open-survey-results",
        "open-survey-csv",
    ],
)
def test_what_is_not_public_is_a_404(client, open_world, path):  # noqa: F811
    response = client.get(API + path(open_world))
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


@pytest.mark.parametrize("role", ["staff", "moderator", "council", "admin"])
def test_signed_in_staff_see_the_same_public_view(client, login_as, open_world, role):  # noqa: F811
    guest = walk(client, open_world)
    login_as(role)
    assert walk(client, open_world) == guest


def test_a_text_hidden_after_publication_leaves_the_result(client, open_world):  # noqa: F811
    survey = open_world.survey
    result = client.get(f"{API}/surveys/{survey.id}/results").get_data(as_text=True)
    download = client.get(f"{API}/surveys/{survey.id}/results.csv").get_data(as_text=True)
    for body in (result, download):
        assert "Mehr Bänke" in body
        assert "SPAETER-VERSTECKT" not in body and "VERSTECKTER-TEXT" not in body
