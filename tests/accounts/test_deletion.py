"""Deleting an account through the service: what goes, what stays without a name, counters
in the same transaction, ballots untouched, the optional removal of contributions, refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts import deletion
from participation.accounts.models import User
from participation.accounts.request_models import DataRequest
from participation.comments.models import Comment, CommentState, CommentThread
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.moderation.models import Appeal, Decision, ModerationItem, Report, SubjectType
from participation.proposals import images
from participation.proposals.models import (
    EventKind,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    ProposalSupport,
)
from participation.surveys.models import Participation, Response
from participation.votes import casting, tally
from participation.votes.models import Ballot, VoteParticipation
from tests.accounts.data_rights_helpers import make_proposal, trace  # noqa: F401
from tests.conftest import verify_person


def delete(user, remove=False, actor=None) -> deletion.Deleted:
    """Delete through the service and commit (the test's savepoint), as a view would."""
    done = deletion.delete_account(user, actor=actor, remove_contributions=remove)
    db.session.flush()
    db.session.expire_all()
    return done


def count(model, *terms) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*terms))


def test_the_account_goes_and_contributions_stay_without_a_name(trace):  # noqa: F811
    person_id, comment_id = trace.person.id, trace.comment.id
    delete(trace.person)
    assert db.session.get(User, person_id) is None
    own = db.session.get(Proposal, trace.own.id)
    assert own.author_id is None and own.body == "Ein Brunnen für alle."
    assert len(own.images) == 1
    comment = db.session.get(Comment, comment_id)
    assert comment.author_id is None and comment.body == "Ich bin dafür, Petra."
    assert comment.state is CommentState.VISIBLE
    assert db.session.get(Comment, trace.reply.id).parent_id == comment_id


def test_supports_and_marks_are_taken_back_with_the_counters(trace):  # noqa: F811
    others, others_comment = trace.others, trace.others_comment
    assert (others.support_count, others_comment.vote_count) == (1, 1)
    delete(trace.person)
    assert db.session.get(Proposal, others.id).support_count == 0
    assert count(ProposalSupport, ProposalSupport.proposal_id == others.id) == 0
    assert db.session.get(Comment, others_comment.id).vote_count == 0
    assert db.session.get(Proposal, trace.own.id).support_count == 1  # Otto's support stays


def test_drafts_go_with_their_pictures(trace):  # noqa: F811
    draft_id, thread_id = trace.draft.id, trace.draft.thread_id
    done = delete(trace.person)
    assert db.session.get(Proposal, draft_id) is None
    assert db.session.get(CommentThread, thread_id) is None
    assert done.files == ["entwurf.png"]
    deletion.finish(done)
    assert not (images.upload_folder() / "entwurf.png").exists()
    assert (images.upload_folder() / "brunnen.png").exists()


def test_ballots_and_tallies_are_untouched_and_nobody_votes_twice(trace, make_user):  # noqa: F811
    vote = trace.vote
    before = tally.count(vote)
    ballots = sorted(db.session.scalars(select(Ballot.id).where(Ballot.vote_id == vote.id)))
    key = trace.person.identity_key
    delete(trace.person)
    assert tally.count(vote) == before
    assert sorted(db.session.scalars(select(Ballot.id).where(Ballot.vote_id == vote.id))) == ballots
    [taken] = db.session.scalars(
        select(VoteParticipation).where(VoteParticipation.vote_id == vote.id)
    )
    assert (taken.user_id, taken.identity_key) == (None, key)
    again = make_user()
    verify_person(again, "Probe", given="Petra")  # the same person, a new account
    with pytest.raises(casting.AlreadyVoted):
        casting.cast(again, vote, [vote.options[0].id], abstain=False)


def test_survey_responses_stay_without_the_account(trace):  # noqa: F811
    survey, person_id = trace.survey, trace.person.id
    responses_before = survey.response_count
    delete(trace.person)
    [response] = db.session.scalars(select(Response).where(Response.survey_id == survey.id))
    assert response.user_id is None
    assert count(Participation, Participation.user_id == person_id) == 0
    db.session.refresh(survey)
    assert survey.response_count == responses_before == 1


def test_moderation_records_stay_and_reports_about_the_person_leave_the_queue(trace):  # noqa: F811
    person_id = trace.person.id
    delete(trace.person)
    assert count(Report) == 3  # nobody's report is lost
    assert count(Appeal, Appeal.text == "Das war nicht beleidigend gemeint.") == 1
    [decision] = db.session.scalars(select(Decision))
    assert decision.affected_id is None
    item = db.session.scalar(
        select(ModerationItem).where(ModerationItem.subject_type == SubjectType.USER)
    )
    assert (item.is_open, item.subject_id, item.report_count) == (False, -person_id, 1)
    assert db.session.scalar(select(DataRequest.user_id)) is None


