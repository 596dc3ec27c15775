"""`flask seed bench`: the counts asked for, counters that match the rows, pages that render on
the data, a refusal on a database in use, and the same data from the same seed."""

from __future__ import annotations

from random import Random

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from participation.accounts.models import User
from participation.comments.models import Comment, CommentThread
from participation.core.benchdata import plan
from participation.core.permissions import Role
from participation.notifications.models import Notification
from participation.proposals.models import Proposal, ProposalSupport
from participation.surveys.models import Answer, Participation, Response, Survey
from participation.votes.models import Ballot, BallotChoice, Vote, VoteParticipation

SIZES = {
    "accounts": 30, "proposals": 40, "comments": 300, "supports": 200, "surveys": 2,
    "responses": 50, "votes": 2, "ballots": 60, "notifications": 40,
}  # fmt: skip
OPTIONS = [f"--{name}={value}" for name, value in SIZES.items()]
TINY = [*OPTIONS, "--reply-share=0.25", "--skewed"]


def seed_bench(app, *options: str):
    """Run `flask seed bench` with the tiny sizes and `options`; return the result."""
    return app.test_cli_runner().invoke(args=["seed", "bench", *TINY, *options])


def count(db, model, *conditions) -> int:
    """Return how many rows of `model` meet `conditions`."""
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


@pytest.fixture()
def seeded(app, db):
    """The tiny bench data, written once for the test."""
    result = seed_bench(app, "--seed=3")
    assert result.exit_code == 0, result.output
    assert "comments" in result.output and "rows/s" in result.output
    return db


def test_the_counts_are_the_ones_asked_for(seeded):
    db = seeded
    for model, name in [(User, "accounts"), (Proposal, "proposals"), (Comment, "comments"),
                        (ProposalSupport, "supports"), (Survey, "surveys"),
                        (Response, "responses"), (Vote, "votes"), (Ballot, "ballots"),
                        (Notification, "notifications")]:  # fmt: skip
        assert count(db, model) == SIZES[name], name
    assert count(db, Comment, Comment.parent_id.is_not(None)) == 75  # a quarter are replies
    staff = db.session.scalar(select(User).order_by(User.id).limit(1))
    assert staff.has_role(Role.STAFF) and staff.is_confirmed
    assert count(db, User, User.email_confirmed_at.is_(None)) == 0
    assert 0 < count(db, User, User.identity_key.is_not(None)) < SIZES["accounts"]


def test_proposal_counters_match_their_rows(seeded):
    db = seeded
    supports = select(func.count()).where(ProposalSupport.proposal_id == Proposal.id)
    comments = select(func.count()).where(Comment.thread_id == Proposal.thread_id)
    latest = select(func.max(Comment.created_at)).where(Comment.thread_id == Proposal.thread_id)
    rows = db.session.execute(
        select(Proposal, CommentThread, supports.scalar_subquery(), comments.scalar_subquery(),
               latest.scalar_subquery()).join(CommentThread, CommentThread.id == Proposal.thread_id)
    ).all()  # fmt: skip
    assert len(rows) == SIZES["proposals"]
    for proposal, thread, supported, commented, last in rows:
        assert proposal.support_count == supported
        assert proposal.comment_count == thread.comment_count == commented
        assert thread.last_comment_at == last
        assert proposal.last_activity_at >= max(filter(None, [proposal.published_at, last]))
        assert proposal.is_public and proposal.body_html.startswith("<p>")
    assert len({row[3] for row in rows}) > 3  # skewed: not the same number everywhere
    author = select(Proposal.id).where(
        Proposal.id == ProposalSupport.proposal_id, Proposal.author_id == ProposalSupport.user_id
    )
    assert count(db, ProposalSupport, author.exists()) == 0


def test_replies_sit_one_level_below_their_parent_down_to_depth_4(seeded):
    db = seeded
    parent = aliased(Comment)
    pairs = db.session.execute(
        select(Comment.depth, parent.depth, Comment.created_at, parent.created_at)
        .join(parent, parent.id == Comment.parent_id)
        .where(parent.thread_id == Comment.thread_id)
    ).all()
    assert len(pairs) == 75
    assert all(depth == above + 1 and at >= before for depth, above, at, before in pairs)
    assert db.session.scalar(select(func.max(Comment.depth))) <= 4
    assert count(db, Comment, Comment.parent_id.is_(None), Comment.depth != 0) == 0


def test_votes_have_one_participation_per_ballot_and_paper_ballots(seeded):
    db = seeded
    for vote in db.session.scalars(select(Vote)):
        assert vote.phase().value == "closed" and vote.mixed_count == vote.ballot_count
        for channel in ("online", "paper"):
            ballots = count(db, Ballot, Ballot.vote_id == vote.id, Ballot.channel == channel)
            took_part = VoteParticipation.vote_id == vote.id, VoteParticipation.channel == channel
            assert count(db, VoteParticipation, *took_part) == ballots
        assert count(db, Ballot, Ballot.vote_id == vote.id) == vote.ballot_count
    paper = count(db, Ballot, Ballot.channel == "paper") / SIZES["ballots"]
    assert 0.15 < paper < 0.45  # 30 % of 60
    valid_without = count(db, Ballot, Ballot.status == "valid", Ballot.choice_key.is_(None))
    chosen = select(BallotChoice.ballot_id).where(BallotChoice.ballot_id == Ballot.id)
    assert valid_without == 0 and count(db, Ballot, Ballot.status != "valid", chosen.exists()) == 0


