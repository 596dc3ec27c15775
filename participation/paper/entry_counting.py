"""Counting an entered sheet through the same code paths as online contributions.

A ballot becomes a `Ballot` written by votes.ballots.store_ballot with channel paper, the
status its marks count as (entry_marks.count_ballot) and the sheet code as its receipt: the
receipt column is unique, so a sheet can never be counted twice, and a voter finds the ballot
in the public list by the code on the sheet. The turnout goes up in SQL as online
(votes.casting.count_ballot). A survey sheet becomes a response stored by
surveys.responses.submit, marked as paper with its sheet code (unique as well). Services:
they flush, never commit.
"""

from __future__ import annotations

from participation.core.channels import Channel
from participation.extensions import db
from participation.paper import entry_marks, entry_survey, registry
from participation.paper.models import Sheet, SheetStatus
from participation.surveys import responses
from participation.surveys.models import Survey
from participation.votes import ballots, casting
from participation.votes.models import Vote


def count_sheet(sheet: Sheet, subject: Vote | Survey, marks: dict, actor):
    """Count the sheet with these marks and move it to counted; return what a ballot counts
    as (None for a survey sheet)."""
    counted = None
    if isinstance(subject, Vote):
        counted = count_ballot(sheet, subject, marks)
    else:
        count_response(sheet, subject, marks)
    registry.move(sheet, SheetStatus.COUNTED, actor)
    return counted


def count_ballot(sheet: Sheet, vote: Vote, marks: dict) -> entry_marks.Counted:
    """Store the ballot the marks make (invalid ones too) with the sheet code as receipt."""
    counted = entry_marks.count_ballot(vote, marks)
    casting.count_ballot(vote)
    ballot = ballots.store_ballot(
        vote, counted.option_ids, channel=Channel.PAPER, status=counted.status, receipt=False
    )
    ballot.receipt = sheet.code
    db.session.flush()
    return counted


def count_response(sheet: Sheet, survey: Survey, marks: dict) -> None:
    """Store the response the marks make, as a paper response with the sheet's code."""
    answers = entry_survey.answers_of(survey, marks)
    response = responses.submit(survey, None, answers)
    response.channel, response.sheet_code = Channel.PAPER, sheet.code
    db.session.flush()
