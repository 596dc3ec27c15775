"""Paper sheets in the results: the vote tally and the survey results show them under paper,
and online and paper add up to the total."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from participation.core.channels import Channel
from participation.surveys import responses, results
from participation.surveys.answering import Row
from participation.votes import casting
from participation.votes.models import Eligibility, VoteKind
from participation.votes.tally import count
from tests.paper import entry_fixtures as fx
from tests.paper.entry_fixtures import ballot_form, enter, make_sheets

# The entry fixtures, shared by the entry tests.
clerks, in_request, make_paper_vote, paper_survey = (
    fx.clerks,
    fx.in_request,
    fx.make_paper_vote,
    fx.paper_survey,
)

pytestmark = pytest.mark.usefixtures("in_request")


def test_the_tally_shows_paper_ballots_and_the_totals_add_up(make_paper_vote, make_user, clerks):
    vote = make_paper_vote(VoteKind.SINGLE, double_entry=False, eligibility=Eligibility.RESIDENTS)
    first, second, third = (option.id for option in vote.options)
    for number, chosen in enumerate((first, first, second)):
        voter = make_user(display_name=f"Wählerin {number}")
        casting.cast(voter, vote, [chosen], False)
    codes = make_sheets(vote, 5)
    for code, ticks in zip(
        codes, ([first], [third], [first, second], [], ["abstain"]), strict=True
    ):
        enter(code, clerks[0], ballot_form(*ticks))
    tally = count(vote)
    assert (tally.ballots.online, tally.ballots.paper, tally.ballots.total) == (3, 5, 8)
    assert (tally.valid.online, tally.valid.paper) == (3, 2)
    assert (tally.invalid.paper, tally.abstentions.paper) == (2, 1)
    votes = {option.id: option.votes for option in tally.options}
    assert (votes[first].online, votes[first].paper, votes[first].total) == (2, 1, 3)
    assert (votes[third].online, votes[third].paper) == (0, 1)
    assert sum(option.votes.total for option in tally.options) == tally.valid.total
    assert vote.ballot_count == tally.ballots.total


def test_survey_results_show_paper_responses_beside_online_ones(paper_survey, clerks):
    single = paper_survey.questions()[0]
    chosen = single.options[0].id
    for _ in range(2):
        responses.submit(paper_survey, None, {single.id: [Row(option_id=chosen)]})
    codes = make_sheets(paper_survey, 3)
    for code in codes[:2]:
        enter(code, clerks[0], MultiDict([(f"q{single.id}", str(chosen))]))
    enter(codes[2], clerks[0], MultiDict())  # returned blank
    every = results.aggregate(paper_survey)
    assert (every.by_channel[Channel.ONLINE], every.by_channel[Channel.PAPER]) == (2, 3)
    assert every.total == 5 == paper_survey.response_count
    paper = results.aggregate(paper_survey, Channel.PAPER)
    online = results.aggregate(paper_survey, Channel.ONLINE)
    first = {r.question.id: r for r in every.questions}[single.id]
    on_paper = {r.question.id: r for r in paper.questions}[single.id]
    assert (first.answered, first.skipped) == (4, 1)
    assert on_paper.answered == 2 and paper.total == 3 and online.total == 2
    counts = {c.key: c.count for c in first.counts}
    assert counts[chosen] == 4
