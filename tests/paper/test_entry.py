"""Entering paper ballots: a single entry counts at once, double entry counts when two people
agree, a mismatch goes to a third, and every refusal says why."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.core.audit import AuditEntry
from participation.core.channels import Channel
from participation.extensions import db
from participation.paper import entry, entry_queues, registry
from participation.paper.models import EntryRole, PaperEntry, Sheet, SheetStatus
from participation.votes.models import Ballot, BallotStatus, VoteKind
from tests.paper import entry_fixtures as fx
from tests.paper.entry_fixtures import ballot_form, enter, make_sheets

# The entry fixtures, shared by the entry tests.
clerks, in_request, make_paper_vote = fx.clerks, fx.in_request, fx.make_paper_vote

pytestmark = pytest.mark.usefixtures("in_request")


def sheet_of(code: str) -> Sheet:
    """Return the sheet with this code, as stored now."""
    return db.session.scalar(
        select(Sheet).where(Sheet.code == code).execution_options(populate_existing=True)
    )


def ballots_of(vote) -> list[Ballot]:
    """Return the vote's ballots."""
    return list(db.session.scalars(select(Ballot).where(Ballot.vote_id == vote.id)))


def test_a_single_entry_counts_at_once_without_double_entry(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.SINGLE, double_entry=False)
    (code,) = make_sheets(vote, 1)
    saved = enter(code, clerks[0], ballot_form(vote.options[1].id))
    assert (saved.role, saved.outcome) == (EntryRole.FIRST, "counted")
    (ballot,) = ballots_of(vote)
    assert (ballot.channel, ballot.status, ballot.receipt) == (
        Channel.PAPER,
        BallotStatus.VALID,
        code,
    )
    assert [choice.option_id for choice in ballot.choices] == [vote.options[1].id]
    assert vote.ballot_count == 1
    sheet = sheet_of(code)
    assert sheet.status is SheetStatus.COUNTED
    assert [event.to_status for event in sheet.events] == [SheetStatus.ENTERED, SheetStatus.COUNTED]


def test_double_entry_counts_once_when_two_people_agree(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.MULTIPLE)
    (code,) = make_sheets(vote, 1)
    ticked = ballot_form(vote.options[0].id, vote.options[2].id)
    first = enter(code, clerks[0], ticked)
    assert (first.outcome, sheet_of(code).status) == ("waiting", SheetStatus.ENTERED)
    assert ballots_of(vote) == [] and vote.ballot_count == 0
    second = enter(code, clerks[1], ticked)
    assert (second.role, second.outcome) == (EntryRole.SECOND, "counted")
    (ballot,) = ballots_of(vote)
    assert sorted(choice.option_id for choice in ballot.choices) == [
        vote.options[0].id,
        vote.options[2].id,
    ]
    assert vote.ballot_count == 1
    assert sheet_of(code).status is SheetStatus.COUNTED


def test_nobody_enters_the_same_sheet_twice(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO)
    (code,) = make_sheets(vote, 1)
    enter(code, clerks[0], ballot_form(vote.options[0].id))
    with pytest.raises(entry.EntryRefused) as refused:
        entry.open_sheet(code, clerks[0], entry.Scope())
    assert refused.value.reason == "own"
    assert "schon erfasst" in refused.value.message
    with pytest.raises(entry.EntryRefused):  # nor by sending the form for the second entry
        entry.save(code, "second", ballot_form(vote.options[0].id), clerks[0], entry.Scope())
    assert db.session.scalar(select(func.count()).select_from(PaperEntry)) == 1


def test_a_mismatch_goes_to_a_third_person_whose_decision_counts(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.SINGLE)
    (code,) = make_sheets(vote, 1)
    yes, no = vote.options[0].id, vote.options[1].id
    enter(code, clerks[0], ballot_form(yes))
    second = enter(code, clerks[1], ballot_form(no))
    assert second.outcome == "arbitration"
    assert ballots_of(vote) == []
    waiting = db.session.scalars(entry_queues.arbitration_query()).all()
    assert [sheet.code for sheet in waiting] == [code] and entry_queues.arbitration_count() == 1
    for who in clerks[:2]:  # neither of the first two decides
        with pytest.raises(entry.EntryRefused) as refused:
            entry.open_sheet(code, who, entry.Scope())
        assert refused.value.reason == "own_arbitration"
    decided = enter(code, clerks[2], ballot_form(no))
    assert (decided.role, decided.outcome) == (EntryRole.ARBITRATION, "counted")
    (ballot,) = ballots_of(vote)
    assert [choice.option_id for choice in ballot.choices] == [no]
    assert vote.ballot_count == 1 and entry_queues.arbitration_count() == 0


