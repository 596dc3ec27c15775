"""The Atom feeds of official answers, published results and implementation updates: valid
Atom with the licence, newest first, at most 50 entries, narrowed by category, and nothing the
public may not see."""

from __future__ import annotations

from datetime import timedelta

from participation.proposals import services as proposal_services
from participation.proposals.models import ModerationState, ProposalStatus
from participation.results import implementation as implementation_service
from participation.results import publication as publication_service
from participation.results.feed_queries import FEED_SIZE
from tests.proposals import conftest as proposal_fixtures
from tests.results import implementation_fixtures as fx
from tests.results.feed_helpers import (
    ATOM,
    ET,
    answer,
    bulk_results,
    check_entry,
    check_head,
    entries,
    get_feed,
    links,
    published,
    seconds,
    titles,
    track,
    when,
)

staffer, author, budget_vote = fx.staffer, fx.author, fx.budget_vote
make_proposal = proposal_fixtures.make_proposal

# Official answers ------------------------------------------------------------------------


def test_the_answers_feed_is_valid_atom(client, db, make_proposal, staffer):
    proposal = make_proposal(title="Trinkbrunnen am Markt")
    proposal_services.answer(
        proposal, staffer, ProposalStatus.ACCEPTED, "Wir bauen ihn **im Mai**.", "Bauamt"
    )
    db.session.flush()
    feed = get_feed(client, "/feeds/answers.atom")
    check_head(
        feed,
        "http://localhost/feeds/answers.atom",
        "http://localhost/proposals/",
        "Antworten der Stadtverwaltung",
    )
    [entry] = entries(feed)
    check_entry(entry)
    page = f"http://localhost/proposals/{proposal.id}"
    assert entry.findtext(f"{ATOM}title") == "Antwort auf: Trinkbrunnen am Markt"
    assert links(entry)["alternate"] == f"{page}#timeline"
    assert entry.findtext(f"{ATOM}id").startswith(f"{page}#answer-")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Bauamt"
    assert entry.find(f"{ATOM}category").get("term") == "Sonstiges"
    content = entry.findtext(f"{ATOM}content")
    assert "<strong>im Mai</strong>" in content and "„Angenommen“" in content
    assert when(feed.findtext(f"{ATOM}updated")) == when(entry.findtext(f"{ATOM}updated"))


def test_answers_come_newest_first_and_at_most_fifty(client, make_proposal):
    proposals = [make_proposal(title=f"Vorschlag {number}") for number in range(3)]
    for minute in range(FEED_SIZE + 5):
        answer(proposals[minute % 3], f"Antwort {minute}", minute)
    found = titles(get_feed(client, "/feeds/answers.atom"))
    assert len(found) == FEED_SIZE == 50
    contents = [
        e.findtext(f"{ATOM}content") for e in entries(get_feed(client, "/feeds/answers.atom"))
    ]
    assert "Antwort 54" in contents[0] and "Antwort 5<" in contents[-1]


def test_the_answers_feed_narrows_by_category(client, make_proposal):
    answer(make_proposal(title="Stadtfest", category="Kultur und Tourismus"), "Ja.", 1)
    answer(make_proposal(title="Glasfaser", category="Digitale Infrastruktur"), "Bald.", 2)
    feed = get_feed(client, "/feeds/answers.atom?category=Kultur+und+Tourismus")
    assert titles(feed) == ["Antwort auf: Stadtfest"]
    assert "Kultur und Tourismus" in feed.findtext(f"{ATOM}title")
    url = "http://localhost/feeds/answers.atom?category=Kultur+und+Tourismus"
    assert links(feed)["self"] == url and feed.findtext(f"{ATOM}id") == url
    assert links(feed)["alternate"] == "http://localhost/proposals/?category=Kultur+und+Tourismus"
    for unknown in ("Gibt+es+nicht", "vote-1", "x" * 5000, "%FF%FE"):
        feed = get_feed(client, f"/feeds/answers.atom?category={unknown}")
        assert titles(feed) == []
        assert links(feed)["alternate"] == "http://localhost/proposals/"
    assert len(titles(get_feed(client, "/feeds/answers.atom?category="))) == 2


