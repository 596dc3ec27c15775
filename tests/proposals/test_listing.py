"""The proposal list: only public proposals, filters, sort orders, pages, bounded queries."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from participation.proposals.models import ProposalStatus
from tests.proposals.conftest import START
from tests.querycount import counted_queries


def listed_titles(client, query: str = "") -> list[str]:
    """Return the proposal titles on the list page, in order."""
    response = client.get(f"/proposals/{query}")
    assert response.status_code == 200
    return re.findall(r'<a class="kern-link" href="/proposals/\d+">([^<]+)</a>', response.text)


@pytest.fixture()
def districts(app, monkeypatch):
    """Give the town two districts for the length of a test."""
    town = replace(app.extensions["town"], districts=("Innenstadt", "Schlettwein"))
    monkeypatch.setitem(app.extensions, "town", town)
    return town.districts


def test_guests_see_public_proposals_newest_first(client, make_proposal):
    for status in ("published", "in_review", "accepted", "rejected", "implemented"):
        make_proposal(title=f"Status {status}", status=status)
    assert listed_titles(client) == [
        "Status implemented",
        "Status rejected",
        "Status accepted",
        "Status in_review",
        "Status published",
    ]


def test_drafts_and_hidden_proposals_are_never_listed(client, make_proposal):
    make_proposal(title="Sichtbarer Vorschlag")
    make_proposal(title="Geheimer Entwurf", status="draft")
    make_proposal(title="Ausgeblendeter Vorschlag", status="hidden")
    for query in ("", "?status=draft", "?status=hidden", "?q=Entwurf", "?q=Ausgeblendeter"):
        page = client.get(f"/proposals/{query}").text
        assert "Geheimer Entwurf" not in page
        assert "Ausgeblendeter Vorschlag" not in page


def test_withdrawn_proposals_only_when_asked_for(client, make_proposal):
    make_proposal(title="Aktueller Vorschlag")
    make_proposal(title="Zurückgezogener Vorschlag", status="withdrawn")
    assert listed_titles(client) == ["Aktueller Vorschlag"]
    assert listed_titles(client, "?status=withdrawn") == ["Zurückgezogener Vorschlag"]


def test_filter_by_category(client, make_proposal):
    make_proposal(title="Glasfaser überall", category="Digitale Infrastruktur")
    make_proposal(title="Stadtfest im Sommer", category="Kultur und Tourismus")
    assert listed_titles(client, "?category=Kultur+und+Tourismus") == ["Stadtfest im Sommer"]


def test_filter_by_status(client, make_proposal):
    make_proposal(title="Noch offen")
    make_proposal(title="Schon umgesetzt", status="implemented")
    assert listed_titles(client, "?status=implemented") == ["Schon umgesetzt"]
    assert listed_titles(client, "?status=published") == ["Noch offen"]


def test_filter_by_district(client, make_proposal, districts):
    make_proposal(title="Markt neu pflastern", district="Innenstadt")
    make_proposal(title="Bushaltestelle mit Dach", district="Schlettwein")
    make_proposal(title="Überall mehr Bänke")
    assert listed_titles(client, "?district=Schlettwein") == ["Bushaltestelle mit Dach"]
    page = client.get("/proposals/?district=Schlettwein").text
    assert '<option value="Schlettwein" selected>' in page


def test_filters_combine(client, make_proposal, districts):
    culture = "Kultur und Tourismus"
    make_proposal(title="Treffer", category=culture, district="Innenstadt", status="accepted")
    make_proposal(title="Falscher Ortsteil", category=culture, district="Schlettwein")
    make_proposal(title="Falscher Status", category=culture, district="Innenstadt")
    make_proposal(title="Falsches Thema", district="Innenstadt", status="accepted")
    query = "?category=Kultur+und+Tourismus&district=Innenstadt&status=accepted"
    assert listed_titles(client, query) == ["Treffer"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["C", "B", "A"]),
        ("supported", ["B", "A", "C"]),
        ("discussed", ["A", "C", "B"]),
        ("active", ["A", "B", "C"]),
    ],
)
def test_sort_orders(client, make_proposal, sort, expected):
    make_proposal(
        title="A", support_count=5, comment_count=9, last_activity_at=START + timedelta(days=9)
    )
    make_proposal(
        title="B", support_count=7, comment_count=0, last_activity_at=START + timedelta(days=5)
    )
    make_proposal(
        title="C", support_count=1, comment_count=3, last_activity_at=START + timedelta(days=1)
    )
    assert listed_titles(client, f"?sort={sort}") == expected


def test_ties_are_broken_by_the_newer_proposal(client, make_proposal):
    same = START + timedelta(days=2)
    for title in ("Erster", "Zweiter", "Dritter"):
        make_proposal(title=title, support_count=4, published_at=same, last_activity_at=same)
    for sort in ("newest", "supported", "discussed", "active"):
        assert listed_titles(client, f"?sort={sort}") == ["Dritter", "Zweiter", "Erster"]


@pytest.mark.parametrize(
    "query",
    [
        "?category=Gibt+es+nicht",
        "?status=draft",
        "?status=hidden",
        "?status=quatsch",
        "?district=Atlantis",
        "?sort=random",
        "?sort=relevance",
        "?page=abc",
        "?page=-3",
        "?category=&status=&district=&sort=&q=",
        "?category=Sonstiges&category=Kultur+und+Tourismus",
        "?q=%20%20%20",
        "?q=%28%29%22*",
    ],
)
def test_unknown_filter_values_are_ignored(client, make_proposal, query):
    make_proposal(title="Erster Vorschlag", category="Sonstiges")
    make_proposal(title="Zweiter Vorschlag", category="Kultur und Tourismus")
    response = client.get(f"/proposals/{query}")
    assert response.status_code == 200
    titles = listed_titles(client, query)
    if "category=Sonstiges" in query:  # the first of repeated values counts
        assert titles == ["Erster Vorschlag"]
    else:
        assert titles == ["Zweiter Vorschlag", "Erster Vorschlag"]
        assert "Aktive Filter" not in response.text


def test_the_page_shows_the_active_filters_and_keeps_them_in_the_form(client, make_proposal):
    make_proposal(title="Stadtfest", category="Kultur und Tourismus", status="accepted")
    page = client.get(
        "/proposals/?category=Kultur+und+Tourismus&status=accepted&sort=supported"
    ).text
    status = page[page.index('role="status"') : page.index("</div>", page.index('role="status"'))]
    assert "1 Vorschlag gefunden" in status
    assert "Themenbereich: Kultur und Tourismus" in status
    assert "Status: Angenommen" in status
    assert "Sortierung: Meiste Unterstützung zuerst" in status
    assert '<option value="Kultur und Tourismus" selected>' in page
    assert '<option value="accepted" selected>' in page
    assert '<option value="supported" selected>' in page
    assert 'href="/proposals/">Alle Filter zurücksetzen' in page


def test_the_filter_form_is_a_plain_get_form(client, make_proposal):
    page = client.get("/proposals/").text
    form = page[
        page.index('role="search"') - 200 : page.index("</form>", page.index('role="search"'))
    ]
    assert 'method="get"' in form and 'action="/proposals/"' in form
    for name in ("q", "category", "status", "sort"):
        assert f'name="{name}"' in form
    assert 'type="submit"' in form
    assert "<script" not in page and "style=" not in page


def test_empty_states(client, make_proposal):
    assert "Es gibt noch keine Vorschläge" in client.get("/proposals/").text
    make_proposal(title="Etwas ganz anderes")
    page = client.get("/proposals/?category=Bürgerbeteiligung").text
    assert "0 Vorschläge gefunden" in page
    assert "Zu Ihrer Suche gibt es keine Vorschläge" in page


def test_pagination_keeps_the_filters(client, make_proposal):
    for number in range(30):
        make_proposal(
            title=f"Kultur {number:02d}", category="Kultur und Tourismus", support_count=number
        )
    make_proposal(title="Anderes Thema")
    first = client.get("/proposals/?category=Kultur+und+Tourismus&sort=supported").text
    assert "30 Vorschläge gefunden" in first
    links = re.findall(r'href="(/proposals/\?[^"]*page=2[^"]*)"', first)
    assert links, "no link to page 2"
    link = links[0].replace("&amp;", "&")
    assert "category=Kultur+und+Tourismus" in link and "sort=supported" in link
    second = listed_titles(client, link.removeprefix("/proposals/"))  # 15 on a page
    assert second == [f"Kultur {number:02d}" for number in range(14, -1, -1)]
    assert "Anderes Thema" not in client.get(link).text


def test_a_page_past_the_end_offers_the_first_page(client, make_proposal):
    make_proposal(title="Einziger Vorschlag")
    page = client.get("/proposals/?page=9").text
    assert "Diese Seite gibt es nicht" in page and "Einziger Vorschlag" not in page


def test_cards_show_status_as_text_counts_date_and_a_plain_excerpt(
    client, make_proposal, districts
):
    make_proposal(
        title="Bänke am Brunnen",
        body="Am **Brunnen** fehlen <em>Bänke</em>. [Mehr](https://example.org)",
        status="in_review",
        district="Innenstadt",
        support_count=12,
        comment_count=1,
    )
    page = client.get("/proposals/").text
    assert "Status: In Prüfung" in page
    assert "Ortsteil: Innenstadt" in page
    assert "12 Unterstützungen" in page and "1 Kommentar" in page
    assert "Veröffentlicht am 01.03.2026" in page
    excerpt = re.search(r'proposal-card__excerpt">([^<]*)</p>', page).group(1)
    assert excerpt == "Am Brunnen fehlen Bänke. Mehr"


def test_the_list_links_to_the_feed(client):
    page = client.get("/proposals/?category=Sonstiges").text
    head = page[: page.index("</head>")]
    assert (
        '<link rel="alternate" type="application/atom+xml"' in head
        and 'href="http://localhost/proposals/feed.atom?category=Sonstiges"' in head
    )


def count_queries(app, db, client, path):
    """Return how many SQL statements one request runs."""
    with counted_queries(db.engine) as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", ["/proposals/", "/proposals/?q=Vorschlag&sort=supported"])
def test_the_list_runs_as_many_queries_for_60_proposals_as_for_3(
    app, db, client, make_proposal, path
):
    for number in range(3):
        make_proposal(support_count=number, comment_count=number)
    few = count_queries(app, db, client, path)
    for number in range(57):
        make_proposal(support_count=number, comment_count=number, status=ProposalStatus.ACCEPTED)
    many = count_queries(app, db, client, path)
    assert few == many