def test_the_audit_entry_keeps_the_number_only(trace):  # noqa: F811
    person = trace.person
    person_id, email, name = person.id, person.email, person.display_name
    delete(person)
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "account.deleted"))
    assert (entry.target_type, entry.target_id, entry.actor_id) == ("users", person_id, None)
    assert entry.after == {"by": "self", "contributions": "kept"}
    assert email not in str(entry.after) and name not in str(entry.after)


def test_removing_contributions_erases_texts_and_keeps_discussions(trace):  # noqa: F811
    own, others = trace.own, trace.others
    thread_count = others.thread.comment_count
    done = delete(trace.person, remove=True)
    comment = db.session.get(Comment, trace.comment.id)
    assert (comment.state, comment.body, comment.body_html) == (CommentState.DELETED, "", "")
    reply = db.session.get(Comment, trace.reply.id)
    assert reply.state is CommentState.VISIBLE and reply.body == "Danke, Petra!"
    assert db.session.get(CommentThread, others.thread_id).comment_count == thread_count - 1
    assert db.session.get(Proposal, others.id).comment_count == thread_count - 1
    own = db.session.get(Proposal, own.id)
    assert (own.title, own.body, own.body_html) == ("Trinkbrunnen am Markt", "", "")
    assert own.status is ProposalStatus.WITHDRAWN and own.images == []
    updates = select(ProposalEvent).where(
        ProposalEvent.proposal_id == own.id, ProposalEvent.kind == EventKind.UPDATE
    )
    assert db.session.scalars(updates).all() == []
    assert sorted(done.files) == ["brunnen.png", "entwurf.png"]
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "account.deleted"))
    assert entry.after["contributions"] == "removed"


def test_removing_matches_deleting_each_comment_by_hand(db, make_user, make_proposal):  # noqa: F811
    from participation.comments import services as comments

    person, other = make_user(), make_user()
    proposal = make_proposal(other)
    first = comments.post_comment(proposal.thread, person, "Eins")
    comments.post_comment(proposal.thread, person, "Zwei")
    comments.post_comment(proposal.thread, other, "Drei")
    comments.delete_comment(first, person)  # deleted before: must not count twice
    comments.hide_comment(comments.post_comment(proposal.thread, person, "Vier"), "spam")
    assert proposal.thread.comment_count == 2
    delete(person, remove=True)
    assert db.session.get(CommentThread, proposal.thread_id).comment_count == 1
    assert db.session.get(Proposal, proposal.id).comment_count == 1


def test_decided_proposals_keep_their_status(db, make_user, make_proposal):  # noqa: F811
    person = make_user()
    accepted = make_proposal(person, status=ProposalStatus.ACCEPTED)
    delete(person, remove=True)
    accepted = db.session.get(Proposal, accepted.id)
    assert accepted.status is ProposalStatus.ACCEPTED and accepted.body == ""


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.STAFF, Role.COUNCIL, Role.ADMIN])
def test_privileged_accounts_are_refused(make_user, role):
    make_user(roles=(Role.ADMIN,))  # someone else keeps the platform administered
    person = make_user(roles=(role,))
    with pytest.raises(deletion.DeletionRefused) as refused:
        deletion.delete_account(person, actor=None, remove_contributions=False)
    assert refused.value.reason == "privileged"
    assert "Rollen zuerst entfernen" in refused.value.message
    assert db.session.get(User, person.id) is not None


def test_the_last_admin_is_refused(db, make_user):
    for admin in db.session.scalars(select(User)).all():  # the demo data's admins, if any
        if admin.has_role(Role.ADMIN):
            pytest.skip("another admin exists in this database")
    person = make_user(roles=(Role.ADMIN,))
    with pytest.raises(deletion.DeletionRefused) as refused:
        deletion.delete_account(person, actor=None, remove_contributions=False)
    assert refused.value.reason == "last-admin"
    assert "letzte" in refused.value.message


def test_a_verified_resident_is_no_privileged_account(make_user):
    person = make_user(roles=(Role.VERIFIED,))
    assert deletion.refusal(person) is None
    delete(person)
    assert db.session.get(User, person.id) is None


def test_a_new_account_with_the_same_number_inherits_nothing(trace, make_user, make_proposal):  # noqa: F811
    """SQLite gives the number of the newest deleted row to the next one; PostgreSQL never."""
    from participation.moderation import reports
    from participation.moderation.models import Reason
    from tests.accounts.data_rights_helpers import export_of

    person_id = trace.person.id
    delete(trace.person)
    newcomer = make_user()
    if db.engine.dialect.name == "sqlite":
        assert newcomer.id == person_id  # what makes this test matter
    data, _archive = export_of(newcomer)
    assert data["audit_entries"] == [] and data["moderation_items"] == []
    make_proposal(newcomer)  # something to be reported for
    reports.report(SubjectType.USER, newcomer.id, trace.other, Reason.SPAM)
    item = db.session.scalar(
        select(ModerationItem).where(
            ModerationItem.subject_type == SubjectType.USER,
            ModerationItem.subject_id == newcomer.id,
        )
    )
    assert (item.report_count, item.is_open) == (1, True)