def test_no_answer_leaks_from_hidden_or_unpublished_proposals(client, db, make_proposal):
    shown = make_proposal(title="Sichtbar")
    answer(shown, "Öffentliche Antwort.", 1)
    answer(make_proposal(title="Ausgeblendet", status="hidden"), "Geheim 1.", 2)
    answer(make_proposal(title="Entwurf", status="draft"), "Geheim 2.", 3)
    held = make_proposal(title="Zurückgehalten", moderation_state=ModerationState.PENDING)
    answer(held, "Geheim 3.", 4)
    later_hidden = make_proposal(title="Später ausgeblendet")
    answer(later_hidden, "Geheim 4.", 5)
    later_hidden.moderation_state = ModerationState.HIDDEN
    proposal_services.add_update(shown, shown.author, "Nur eine Neuigkeit der Autorin.")
    db.session.flush()
    body = client.get("/feeds/answers.atom").text
    assert titles(ET.fromstring(body)) == ["Antwort auf: Sichtbar"]
    for secret in ("Geheim", "Ausgeblendet", "Entwurf", "Zurückgehalten", "Neuigkeit"):
        assert secret not in body


# Published results -----------------------------------------------------------------------


def test_the_results_feed_lists_published_results_and_corrections(
    client, db, council, clerk, closed_vote, closed_survey
):
    vote_result = published(closed_vote, council, "Der Rat **folgt** dem Ergebnis.")
    publication_service.draft_for(closed_survey, clerk)  # a draft: never in the feed
    db.session.flush()
    feed = get_feed(client, "/feeds/results.atom")
    check_head(
        feed,
        "http://localhost/feeds/results.atom",
        "http://localhost/results/",
        "Veröffentlichte Ergebnisse",
    )
    [entry] = entries(feed)
    check_entry(entry)
    page = f"http://localhost/results/{vote_result.id}"
    assert entry.findtext(f"{ATOM}id") == page and links(entry)["alternate"] == page
    assert entry.findtext(f"{ATOM}title") == f"Ergebnis: {closed_vote.title}"
    assert entry.find(f"{ATOM}category").get("term") == "vote"
    content = entry.findtext(f"{ATOM}content")
    assert "<strong>folgt</strong>" in content and "Beschluss 7/2026" in content
    assert when(entry.findtext(f"{ATOM}updated")) == seconds(vote_result.published_at)

    survey_result = published(closed_survey, council, "Danke fürs Mitmachen.")
    survey_result.published_at = vote_result.published_at + timedelta(hours=1)
    correction = publication_service.correct(vote_result, "Tippfehler berichtigt.", council)
    correction.created_at = vote_result.published_at + timedelta(hours=2)
    db.session.flush()
    feed = get_feed(client, "/feeds/results.atom")
    assert titles(feed) == [f"Ergebnis: {closed_vote.title}", f"Ergebnis: {closed_survey.title}"]
    corrected = entries(feed)[0]
    assert when(corrected.findtext(f"{ATOM}updated")) == seconds(correction.created_at)
    assert when(corrected.findtext(f"{ATOM}published")) == seconds(vote_result.published_at)
    assert "Tippfehler berichtigt." in corrected.findtext(f"{ATOM}content")
    assert entries(feed)[1].find(f"{ATOM}category").get("term") == "survey"


def test_results_come_newest_first_and_at_most_fifty(client, db):
    bulk_results(db, FEED_SIZE + 3)
    found = titles(get_feed(client, "/feeds/results.atom"))
    assert len(found) == FEED_SIZE
    assert found[:2] == ["Ergebnis: Abstimmung 52", "Ergebnis: Abstimmung 51"]
    assert "Ergebnis: Abstimmung 02" not in found


def test_unknown_parameters_of_the_results_feed_are_ignored(client, db):
    bulk_results(db, 2)
    assert len(titles(get_feed(client, "/feeds/results.atom?category=xyz&page=-1"))) == 2


# Implementation updates ------------------------------------------------------------------