@pytest.mark.parametrize(
    ("kind", "ticks", "unclear", "status", "reason"),
    [
        (VoteKind.YES_NO, (0, 1), False, BallotStatus.INVALID, "over"),
        (VoteKind.MULTIPLE, (0, 1, 2), False, BallotStatus.INVALID, "over"),
        (VoteKind.SINGLE, (), False, BallotStatus.INVALID, "blank"),
        (VoteKind.BUDGET, (0, 1, 3), False, BallotStatus.INVALID, "budget"),
        (VoteKind.SINGLE, ("abstain", 0), False, BallotStatus.INVALID, "mixed"),
        (VoteKind.SINGLE, (0,), True, BallotStatus.INVALID, "unclear"),
        (VoteKind.YES_NO, ("abstain",), False, BallotStatus.ABSTENTION, None),
        (VoteKind.BUDGET, (0, 1, 2), False, BallotStatus.VALID, None),
    ],
)
def test_what_a_ballot_counts_as(make_paper_vote, clerks, kind, ticks, unclear, status, reason):
    vote = make_paper_vote(kind, double_entry=False)
    (code,) = make_sheets(vote, 1)
    ids = [tick if tick == "abstain" else vote.options[tick].id for tick in ticks]
    saved = enter(code, clerks[0], ballot_form(*ids, unclear=unclear))
    assert (saved.ballot.status, saved.ballot.reason) == (status, reason)
    (ballot,) = ballots_of(vote)  # invalid ballots are stored and counted, never dropped
    assert (ballot.status, ballot.receipt, vote.ballot_count) == (status, code, 1)
    assert len(ballot.choices) == (len(ticks) if status is BallotStatus.VALID else 0)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("PN-0000-0000-0", "check"),
        ("Hallo", "format"),
        ("XY-7K3M-9Q2X-4", "prefix"),
    ],
)
def test_codes_that_are_no_printed_code_are_refused(make_paper_vote, clerks, typed, reason):
    make_paper_vote(VoteKind.YES_NO)
    with pytest.raises(registry.SheetRefused) as refused:
        entry.open_sheet(typed, clerks[0], entry.Scope())
    assert refused.value.reason in (reason, "unknown")


def test_unknown_void_and_counted_sheets_are_refused(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    void, counted, never = make_sheets(vote, 3)
    registry.move(sheet_of(void), SheetStatus.VOID, clerks[0])
    enter(counted, clerks[0], ballot_form(vote.options[0].id))
    db.session.execute(Sheet.__table__.delete().where(Sheet.code == never))
    for code, reason in ((void, "void"), (counted, "counted"), (never, "unknown")):
        with pytest.raises(registry.SheetRefused) as refused:
            entry.open_sheet(code, clerks[1], entry.Scope())
        assert refused.value.reason == reason
    assert len(ballots_of(vote)) == 1


def test_a_ballot_is_not_entered_before_its_vote_begins(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO, published=False)
    (code,) = make_sheets(vote, 1)
    with pytest.raises(entry.EntryRefused) as refused:
        entry.open_sheet(code, clerks[0], entry.Scope())
    assert refused.value.reason == "not_open"


def test_a_form_shown_for_an_earlier_role_is_refused(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.YES_NO)
    (code,) = make_sheets(vote, 1)
    enter(code, clerks[0], ballot_form(vote.options[0].id))
    enter(code, clerks[1], ballot_form(vote.options[1].id))
    # The third was shown the form for the second entry before the second was saved.
    with pytest.raises(entry.EntryRefused) as refused:
        entry.save(code, "second", ballot_form(vote.options[1].id), clerks[2], entry.Scope())
    assert refused.value.reason == "changed"
    assert ballots_of(vote) == []


def test_the_audit_names_sheet_and_staff_but_never_the_marks(make_paper_vote, clerks):
    vote = make_paper_vote(VoteKind.SINGLE)
    (code,) = make_sheets(vote, 1)
    enter(code, clerks[0], ballot_form(vote.options[0].id))
    enter(code, clerks[1], ballot_form(vote.options[2].id))
    enter(code, clerks[2], ballot_form(vote.options[2].id))
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.like("paper.sheet_%")).order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.actor_id) for e in entries] == [
        ("paper.sheet_entered", clerks[0].id),
        ("paper.sheet_entered", clerks[1].id),
        ("paper.sheet_arbitrated", clerks[2].id),
    ]
    assert [e.after["outcome"] for e in entries] == ["waiting", "arbitration", "counted"]
    option_ids = {str(option.id) for option in vote.options}
    for audited in entries:
        assert set(audited.after) == {"code", "role", "outcome"}
        assert not option_ids & {str(value) for value in audited.after.values()}
