"""The demo publication: the council's published result of the closed citizens' budget, made
once, with a statement naming the funded projects, a decision and its date, and the figures of
the tally."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from participation.accounts.seed import ensure_demo_accounts
from participation.results import publication
from participation.results.demo import ensure_demo_publication
from participation.results.models import Publication
from participation.votes import demo as vote_demo
from participation.votes.tally import budget_result, count


def demo_publication(app):
    """Create the demo accounts and votes, publish the budget's result; return it and the
    budget vote."""
    with app.test_request_context():
        ensure_demo_accounts()
        _market, budget = vote_demo.ensure_demo_votes()
        return ensure_demo_publication(), budget


def test_running_it_twice_publishes_once(app, db):
    first, _budget = demo_publication(app)
    with app.test_request_context():
        second = ensure_demo_publication()
    assert first is not None and second.id == first.id
    assert db.session.scalar(select(func.count()).select_from(Publication)) == 1
    assert len(first.corrections) == 0


def test_the_council_published_the_budget_with_a_statement(app, db):
    found, budget = demo_publication(app)
    assert found.is_published and found.vote_id == budget.id
    assert found.published_by.email == "stadtrat@example.org"
    assert found.created_by.email == "verwaltung@example.org"
    assert re.fullmatch(r"Beschluss des Stadtrats Nr\. 27/\d{4}", found.decision)
    assert budget.closes_at.date() < found.decision_date
    assert "Methode der gleichen Anteile" in found.statement and "Sie" in found.statement
    assert "<strong>Methode der gleichen Anteile</strong>" in found.statement_html
    funded = budget_result(budget, count(budget)).equal_shares.funded
    titles = {option.id: option.title for option in budget.options}
    for option_id, title in titles.items():
        assert (f"- {title} (" in found.statement) == (option_id in funded)


def test_its_figures_are_the_tally(app, db):
    found, budget = demo_publication(app)
    tally = count(budget)
    shown = publication.thawed_figures(found)
    assert shown["tally"].ballots == tally.ballots
    assert shown["tally"].valid == tally.valid and shown["tally"].invalid == tally.invalid
    assert [o.votes for o in shown["tally"].options] == [o.votes for o in tally.options]
    assert shown["funded"] == budget_result(budget, tally)
    assert f"{tally.ballots.total} Stimmzettel" in found.statement


def test_the_public_page_shows_it(app, db, client):
    found, budget = demo_publication(app)
    db.session.commit()
    page = client.get(f"/results/{found.id}").get_data(as_text=True)
    assert budget.title in page and "Beschluss des Stadtrats Nr. 27/" in page
    assert "Methode der gleichen Anteile" in page


def test_seed_demo_publishes_it_and_prints_the_address(app, db):
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    found = db.session.scalar(select(Publication))
    assert found.is_published
    assert f"http://127.0.0.1:5000/results/{found.id}" in result.output
