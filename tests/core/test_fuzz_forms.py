"""Random and malformed input to every form and every page never gets a server error.

Walks the URL map (fuzz_targets.py: a route added later is fuzzed without touching this file)
and sends each route, as a visitor its access declaration allows, hypothesis-generated
requests: the real field names of its forms with hostile values (empty, spaces, megabytes,
NUL, broken UTF-8, right-to-left text, emoji, numbers beyond any column, dates the wrong way
round), fields missing, sent twice or unknown, files where text belongs and text where a file
belongs, JSON or bytes where a form is expected, and hostile query strings on every page.
Before the generated requests every route gets the same canonical hostile ones (nothing,
every field empty, NUL bytes, unreadable addresses in `next`, numbers beyond any column,
broken UTF-8, a file in every field, a JSON string, a stale confirmation with a broken
Referer), so a whole class of input is always tried whatever hypothesis draws. Every answer
must be below 500 and the database must still answer afterwards. Each request runs in a
transaction that is undone (fuzz_world.py), so every example meets the same world.
derandomize keeps the examples the same on every run and on CI; FUZZ_SCALE=10 runs ten times
as many for a longer hunt by hand.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.fuzz_crawl import Form
from tests.core.fuzz_requests import (
    body,
    canonical_bodies,
    canonical_queries,
    fitting_but_addresses,
    fuzz_settings,
    headers,
    query,
    urlencoded,
)
from tests.core.fuzz_targets import route_ids, targets
from tests.core.fuzz_world import fuzz_world  # noqa: F401  (a fixture)

IDS = route_ids()
FORM_EXAMPLES = 10  # per route: the whole module stays within about two minutes on SQLite
PAGE_EXAMPLES = 4


@pytest.fixture(scope="module")
def world_targets(fuzz_world):  # noqa: F811
    """Every route's target in the seeded world of this module (a form class may read the
    database when it is made: in a transaction undone afterwards, as every request)."""
    found = fuzz_world.found
    with fuzz_world.rolled_back():
        return targets(fuzz_world.app, found)


def with_query(url: str, extra: str) -> str:
    """Return `url` with the query string `extra` added."""
    if not extra:
        return url
    return url + ("&" if "?" in url else "?") + extra


def reached_the_view(response) -> bool:
    """Whether the visitor was let in (not sent to sign in; a 403 may be the view's own
    answer about the object, such as a comment too old to edit, and counts)."""
    return not (response.status_code == 302 and "/account/signin" in response.location)


def send(world, client, visitor: str, method: str, url: str, confirmed: bool, **options) -> bool:
    """Send one request as `visitor` in a transaction that is undone; fail on a 500; return
    whether the visitor was let in."""
    with world.rolled_back():
        world.sign_in(client, visitor, confirmed)
        response = client.open(url, method=method, **options)
        response.get_data()  # a streamed answer fails only while it is read
        response.close()
    assert response.status_code < 500, f"{method} {url} as {visitor}: {response.status_code}"
    return reached_the_view(response)


def canonical(target) -> list[dict]:
    """Return the fixed hostile requests every route gets before the generated ones."""
    if target.method == "GET":
        return [{"query": text} for text in canonical_queries(target.query_names)]
    form = Form("", "POST")  # every field of every form that sends here, in one
    for each in target.forms:
        form.fields = {**each.fields, **form.fields}
    stale = {  # a valid form from a session whose password confirmation is too old
        "data": urlencoded(fitting_but_addresses(form)),
        "content_type": "application/x-www-form-urlencoded",
        "headers": {"Referer": "http://[x", "Accept-Language": "x" * 300},
        "confirmed": False,
    }
    return [*canonical_bodies(form), stale]


def fuzz(world, target, request_options, examples: int) -> list[bool]:
    """Send the canonical requests, then `examples` generated ones, to `target` as each of
    its visitors; return which were let in."""
    clients = {visitor: world.app.test_client() for visitor in target.visitors}
    reached = []
    for visitor, client in clients.items():
        for options in canonical(target):  # made again: a file is read only once
            url = with_query(target.urls[0], options.pop("query", ""))
            confirmed = options.pop("confirmed", True)
            try:
                reached.append(
                    send(world, client, visitor, target.method, url, confirmed, **options)
                )
            except Exception as error:
                shown = {key: repr(value)[:300] for key, value in options.items()}
                raise AssertionError(f"{target.method} {url} as {visitor}: {shown}") from error

    @given(data=st.data())
    @fuzz_settings(examples)
    def check(data):
        visitor = data.draw(st.sampled_from(target.visitors), label="visitor")
        url = data.draw(st.sampled_from(target.urls), label="url")
        options = data.draw(request_options, label="request")
        url = with_query(url, options.pop("query", ""))
        # Now and then a session whose password confirmation is too old (re-authentication).
        confirmed = data.draw(st.sampled_from((True, True, True, False)), label="confirmed")
        client = clients[visitor]
        reached.append(send(world, client, visitor, target.method, url, confirmed, **options))

    check()
    return reached


@st.composite
def form_request(draw, target) -> dict:
    """Return the options of client.open for one submission of one of the target's forms."""
    form = draw(st.sampled_from(target.forms or [Form("", "POST")]))
    options = draw(body(form))
    if draw(st.integers(0, 3)) == 0:
        options["query"] = draw(query(target.query_names))
    options["headers"] = draw(headers())
    return options


@st.composite
def page_request(draw, target) -> dict:
    """Return the options of client.open for one page with a hostile query string."""
    return {"query": draw(query(target.query_names)), "headers": draw(headers())}


@pytest.mark.parametrize("name", [name for name in IDS if name.startswith("POST ")])
def test_no_form_answers_with_a_server_error(fuzz_world, world_targets, name):  # noqa: F811
    target = world_targets[name]
    reached = fuzz(fuzz_world, target, form_request(target), FORM_EXAMPLES)
    assert any(reached), f"{name}: every request was sent to sign in"


@pytest.mark.parametrize("name", [name for name in IDS if name.startswith("GET ")])
def test_no_page_answers_with_a_server_error(fuzz_world, world_targets, name):  # noqa: F811
    target = world_targets[name]
    reached = fuzz(fuzz_world, target, page_request(target), PAGE_EXAMPLES)
    assert any(reached), f"{name}: every request was sent to sign in"


def test_every_page_of_the_world_opens_for_every_visitor(fuzz_world):  # noqa: F811
    errors = [error for found in fuzz_world.found.values() for error in found.errors]
    assert errors == []


def test_the_walk_finds_the_pages_and_forms(fuzz_world, world_targets):  # noqa: F811
    """Guard the fuzzing itself: the walk must see the world, or the fuzz tests prove nothing."""
    walked = {key for found in fuzz_world.found.values() for key in found.forms}
    for key in [("POST", "proposals.new"), ("POST", "surveys.answer"), ("POST", "votes.check")]:
        assert key in walked
    posts = [target for target in world_targets.values() if target.method == "POST"]
    assert sum(("POST", target.endpoint) in walked for target in posts) >= 0.8 * len(posts)
    assert all(target.urls for target in world_targets.values())