def test_the_implementation_feed_is_valid_atom(client, db, author, staffer, budget_vote):
    benches = track(db, author, staffer, "Mehr Bänke am Markt")
    update, _new = implementation_service.add_update(benches, staffer, fx.fields("Bestellt."))
    project = implementation_service.start(fx.option_at(budget_vote, 3), staffer, fx.SETTINGS)[0]
    implementation_service.add_update(project, staffer, fx.fields("Aufgestellt."))
    db.session.flush()
    feed = get_feed(client, "/feeds/implementation.atom")
    check_head(
        feed,
        "http://localhost/feeds/implementation.atom",
        "http://localhost/implementation/",
        "Neuigkeiten zur Umsetzung",
    )
    first, second = entries(feed)
    for entry in (first, second):
        check_entry(entry)
    assert first.findtext(f"{ATOM}title") == f"Umsetzung: {fx.option_at(budget_vote, 3).title}"
    assert first.find(f"{ATOM}category").get("term") == f"vote-{budget_vote.id}"
    assert first.find(f"{ATOM}category").get("label") == budget_vote.title
    page = f"http://localhost/implementation/{benches.id}#update-{update.id}"
    assert second.findtext(f"{ATOM}id") == page and links(second)["alternate"] == page
    assert second.findtext(f"{ATOM}title") == "Umsetzung: Mehr Bänke am Markt"
    assert second.find(f"{ATOM}category").get("term") == "Sonstiges"
    content = second.findtext(f"{ATOM}content")
    assert "Bestellt." in content and "In Arbeit" in content and "40 % umgesetzt" in content


def test_implementation_updates_come_newest_first_and_at_most_fifty(client, db, author, staffer):
    benches = track(db, author, staffer, "Mehr Bänke am Markt")
    for number in range(FEED_SIZE + 2):
        implementation_service.add_update(benches, staffer, fx.fields(f"Schritt {number}."))
    db.session.flush()
    feed = get_feed(client, "/feeds/implementation.atom")
    contents = [entry.findtext(f"{ATOM}content") for entry in entries(feed)]
    assert len(contents) == FEED_SIZE
    assert "Schritt 51." in contents[0] and "Schritt 2." in contents[-1]


def test_the_implementation_feed_narrows_by_category_and_budget_vote(
    client, db, author, staffer, budget_vote
):
    culture = track(db, author, staffer, "Stadtfest", "Kultur und Tourismus")
    other = track(db, author, staffer, "Mehr Bänke am Markt")
    project = implementation_service.start(fx.option_at(budget_vote, 3), staffer, fx.SETTINGS)[0]
    for implementation in (culture, other, project):
        implementation_service.add_update(implementation, staffer, fx.fields("Weiter."))
    db.session.flush()
    feed = get_feed(client, "/feeds/implementation.atom?category=Kultur+und+Tourismus")
    assert titles(feed) == ["Umsetzung: Stadtfest"]
    assert links(feed)["alternate"] == (
        "http://localhost/implementation/?category=Kultur+und+Tourismus"
    )
    feed = get_feed(client, f"/feeds/implementation.atom?category=vote-{budget_vote.id}")
    assert titles(feed) == [f"Umsetzung: {fx.option_at(budget_vote, 3).title}"]
    assert budget_vote.title in feed.findtext(f"{ATOM}title")
    for unknown in ("Gibt+es+nicht", "vote-999999", "vote-", "vote-1x", "vote-99999999999"):
        feed = get_feed(client, f"/feeds/implementation.atom?category={unknown}")
        assert titles(feed) == []


def test_no_update_leaks_from_hidden_proposals_or_unpublished_votes(
    client, db, author, staffer, budget_vote
):
    shown = track(db, author, staffer, "Sichtbar")
    hidden = track(db, author, staffer, "Ausgeblendet")
    project = implementation_service.start(fx.option_at(budget_vote, 3), staffer, fx.SETTINGS)[0]
    for implementation in (shown, hidden, project):
        implementation_service.add_update(implementation, staffer, fx.fields("Weiter."))
    hidden.proposal.moderation_state = ModerationState.HIDDEN
    budget_vote.published_at = None  # taken back: its projects are no longer public
    db.session.flush()
    body = client.get("/feeds/implementation.atom").text
    assert titles(ET.fromstring(body)) == ["Umsetzung: Sichtbar"]
    assert "Ausgeblendet" not in body and fx.option_at(budget_vote, 3).title not in body
    body = client.get(f"/feeds/implementation.atom?category=vote-{budget_vote.id}").text
    assert titles(ET.fromstring(body)) == [] and budget_vote.title not in body
    hidden.proposal.moderation_state = ModerationState.PENDING
    shown.proposal.status = ProposalStatus.DRAFT
    db.session.flush()
    assert titles(get_feed(client, "/feeds/implementation.atom")) == []
