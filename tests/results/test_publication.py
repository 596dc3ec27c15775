"""Publishing a result: staff or the council prepare a draft of a closed vote or survey, only
the council publishes; publishing freezes the figures (a late ballot changes nothing), later
changes need a dated correction, and the participants are told."""

from __future__ import annotations

import pytest

from participation.core.audit import AuditEntry
from participation.core.channels import Channel
from participation.extensions import db
from participation.notifications.models import Notification
from participation.results import freeze, publication
from participation.results.models import PublicationState
from participation.surveys import results as survey_results
from participation.votes import tally as tallies
from participation.votes.models import VoteParticipation
from tests.votes.test_results_pages import cast

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture()
def in_request(app):
    """A request context, for messages in the visitor's language."""
    with app.test_request_context():
        yield


def test_a_vote_is_published_with_frozen_figures(closed_vote, clerk, council, in_request):
    draft = publication.draft_for(closed_vote, clerk)
    assert publication.draft_for(closed_vote, council).id == draft.id  # one per vote
    publication.save_draft(
        draft, "Der Stadtrat folgt dem **Ergebnis**.", "Beschluss 45/2026", None, clerk
    )
    assert "<strong>Ergebnis</strong>" in draft.statement_html
    publication.publish(draft, council)
    assert draft.state is PublicationState.PUBLISHED and draft.published_by_id == council.id
    figures = publication.thawed_figures(draft)["tally"]
    live = tallies.count(closed_vote)
    assert figures == live
    assert (figures.ballots.online, figures.ballots.paper, figures.invalid.paper) == (4, 2, 1)
    cast(closed_vote, [2], Channel.PAPER)  # a ballot entered late
    assert publication.thawed_figures(draft)["tally"].ballots.total == 6
    with pytest.raises(publication.PublicationRefused):
        publication.publish(draft, council)
    actions = [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions[-2:] == ["results.draft_saved", "results.published"]


def test_a_correction_can_take_the_new_figures_and_keeps_the_old(closed_vote, council, in_request):
    draft = publication.draft_for(closed_vote, council)
    publication.save_draft(draft, "Erklärung", "", None, council)
    publication.publish(draft, council)
    cast(closed_vote, [2], Channel.PAPER)
    with pytest.raises(publication.PublicationRefused):
        publication.save_draft(draft, "Neu", "", None, council)
    correction = publication.correct(draft, "Ein Stimmzettel kam nach.", council, refresh=True)
    assert correction.figures_before["tally"] is not None
    assert publication.thawed_figures(draft)["tally"].ballots.total == 7
    again = publication.correct(draft, "Tippfehler", council, statement="Erklärung, korrigiert")
    assert again.figures_before is None and draft.statement == "Erklärung, korrigiert"
    assert [c.note for c in draft.corrections] == ["Ein Stimmzettel kam nach.", "Tippfehler"]


def test_an_open_vote_and_an_empty_statement_are_refused(make_user, council, in_request):
    from participation.votes.models import VoteKind
    from participation.votes.seed import EXAMPLES, build_vote

    running = build_vote(EXAMPLES[VoteKind.YES_NO])
    with pytest.raises(publication.PublicationRefused) as refused:
        publication.draft_for(running, council)
    assert refused.value.reason == "open" and "läuft noch" in refused.value.message


def test_publishing_needs_a_statement(closed_vote, council, in_request):
    draft = publication.draft_for(closed_vote, council)
    with pytest.raises(publication.PublicationRefused) as refused:
        publication.publish(draft, council)
    assert refused.value.reason == "statement" and draft.figures is None


def test_a_survey_is_published_without_response_ids(closed_survey, council, in_request):
    draft = publication.draft_for(closed_survey, council)
    publication.save_draft(draft, "Danke fürs Mitmachen.", "", None, council)
    publication.publish(draft, council)
    assert '"response_id": ""' in str(draft.figures).replace("'", '"')
    found = publication.thawed_figures(draft)["found"]
    live = survey_results.aggregate(closed_survey, public=True)
    assert found.total == live.total == 3 and found.by_channel == live.by_channel
    assert [r.counts for r in found.questions] == [r.counts for r in live.questions]
    assert all(t.response_id == "" for r in found.questions for t in r.texts)
    assert any(t.text == "Mehr Bänke" for r in found.questions for t in r.texts)


def test_participants_and_discussants_are_told(closed_vote, council, make_user, in_request):
    voters = [make_user() for _ in range(2)]
    for voter in voters:
        db.session.add(
            VoteParticipation(
                vote_id=closed_vote.id,
                user_id=voter.id,
                channel=Channel.ONLINE,
                day=closed_vote.opens_at.date(),
            )
        )
    db.session.flush()
    draft = publication.draft_for(closed_vote, council)
    publication.save_draft(draft, "Erklärung", "", None, council)
    publication.publish(draft, council)
    told = db.session.query(Notification).filter_by(kind="results.published").all()
    assert sorted(n.recipient_id for n in told) == sorted(v.id for v in voters)
    assert told[0].payload["publication_id"] == draft.id


def test_frozen_data_is_refused_when_tampered():
    with pytest.raises(KeyError):
        freeze.thawed({"~": "os.system"}, {})
    with pytest.raises(TypeError):
        freeze.frozen(object())


def test_a_draft_can_be_discarded_but_a_publication_cannot(closed_vote, council, in_request):
    draft = publication.draft_for(closed_vote, council)
    publication.discard(draft, council)
    assert publication.of_subject(closed_vote) is None
    draft = publication.draft_for(closed_vote, council)
    publication.save_draft(draft, "Erklärung", "", None, council)
    publication.publish(draft, council)
    with pytest.raises(publication.PublicationRefused):
        publication.discard(draft, council)
