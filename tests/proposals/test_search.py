"""Full-text search: German stemming on PostgreSQL, FTS5 on SQLite, and no input gives a 500."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, quote_plus

import pytest
from sqlalchemy import inspect, select, text

from participation.proposals import listing
from participation.proposals.models import Proposal
from tests import dbutil
from tests.proposals.test_listing import listed_titles

ON_POSTGRES = dbutil.base_url() is not None
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL search")
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="SQLite FTS5 search")


def search(client, words: str, extra: str = "") -> list[str]:
    """Return the titles found for `words`."""
    return listed_titles(client, f"?q={quote_plus(words)}{extra}")


@pytest.fixture()
def town_ideas(make_proposal):
    """A few proposals with words that only match after stemming or folding."""
    make_proposal(title="Neuer Spielplatz am Markt", body="Für Kinder aus der Altstadt.")
    make_proposal(title="Bäume an der Straße", body="Mehr Schatten im Sommer.")
    make_proposal(title="Die Schule braucht WLAN", body="Die Klassenräume sind offline.")
    make_proposal(title="Radweg nach Jena", body="Sicher zur Arbeit mit dem Rad.")


def test_search_finds_words_in_title_and_body(client, town_ideas):
    assert search(client, "Radweg") == ["Radweg nach Jena"]
    assert search(client, "Schatten") == ["Bäume an der Straße"]
    assert search(client, "Spielplatz Kinder") == ["Neuer Spielplatz am Markt"]
    assert search(client, "Spielplatz Jena") == []


def test_plural_with_umlaut_finds_the_singular(client, town_ideas):
    """Spielplätze → Spielplatz: German stemming on PostgreSQL, folding + porter on SQLite."""
    assert search(client, "Spielplätze") == ["Neuer Spielplatz am Markt"]
    assert search(client, "Radwege") == ["Radweg nach Jena"]


@postgres_only
def test_postgres_stems_german_words(client, town_ideas):
    assert search(client, "Schulen") == ["Die Schule braucht WLAN"]
    assert search(client, "Baum") == ["Bäume an der Straße"]
    assert search(client, "Straßen") == ["Bäume an der Straße"]


@postgres_only
def test_postgres_understands_web_search_syntax(client, town_ideas):
    assert search(client, '"Spielplatz am Markt"') == ["Neuer Spielplatz am Markt"]
    assert set(search(client, "Radweg or Schule")) == {
        "Radweg nach Jena",
        "Die Schule braucht WLAN",
    }
    assert search(client, "Radweg -Jena") == []


@sqlite_only
def test_sqlite_matches_word_beginnings_and_folds_umlauts(client, town_ideas):
    assert search(client, "Spiel") == ["Neuer Spielplatz am Markt"]
    assert search(client, "Baume") == ["Bäume an der Straße"]
    assert search(client, "baum") == ["Bäume an der Straße"]
    assert search(client, "Klassenraum") == ["Die Schule braucht WLAN"]
    assert search(client, "Schul") == ["Die Schule braucht WLAN"]


def test_better_matches_come_first_unless_another_order_is_chosen(client, make_proposal):
    make_proposal(title="Brunnen am Markt sanieren", body="Der Brunnen ist kaputt. Brunnen!")
    make_proposal(
        title="Sitzbänke in der Innenstadt",
        body="Viele Bänke fehlen, auch am alten Brunnen in der Nähe vom Rathaus und anderswo.",
        support_count=30,
    )
    assert search(client, "Brunnen") == ["Brunnen am Markt sanieren", "Sitzbänke in der Innenstadt"]
    page = client.get("/proposals/?q=Brunnen").text
    assert '<option value="relevance" selected>' in page
    assert search(client, "Brunnen", "&sort=supported") == [
        "Sitzbänke in der Innenstadt",
        "Brunnen am Markt sanieren",
    ]


def test_search_combines_with_filters_and_keeps_them_on_the_next_page(client, make_proposal):
    for number in range(17):
        make_proposal(title=f"Parkbank {number}", category="Kultur und Tourismus")
    make_proposal(title="Parkbank im falschen Thema")
    page = client.get("/proposals/?q=Parkbank&category=Kultur+und+Tourismus").text
    assert "17 Vorschläge gefunden" in page and "Suchbegriff: „Parkbank“" in page
    assert 'value="Parkbank"' in page
    [link] = re.findall(r'href="/proposals/\?([^"]*page=2[^"]*)"', page)
    assert parse_qs(html.unescape(link)) == {
        "category": ["Kultur und Tourismus"],
        "q": ["Parkbank"],
        "page": ["2"],
    }
    assert len(listed_titles(client, "?" + html.unescape(link))) == 2


def test_search_follows_edits_of_title_and_body(client, db, make_proposal):
    proposal = make_proposal(title="Alter Titel zum Suchen", body="Nichts Besonderes.")
    proposal.title = "Neuer Titel mit Eisbahn"
    db.session.flush()
    assert search(client, "Eisbahn") == ["Neuer Titel mit Eisbahn"]
    assert search(client, "Alter") == []
    db.session.delete(proposal)
    db.session.flush()
    assert search(client, "Eisbahn") == []


def test_search_never_shows_drafts_or_hidden_proposals(client, make_proposal):
    make_proposal(title="Eisbahn im Winter", status="draft")
    make_proposal(title="Eisbahn am Markt", status="hidden")
    assert search(client, "Eisbahn") == []


HOSTILE = [
    '"',
    '""',
    "'",
    "(",
    ")",
    "(Spielplatz",
    'Spielplatz"',
    "NEAR",
    "NEAR(Spielplatz Markt)",
    "Spielplatz NEAR/2 Markt",
    "AND",
    "OR",
    "NOT",
    "Spielplatz AND",
    "OR Spielplatz",
    "NOT Spielplatz",
    "*",
    "Spiel*",
    "-",
    "-Spielplatz",
    "--",
    "^Spielplatz",
    "title:Spielplatz",
    "{title body}: Spielplatz",
    "Spielplatz + Markt",
    ":",
    "\\",
    "%",
    "_",
    "'; DROP TABLE proposals; --",
    "<script>alert(1)</script>",
    "ǅ ² ⅷ",
    "\u200b",
    "🎉 Fest",
    "x" * 10_000,
    "ä" * 10_000,
    "Spielplatz " * 2_000,
    "!&|<->:*",
]


@pytest.mark.parametrize("words", HOSTILE, ids=lambda words: repr(words[:20]))
def test_hostile_search_input_never_breaks_the_page(client, town_ideas, words):
    for path in ("/proposals/", "/proposals/feed.atom"):
        response = client.get(path, query_string={"q": words})
        assert response.status_code == 200, words


def test_a_nul_character_is_refused(client):
    assert client.get("/proposals/?q=Spiel%00platz").status_code == 400


def test_every_word_is_quoted_for_fts5():
    assert listing.fts5_query('Spiel"platz NEAR(a) -b*') == '"Spiel"* "platz"* "NEAR"* "a"* "b"*'
    assert listing.fts5_query(" ".join(["w"] * 50)).count('"w"*') == listing.MAX_TERMS


def test_the_search_text_is_cut_and_blank_input_is_no_search(app):
    with app.test_request_context():
        assert listing.parse_filters({"q": "  Spiel \n platz  "}).q == "Spiel platz"
        assert len(listing.parse_filters({"q": "a " * 500}).q) <= listing.MAX_QUERY
        assert listing.parse_filters({"q": '()*"-'}).q == ""


@sqlite_only
def test_the_migration_made_the_fts5_table_and_triggers(db):
    connection = db.session.connection()
    triggers = connection.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'proposals'")
    ).scalars()
    assert {"proposals_fts_insert", "proposals_fts_update", "proposals_fts_delete"} <= set(triggers)
    assert "proposals_fts" in inspect(connection).get_table_names()


@postgres_only
def test_postgres_search_uses_the_gin_index(db):
    connection = db.session.connection()
    connection.execute(text("SET LOCAL enable_seqscan = off"))
    query, _rank = listing.postgres_search(select(Proposal.id), "Spielplätze")
    compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
    plan = "\n".join(connection.execute(text(f"EXPLAIN {compiled}")).scalars())
    assert "ix_proposals_search" in plan