def test_surveys_have_answers_and_the_participations_of_accounts(seeded):
    db = seeded
    for survey in db.session.scalars(select(Survey)):
        responses = count(db, Response, Response.survey_id == survey.id)
        assert survey.response_count == responses
        answered = select(func.count(func.distinct(Answer.response_id))).join(Response)
        assert db.session.scalar(answered.where(Response.survey_id == survey.id)) == responses
        online = count(db, Response, Response.survey_id == survey.id, Response.channel == "online")
        assert 0 < count(db, Participation, Participation.survey_id == survey.id) <= online
        if not survey.anonymous:
            signed = count(
                db, Response, Response.survey_id == survey.id, Response.user_id.is_not(None)
            )
            assert signed == count(db, Participation, Participation.survey_id == survey.id)


def test_the_pages_render_on_bench_data(seeded, client, login_as):
    db = seeded
    busiest = db.session.scalar(select(Proposal).order_by(Proposal.comment_count.desc()))
    survey = db.session.scalar(select(Survey).order_by(Survey.response_count.desc()))
    vote = db.session.scalar(select(Vote).order_by(Vote.ballot_count.desc()))
    login_as(Role.STAFF)
    listing = client.get("/proposals/")
    assert listing.status_code == 200
    shown = client.get(f"/proposals/{busiest.id}")
    assert shown.status_code == 200 and busiest.title in shown.get_data(as_text=True)
    assert client.get(f"/surveys/{survey.id}/results").status_code == 200
    assert client.get(f"/votes/{vote.id}/tally").status_code == 200
    notified = db.session.scalar(select(Notification.recipient_id).limit(1))
    assert db.session.get(User, notified) is not None


def test_search_finds_a_seeded_word(seeded, client):
    db = seeded
    title = db.session.scalar(select(Proposal.title).where(Proposal.status == "published"))
    word = max(title.split(), key=len)
    page = client.get("/proposals/", query_string={"q": word})
    assert page.status_code == 200 and word in page.get_data(as_text=True)


def test_a_database_in_use_is_refused_unless_forced(seeded, app):
    again = seed_bench(app)
    assert again.exit_code != 0 and "already has 40 proposals" in again.output
    forced = seed_bench(app, "--force", "--seed=3")
    assert forced.exit_code == 0, forced.output
    assert count(seeded, Proposal) == 80


def test_the_same_seed_writes_the_same_data(seeded, app):
    db = seeded
    first = fingerprint(db, 0)
    later = db.session.scalar(select(func.max(Proposal.id)))
    assert seed_bench(app, "--force", "--seed=3").exit_code == 0
    assert fingerprint(db, later) == first
    assert seed_bench(app, "--force", "--seed=4").exit_code == 0
    newest = db.session.scalar(select(func.max(Proposal.id))) - SIZES["proposals"]
    assert fingerprint(db, newest) != first


def fingerprint(db, after: int) -> list:
    """Return the content of the proposals after id `after` and of their discussions."""
    proposals = db.session.execute(
        select(Proposal.title, Proposal.body, Proposal.category, Proposal.status,
               Proposal.support_count, Proposal.comment_count, Proposal.thread_id)
        .where(Proposal.id > after).order_by(Proposal.id).limit(SIZES["proposals"])
    ).all()  # fmt: skip
    threads = [row.thread_id for row in proposals]
    comments = db.session.execute(
        select(Comment.body, Comment.depth)
        .where(Comment.thread_id.in_(threads))
        .order_by(Comment.id)
    ).all()
    return [[row[:-1] for row in proposals], comments]


def test_production_is_refused(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = seed_bench(app)
    assert result.exit_code != 0 and "not in production" in result.output
    assert count(db, Proposal) == 0


def test_odd_sizes_are_refused(app, db):
    result = app.test_cli_runner().invoke(args=["seed", "bench", "--accounts=0"])
    assert result.exit_code != 0 and "proposals need --accounts" in result.output


def test_spread_keeps_the_total_and_the_cap():
    assert plan.spread(10, [1, 1, 1]) == [4, 3, 3]
    assert plan.spread(6, [1, 100], cap=3) == [3, 3]
    assert sum(plan.spread(1000, [5, 0.1, 3, 0.2], cap=400)) == 1000


def test_the_largest_survey_and_vote_get_the_benchmark_sizes():
    state = plan.sizes_from("state", {"seed": None})
    surveys = plan.with_largest(state.responses, state.surveys, plan.LARGEST_SURVEY, Random(1))
    votes = plan.with_largest(state.ballots, state.votes, plan.LARGEST_VOTE, Random(1))
    assert surveys[0] == 100_000 and sum(surveys) == 200_000 and len(surveys) == 20
    assert votes[0] == 200_000 and sum(votes) == 500_000 and len(votes) == 10
    assert (state.accounts, state.comments, state.supports) == (100_000, 500_000, 1_000_000)
