"""The Atom feed of newly published proposals."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from participation.proposals.listing import FEED_SIZE

ATOM = "{http://www.w3.org/2005/Atom}"


def get_feed(client, query: str = "") -> ET.Element:
    """Fetch the feed and return its parsed root element."""
    response = client.get(f"/proposals/feed.atom{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    assert response.mimetype_params.get("charset") == "utf-8"
    return ET.fromstring(response.data)


def entry_titles(feed: ET.Element) -> list[str]:
    """Return the titles of the feed's entries, in order."""
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def test_the_feed_is_valid_atom_with_absolute_links(client, make_proposal):
    proposal = make_proposal(title="Trinkbrunnen am Markt", body="Im Sommer **dringend**.")
    feed = get_feed(client)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "http://localhost/proposals/feed.atom"
    assert "Neue Vorschläge" in feed.findtext(f"{ATOM}title")
    assert datetime.fromisoformat(feed.findtext(f"{ATOM}updated")).tzinfo is not None
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "self": "http://localhost/proposals/feed.atom",
        "alternate": "http://localhost/proposals/",
    }
    [entry] = feed.findall(f"{ATOM}entry")
    url = f"http://localhost/proposals/{proposal.id}"
    assert entry.findtext(f"{ATOM}id") == url
    assert entry.find(f"{ATOM}link").get("href") == url
    assert entry.findtext(f"{ATOM}title") == "Trinkbrunnen am Markt"
    assert entry.findtext(f"{ATOM}summary") == "Im Sommer dringend."
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == proposal.published_at
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == proposal.published_at
    assert entry.find(f"{ATOM}category").get("term") == "Sonstiges"


def test_the_feed_has_the_newest_public_proposals_first(client, make_proposal):
    for number in range(FEED_SIZE + 5):
        make_proposal(title=f"Vorschlag {number:02d}", support_count=number)
    make_proposal(title="Entwurf", status="draft")
    make_proposal(title="Ausgeblendet", status="hidden")
    make_proposal(title="Zurückgezogen", status="withdrawn")
    titles = entry_titles(get_feed(client, "?sort=supported"))
    assert len(titles) == FEED_SIZE
    assert titles[:2] == [f"Vorschlag {FEED_SIZE + 4:02d}", f"Vorschlag {FEED_SIZE + 3:02d}"]
    assert not {"Entwurf", "Ausgeblendet", "Zurückgezogen"} & set(titles)


def test_the_feed_can_be_narrowed_like_the_list(client, make_proposal):
    make_proposal(title="Stadtfest", category="Kultur und Tourismus")
    make_proposal(title="Glasfaser", category="Digitale Infrastruktur")
    feed = get_feed(client, "?category=Kultur+und+Tourismus&sort=supported")
    assert entry_titles(feed) == ["Stadtfest"]
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://localhost/proposals/feed.atom?category=Kultur+und+Tourismus"


def test_an_empty_feed_is_still_valid(client):
    feed = get_feed(client)
    assert entry_titles(feed) == []
    assert feed.findtext(f"{ATOM}updated")


def test_markup_and_control_characters_cannot_break_the_feed(client, make_proposal):
    make_proposal(
        title="Töne & <Klänge> \x0b im \x1f Park",
        body="<script>alert(1)</script> Text mit ]]> und \x08 &amp; Co.",
    )
    [entry] = get_feed(client).findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Töne & <Klänge>  im  Park"
    summary = entry.findtext(f"{ATOM}summary")
    assert "<script" not in summary and "]]>" in summary and "\x08" not in summary
