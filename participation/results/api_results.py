"""Published results in the open data API: the figures the council froze when it published
(results/freeze.py), never the live counts, so the API says exactly what the result page says.

A vote: per option the votes online, on paper and together and the share of the valid ballots;
the ballots, valid ones, abstentions and invalid ones; the turnout; for a budget the projects
funded by both rules (the greedy rule and the Method of Equal Shares). A survey: the aggregated
answers per question as the staff export shapes them for the public (surveys/export.py): free
texts without response ids, and none that staff hid (also not one hidden after publication).
"""

from __future__ import annotations

from dataclasses import replace

from participation.results import publication as publications
from participation.results.api_data import hidden_texts
from participation.results.api_shapes import day, link, moment, plain_text, rounded
from participation.results.models import Publication
from participation.surveys import export
from participation.surveys.results_shape import SurveyResults
from participation.votes.tally import BudgetResult, ByChannel, Tally


def about(publication: Publication) -> dict:
    """Return what the council published with the figures: dates, decision, statement,
    corrections and documents."""
    return {
        "published_at": moment(publication.published_at),
        "decision": publication.decision or None,
        "decision_date": day(publication.decision_date),
        "statement_text": plain_text(publication.statement_html),
        "statement_html": publication.statement_html,
        "corrections": [
            {"corrected_at": moment(c.created_at), "note": c.note} for c in publication.corrections
        ],
        "documents": [
            {
                "title": document.title,
                "size_bytes": document.size_bytes,
                "url": link(
                    "results.document", publication_id=publication.id, document_id=document.id
                ),
            }
            for document in publication.documents
        ],
        "html_url": link("results.show", publication_id=publication.id),
    }


def channels(count: ByChannel) -> dict:
    """Return a count online, on paper and together."""
    return {"online": count.online, "paper": count.paper, "total": count.total}


def tally_json(tally: Tally) -> dict:
    """Return the counts of a vote."""
    return {
        "options": [
            {
                "id": option.id,
                "position": option.position,
                "title": option.title,
                "cost": option.cost,
                "votes": channels(option.votes),
                "percent": rounded(option.percent),
            }
            for option in tally.options
        ],
        "ballots": channels(tally.ballots),
        "valid": channels(tally.valid),
        "abstentions": channels(tally.abstentions),
        "invalid": channels(tally.invalid),
        "valid_percent": rounded(tally.valid_percent),
        "abstention_percent": rounded(tally.abstention_percent),
        "invalid_percent": rounded(tally.invalid_percent),
        "eligible_count": tally.eligible_count,
        "turnout_percent": rounded(tally.turnout_percent),
    }


def budget_json(funded: BudgetResult | None, amount: int | None) -> dict | None:
    """Return the funded projects of a budget vote by both rules (None for other votes)."""
    if funded is None:
        return None
    rules = {"greedy": funded.greedy, "equal_shares": funded.equal_shares}
    return {
        "amount": amount,
        "voters": funded.voters,
        **{
            name: {
                "funded": list(outcome.funded),
                "filled": list(outcome.filled),
                "spent": outcome.spent,
                "left": outcome.left,
            }
            for name, outcome in rules.items()
        },
    }


def vote_results_json(publication: Publication) -> dict:
    """Return the published result of a vote."""
    figures = publications.thawed_figures(publication)
    tally: Tally = figures["tally"]
    vote = publication.vote
    return {
        "vote_id": vote.id,
        "title": vote.title,
        "kind": vote.kind.value,
        **about(publication),
        "tally": tally_json(tally),
        "budget": budget_json(figures["funded"], tally.budget),
    }


def public_questions(found: SurveyResults, hidden: set[tuple[int, str]]) -> SurveyResults:
    """Return the results without questions that no longer exist and without hidden texts."""
    kept = []
    for result in found.questions:
        if result.question is None:
            continue
        texts = [t for t in result.texts if (result.question.id, t.text) not in hidden]
        kept.append(replace(result, texts=texts))
    return replace(found, questions=kept)


def survey_results_json(publication: Publication) -> dict:
    """Return the published result of a survey."""
    survey = publication.survey
    found = public_questions(
        publications.thawed_figures(publication)["found"], hidden_texts(survey)
    )
    texts = {result.question.id: result.texts for result in found.questions}
    data = export.results_json(found, texts, public=True)
    return {
        "survey_id": survey.id,
        "title": survey.title,
        **about(publication),
        "responses": data["responses"],
        "responses_by_channel": data["responses_by_channel"],
        "questions": data["questions"],
    }
