"""The demo survey: created once by `flask seed demo`, with online and paper responses."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.core.channels import Channel
from participation.surveys import demo, results
from participation.surveys.models import Answer, Participation, Response, Survey
from participation.surveys.seed import DIGITAL_OFFERS


def test_seed_demo_twice_creates_one_survey_with_responses(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    second = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "/results" in second.output
    surveys = db.session.scalars(select(Survey).where(Survey.title == DIGITAL_OFFERS["title"]))
    (survey,) = surveys.all()
    total = demo.ONLINE_RESPONSES + demo.PAPER_RESPONSES
    assert survey.response_count == total
    counted = select(func.count()).where(Response.survey_id == survey.id)
    assert db.session.scalar(counted) == total
    with app.test_request_context():
        assert results.channel_counts(survey) == {
            Channel.ONLINE: demo.ONLINE_RESPONSES,
            Channel.PAPER: demo.PAPER_RESPONSES,
        }


def test_demo_survey_is_open_anonymous_and_consistent(app, db):
    with app.test_request_context():
        survey = demo.ensure_demo_survey()
        again = demo.ensure_demo_survey()
        found = results.aggregate(survey)
    assert again.id == survey.id
    assert survey.phase().value == "open" and survey.anonymous
    assert "Demo" in survey.intro
    stored_users = select(func.count()).where(
        Response.survey_id == survey.id, Response.user_id.is_not(None)
    )
    assert db.session.scalar(stored_users) == 0
    assert db.session.scalar(select(func.count()).select_from(Participation)) == 0  # guests
    paper_notes = select(func.count()).where(Answer.value_text == demo.PAPER_NOTE)
    assert db.session.scalar(paper_notes) == demo.PAPER_RESPONSES
    assert all(r.answered > 0 for r in found.questions)
    assert found.questions[0].skipped == 0  # required questions are always answered
