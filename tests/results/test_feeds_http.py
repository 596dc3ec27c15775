"""The feeds over HTTP: safe with any text, cached with an ETag, bad input never an error,
a constant number of queries however long they are; the pages they belong to link to them."""

from __future__ import annotations

import pytest

from participation.results import implementation as implementation_service
from participation.results.models import Publication, PublicationState
from participation.votes.models import VoteKind
from participation.votes.seed import EXAMPLES, build_vote
from tests.proposals import conftest as proposal_fixtures
from tests.querycount import counted_queries
from tests.results import implementation_fixtures as fx
from tests.results.feed_helpers import (
    ATOM,
    CLOSED,
    START,
    answer,
    bulk_results,
    entries,
    get_feed,
    links,
    titles,
    track,
)

staffer, author, budget_vote = fx.staffer, fx.author, fx.budget_vote
make_proposal = proposal_fixtures.make_proposal

# Text that could break a feed --------------------------------------------------------------

NASTY = "Töne & <Klänge> \x0b im \x1f Park ]]>"
CLEANED = "Töne & <Klänge>  im  Park ]]>"


def test_markup_and_control_characters_cannot_break_the_feeds(
    client, db, make_proposal, author, staffer
):
    answer(
        make_proposal(title=NASTY, category="Verwaltungsleistungen"),
        "<script>alert(1)</script> \x08 &amp; ]]>",
        1,
        "\x01Amt & <Co>",
    )
    benches = track(db, author, staffer, "Bänke")
    benches.proposal.title = NASTY
    implementation_service.add_update(
        benches, staffer, fx.fields("Text \x0c mit <script>x</script>")
    )
    spec = dict(EXAMPLES[VoteKind.YES_NO], title=NASTY)
    found = Publication(
        vote_id=build_vote(spec, **CLOSED).id,
        state=PublicationState.PUBLISHED,
        statement="x",
        statement_html="<p>Erklärung \x0b mit &lt;tag&gt;</p>",
        published_at=START,
    )
    db.session.add(found)
    db.session.flush()
    [answered] = entries(get_feed(client, "/feeds/answers.atom?category=Verwaltungsleistungen"))
    assert answered.findtext(f"{ATOM}title") == f"Antwort auf: {CLEANED}"
    assert answered.findtext(f"{ATOM}author/{ATOM}name") == "Amt & <Co>"
    content = answered.findtext(f"{ATOM}content")
    assert "<script" not in content and "\x08" not in content
    [result] = entries(get_feed(client, "/feeds/results.atom"))
    assert result.findtext(f"{ATOM}title") == f"Ergebnis: {CLEANED}"
    assert "&lt;tag&gt;" in result.findtext(f"{ATOM}content")
    [update] = entries(get_feed(client, "/feeds/implementation.atom"))
    assert update.findtext(f"{ATOM}title") == f"Umsetzung: {CLEANED}"
    assert "<script" not in update.findtext(f"{ATOM}content")


# Caching ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/feeds/answers.atom", "/feeds/results.atom", "/feeds/implementation.atom"]
)
def test_feeds_answer_conditional_requests(client, url):
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"anders"'}).status_code == 200
    assert client.get(url).headers["ETag"] == etag  # an empty feed keeps its ETag


def test_a_new_answer_changes_the_etag(client, make_proposal):
    proposal = make_proposal()
    answer(proposal, "Erste Antwort.", 1)
    etag = client.get("/feeds/answers.atom").headers["ETag"]
    answer(proposal, "Zweite Antwort.", 2)
    response = client.get("/feeds/answers.atom", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_a_visitor_with_a_cookie_gets_a_private_copy(client):
    client.set_cookie("session", "irgendwas")
    assert client.get("/feeds/results.atom").headers["Cache-Control"] == "private, max-age=300"


def test_the_configured_licence_is_named(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_LICENCE_NAME", "DL-DE BY 2.0")
    monkeypatch.setitem(app.config, "DATA_LICENCE_URL", "https://www.govdata.de/dl-de/by-2-0")
    feed = get_feed(client, "/feeds/answers.atom")
    assert "DL-DE BY 2.0" in feed.findtext(f"{ATOM}rights")
    assert links(feed)["license"] == "https://www.govdata.de/dl-de/by-2-0"


def test_bad_input_never_gives_an_error(client):
    assert client.get("/feeds/answers.atom?category=%00").status_code == 400
    for url in (
        "/feeds/answers.atom?category=a&category=b",
        "/feeds/implementation.atom?category=%C3%28",
        "/feeds/implementation.atom?status=nope&category=" + "vote-" + "9" * 300,
    ):
        assert client.get(url).status_code == 200


# Query counts -------------------------------------------------------------------------------


def queries_for(client, db, url: str) -> int:
    """Return how many SELECT statements a feed runs (after a first request warms the caches)."""
    client.get(url)
    with counted_queries(db.engine) as statements:
        assert client.get(url).status_code == 200
    return len([text for text in statements if text.lstrip().upper().startswith("SELECT")])


def test_the_feeds_run_the_same_queries_however_long(
    client, db, make_proposal, author, staffer, budget_vote
):
    urls = ["/feeds/answers.atom", "/feeds/results.atom", "/feeds/implementation.atom"]
    answer(make_proposal(), "Eine Antwort.", 0)
    bulk_results(db, 5)
    implementation_service.add_update(track(db, author, staffer, "Eins"), staffer, fx.fields())
    small = [queries_for(client, db, url) for url in urls]
    proposals = [make_proposal() for _ in range(10)]
    for minute in range(1, 60):
        answer(proposals[minute % 10], f"Antwort {minute}.", minute)
    bulk_results(db, 20, first=5)
    for number in range(8):
        implementation = track(db, author, staffer, f"Vorschlag {number}")
        implementation_service.add_update(implementation, staffer, fx.fields(f"Neu {number}."))
    project = implementation_service.start(fx.option_at(budget_vote, 3), staffer, fx.SETTINGS)[0]
    implementation_service.add_update(project, staffer, fx.fields("Projekt."))
    db.session.flush()
    large = [queries_for(client, db, url) for url in urls]
    assert small == large
    assert large == [1, 4, 1]  # results: publications, their votes, surveys, corrections


# Links on the pages ------------------------------------------------------------------------


def head_of(client, url: str) -> str:
    """Return the <head> of a page."""
    page = client.get(url).text
    return page[: page.index("</head>")]


def test_the_pages_link_to_their_feeds(client):
    alternate = '<link rel="alternate" type="application/atom+xml"'
    head = head_of(client, "/results/")
    assert alternate in head and 'href="http://localhost/feeds/results.atom"' in head
    assert 'href="/feeds/results.atom"' in client.get("/results/").text
    head = head_of(client, "/implementation/?category=Sonstiges")
    assert 'href="http://localhost/feeds/implementation.atom?category=Sonstiges"' in head
    assert 'href="/feeds/implementation.atom"' in client.get("/implementation/").text
    head = head_of(client, "/proposals/?category=Sonstiges")
    assert 'href="http://localhost/feeds/answers.atom?category=Sonstiges"' in head
    assert 'href="http://localhost/proposals/feed.atom?category=Sonstiges"' in head
    assert 'href="/feeds/answers.atom"' in client.get("/proposals/").text


def test_the_proposals_feed_narrows_by_category(client, make_proposal):
    make_proposal(title="Stadtfest", category="Kultur und Tourismus")
    make_proposal(title="Glasfaser", category="Digitale Infrastruktur")
    feed = get_feed(client, "/proposals/feed.atom?category=Kultur+und+Tourismus")
    assert titles(feed) == ["Stadtfest"]
