"""Implementation tracking through its services: what may be tracked (accepted proposals,
projects either budget rule funds), starting once, changing and adding updates (each audited),
an update setting the current status, progress and completion, a form sent twice adding one
update, and the followers of a proposal told about it (nobody for budget projects)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.notifications import kinds
from participation.notifications.models import Notification
from participation.proposals import services as proposal_services
from participation.proposals.models import ModerationState, ProposalStatus
from participation.results import implementation as service
from participation.results import implementation_photos as photos
from participation.results.models import (
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
)
from participation.votes.seed import MARKET_SQUARE, build_vote
from tests.results import implementation_fixtures as fx

staffer, author, follower, proposal = fx.staffer, fx.author, fx.follower, fx.proposal
budget_vote, tracked = fx.budget_vote, fx.tracked
CLOSED, SETTINGS, fields, option_at, picture = (
    fx.CLOSED,
    fx.SETTINGS,
    fx.fields,
    fx.option_at,
    fx.picture,
)

pytestmark = pytest.mark.usefixtures("db")
S = ImplementationStatus


def audit_actions(target) -> list[str]:
    """Return the audited actions on `target`, oldest first."""
    query = select(AuditEntry.action).where(
        AuditEntry.target_type == type(target).__tablename__, AuditEntry.target_id == target.id
    )
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def count(model) -> int:
    """Return how many rows of `model` there are."""
    return db.session.scalar(select(func.count()).select_from(model))


def notified(kind: str = "proposal.implementation") -> list[Notification]:
    """Return the notifications of `kind`, oldest first."""
    query = select(Notification).where(Notification.kind == kind).order_by(Notification.id)
    return list(db.session.scalars(query))


# --- starting -----------------------------------------------------------------------------


def test_an_accepted_proposal_is_tracked_once_and_audited(proposal, staffer):
    implementation, created = service.start(proposal, staffer, SETTINGS)
    again, created_again = service.start(proposal, staffer, SETTINGS)
    assert created and not created_again and again.id == implementation.id
    assert (implementation.department, implementation.status, implementation.progress) == (
        "Bauamt",
        S.IN_PROGRESS,
        20,
    )
    assert count(Implementation) == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.target_type == "implementations"))
    assert entry.action == service.STARTED and entry.actor_id == staffer.id
    assert entry.after["department"] == "Bauamt" and entry.after["status"] == "in_progress"


def test_an_implemented_proposal_may_be_tracked_too(proposal, staffer):
    proposal_services.answer(proposal, staffer, ProposalStatus.IMPLEMENTED, "Fertig.", "Bauamt")
    assert service.start(proposal, staffer, SETTINGS)[1]


@pytest.mark.parametrize("status", [ProposalStatus.PUBLISHED, ProposalStatus.REJECTED])
def test_a_proposal_not_accepted_is_not_tracked(proposal, staffer, status):
    proposal.status = status
    with pytest.raises(service.NotTrackable):
        service.start(proposal, staffer, SETTINGS)
    assert count(Implementation) == 0


@pytest.mark.parametrize("state", [ModerationState.HIDDEN, ModerationState.PENDING])
def test_an_accepted_proposal_moderation_holds_is_not_tracked(proposal, staffer, state):
    proposal.moderation_state = state
    with pytest.raises(service.NotTrackable):
        service.start(proposal, staffer, SETTINGS)


def test_projects_funded_by_either_rule_may_be_tracked(budget_vote, staffer):
    rules = service.funding_rules(budget_vote)
    benches, fruit_trees = option_at(budget_vote, 1), option_at(budget_vote, 5)
    assert benches.id not in rules  # nobody chose it
    assert rules[fruit_trees.id] == [service.EQUAL_SHARES]  # the minority's project
    assert rules[option_at(budget_vote, 3).id] == [service.GREEDY, service.EQUAL_SHARES]
    assert any(found == [service.GREEDY] for found in rules.values())
    for option_id in rules:
        option = next(o for o in budget_vote.options if o.id == option_id)
        assert service.start(option, staffer, SETTINGS)[1]
    with pytest.raises(service.NotTrackable):
        service.start(benches, staffer, SETTINGS)
    assert service.untracked_projects() == []


def test_projects_of_an_open_budget_vote_or_of_other_votes_are_not_tracked(budget_vote, staffer):
    other = build_vote(MARKET_SQUARE, **CLOSED)
    budget_vote.closes_at = budget_vote.opens_at + timedelta(days=400)  # open again
    for option in (option_at(budget_vote, 3), option_at(other, 1)):
        with pytest.raises(service.NotTrackable):
            service.start(option, staffer, SETTINGS)


def test_the_start_page_offers_only_what_nobody_tracks(proposal, budget_vote, staffer, author):
    rejected = proposal_services.create_draft(
        author, {"title": "Abgelehnt", "body": "x", "category": "Sonstiges", "district": None}, []
    )
    proposal_services.publish(rejected, author)
    proposal_services.answer(rejected, staffer, ProposalStatus.REJECTED, "Nein.", "Bauamt")
    assert service.untracked_proposals() == [proposal]
    offered = [option.position for option, _rules in service.untracked_projects()]
    assert sorted(offered) == [2, 3, 4, 5]
    service.start(proposal, staffer, SETTINGS)
    service.start(option_at(budget_vote, 3), staffer, SETTINGS)
    assert service.untracked_proposals() == []
    assert sorted(o.position for o, _rules in service.untracked_projects()) == [2, 4, 5]


# --- changing -----------------------------------------------------------------------------


def test_a_change_is_audited_with_before_and_after(tracked, staffer):
    changed = service.Settings("Bürgerbüro", S.DONE, 100, None, date(2026, 5, 1))
    assert service.change(tracked, staffer, changed)
    assert not service.change(tracked, staffer, changed)  # nothing new: no second entry
    assert audit_actions(tracked) == [service.STARTED, service.CHANGED]
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.before["department"] == "Bauamt" and entry.after["department"] == "Bürgerbüro"
    assert entry.after["actual_completion"] == "2026-05-01"


# --- updates ------------------------------------------------------------------------------


def test_an_update_sets_the_status_and_progress_and_is_audited(tracked, staffer):
    before = tracked.updated_at
    update, created = service.add_update(tracked, staffer, fields(progress=60))
    assert created and (tracked.status, tracked.progress) == (S.IN_PROGRESS, 60)
    assert tracked.updated_at >= before and tracked.actual_completion is None
    assert update.author_id == staffer.id and update.progress == 60
    assert audit_actions(update) == [service.UPDATE_ADDED]


def test_done_sets_the_completion_date_and_reopening_clears_it(tracked, staffer):
    day = date.today() - timedelta(days=3)
    service.add_update(
        tracked, staffer, fields("Fertig.", status=S.DONE, progress=100, happened_on=day)
    )
    assert (tracked.status, tracked.actual_completion) == (S.DONE, day)
    earlier = day - timedelta(days=5)
    service.add_update(
        tracked, staffer, fields("Abgenommen.", status=S.DONE, progress=100, completed_on=earlier)
    )
    assert tracked.actual_completion == earlier
    service.add_update(tracked, staffer, fields("Nachbesserung nötig.", progress=90))
    assert (tracked.status, tracked.actual_completion) == (S.IN_PROGRESS, None)


def test_the_same_update_sent_twice_is_added_once(tracked, staffer):
    first, created = service.add_update(tracked, staffer, fields())
    again, created_again = service.add_update(tracked, staffer, fields())
    assert created and not created_again and again.id == first.id
    assert count(ImplementationUpdate) == 1
    assert audit_actions(first) == [service.UPDATE_ADDED]
    service.add_update(tracked, staffer, fields("Die Bänke sind geliefert."))
    assert count(ImplementationUpdate) == 2


def test_an_update_equal_to_an_older_one_is_a_new_one(tracked, staffer, make_user):
    service.add_update(tracked, staffer, fields())
    colleague = make_user(roles=(Role.STAFF,))
    _update, created = service.add_update(tracked, colleague, fields())
    assert created  # another person wrote the same words: not a double click


def test_a_photo_is_stored_without_its_metadata(tracked, staffer):
    photo = photos.cleaned(io.BytesIO(picture("JPEG")))
    update, _created = service.add_update(tracked, staffer, fields(photo_alt="Zwei Bänke"), photo)
    stored = photos.path_of(update.photo_name).read_bytes()
    assert b"Geheime Kamera" not in stored and update.photo_alt == "Zwei Bänke"
    again, created = service.add_update(tracked, staffer, fields(photo_alt="Zwei Bänke"), photo)
    assert not created and again.id == update.id
    other = photos.cleaned(io.BytesIO(picture("JPEG", colour=(10, 120, 40))))
    _third, created = service.add_update(tracked, staffer, fields(photo_alt="Zwei Bänke"), other)
    assert created  # the same words with another photo


def test_markdown_is_rendered_safely_without_headings(tracked, staffer):
    text = "# Neu\n\n**Fertig** <script>alert(1)</script> [Plan](javascript:alert(1))"
    update, _created = service.add_update(tracked, staffer, fields(text))
    assert "<strong>Fertig</strong>" in update.text_html
    assert "<script" not in update.text_html and "javascript:" not in update.text_html
    assert "<h" not in update.text_html


# --- notifications ------------------------------------------------------------------------


def test_followers_of_the_proposal_hear_of_an_update(tracked, staffer, author, follower, app):
    update, _created = service.add_update(tracked, staffer, fields(progress=60))
    told = notified()
    assert sorted(n.recipient_id for n in told) == sorted([author.id, follower.id])
    assert staffer.id not in [n.recipient_id for n in told]
    kind = kinds.get("proposal.implementation")
    with app.test_request_context():
        summary = kind.summary(told[0].payload)
        link = kind.link(told[0].payload)
    assert "Mehr Bänke am Markt" in summary and "In Arbeit" in summary and "60 %" in summary
    assert link == f"/implementation/{tracked.id}#update-{update.id}"


def test_the_same_update_twice_notifies_once(tracked, staffer, author, follower):
    service.add_update(tracked, staffer, fields())
    service.add_update(tracked, staffer, fields())
    assert len(notified()) == 2  # the author and the follower, once each


def test_a_hidden_proposal_tells_nobody(tracked, staffer, proposal):
    proposal.moderation_state = ModerationState.HIDDEN
    service.add_update(tracked, staffer, fields())
    assert notified() == []


def test_budget_projects_tell_nobody(budget_vote, staffer):
    implementation, _created = service.start(option_at(budget_vote, 3), staffer, SETTINGS)
    service.add_update(implementation, staffer, fields())
    assert notified() == [] and count(Notification) == 0


def test_the_kind_has_a_label_in_the_settings(app):
    kind = kinds.get("proposal.implementation")
    assert kind is not None and kind.optional and str(kind.label)
