"""The open data API's objects as plain data: the fields of each kind of object, named and
typed as api_spec.py describes them (the schemathesis test holds the two together).

Times are ISO 8601 in UTC (`2026-05-04T09:30:00Z`), days ISO dates; texts come as the HTML the
site shows and as plain text. A proposal names its author only as the site does: an online
proposal by the account's display name, a paper one by the name its author agreed to show.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

from flask import url_for

from participation.core.channels import Channel
from participation.proposals.models import Proposal, ProposalEvent
from participation.results.models import Implementation, ImplementationUpdate
from participation.surveys.models import Survey
from participation.votes.models import Vote, VoteOption

BLOCK_END = re.compile(r"</(p|div|h[1-6]|blockquote|pre|table|tr)>|<br\s*/?>", re.I)
ITEM = re.compile(r"<li[^>]*>", re.I)
ANY_TAG = re.compile(r"<[^>]+>")


def moment(value: datetime | None) -> str | None:
    """Return a time as ISO 8601 in UTC, to the second."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def day(value: date | None) -> str | None:
    """Return a day as an ISO date."""
    return value.isoformat() if value else None


def plain_text(rendered: str | None) -> str:
    """Return rendered Markdown as plain text: paragraphs apart by a blank line, list items
    with a bullet."""
    text = ITEM.sub("\n• ", BLOCK_END.sub("\n\n", rendered or ""))
    text = html.unescape(ANY_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def link(endpoint: str, **values) -> str:
    """Return the absolute address of `endpoint`."""
    return url_for(endpoint, _external=True, **values)


def rounded(value: float | None, digits: int = 2) -> float | None:
    """Return a share or mean rounded as the pages show it."""
    return None if value is None else round(value, digits)


def author_name(proposal: Proposal) -> str | None:
    """Return the name the site shows for the proposal's author (None: none shown)."""
    if proposal.channel is Channel.PAPER:
        return proposal.paper_author_name or None
    return proposal.author.display_name if proposal.author is not None else None


def proposal_json(proposal: Proposal) -> dict:
    """Return a proposal as plain data."""
    return {
        "id": proposal.id,
        "title": proposal.title,
        "body_text": plain_text(proposal.body_html),
        "body_html": proposal.body_html,
        "status": proposal.status.value,
        "category": proposal.category,
        "district": proposal.district,
        "channel": proposal.channel.value,
        "author_name": author_name(proposal),
        "published_at": moment(proposal.published_at),
        "edited_at": moment(proposal.edited_at),
        "support_count": proposal.support_count,
        "comment_count": proposal.comment_count,
        "url": link("api.proposal", proposal_id=proposal.id),
        "html_url": link("proposals.detail", proposal_id=proposal.id),
        "answers_url": link("api.proposal_answers", proposal_id=proposal.id),
    }


def answer_json(row) -> dict:
    """Return an official answer, from an (event, proposal title) row."""
    event: ProposalEvent = row[0]
    return {
        "id": event.id,
        "proposal_id": event.proposal_id,
        "proposal_title": row[1],
        "answered_at": moment(event.created_at),
        "from_status": event.from_status.value if event.from_status else None,
        "to_status": event.to_status.value if event.to_status else None,
        "department": event.department or None,
        "body_text": plain_text(event.body_html),
        "body_html": event.body_html or "",
        "proposal_url": link("api.proposal", proposal_id=event.proposal_id),
        "html_url": link("proposals.detail", proposal_id=event.proposal_id),
    }


def phase_of(subject: Vote | Survey) -> str:
    """Return the phase of a published vote or survey (upcoming, open, closed)."""
    return subject.phase().value


def result_links(kind: str, subject_id: int, publication_id: int | None) -> dict:
    """Return the addresses of a subject's published result (None while there is none)."""
    if publication_id is None:
        return {"results_url": None, "results_html_url": None}
    return {
        "results_url": link(f"api.{kind}_results", **{f"{kind}_id": subject_id}),
        "results_html_url": link("results.show", publication_id=publication_id),
    }


def survey_json(row) -> dict:
    """Return a survey, from a (survey, published result id) row."""
    survey: Survey = row[0]
    return {
        "id": survey.id,
        "title": survey.title,
        "intro_text": plain_text(survey.intro_html),
        "intro_html": survey.intro_html,
        "phase": phase_of(survey),
        "opens_at": moment(survey.opens_at),
        "closes_at": moment(survey.closes_at),
        "audience": survey.audience.value,
        "anonymous": survey.anonymous,
        "response_count": survey.response_count,
        "url": link("api.survey", survey_id=survey.id),
        "html_url": link("surveys.detail", survey_id=survey.id),
        **result_links("survey", survey.id, row[1]),
    }


def survey_detail_json(row) -> dict:
    """Return a survey with its questions in printed order."""
    questions = [
        {
            "id": question.id,
            "number": number,
            "kind": question.kind.value,
            "text": question.text,
            "options": [option.label for option in question.options],
        }
        for number, question in enumerate(row[0].questions(), start=1)
    ]
    return {**survey_json(row), "questions": questions}


def option_json(option: VoteOption) -> dict:
    """Return an option of a vote."""
    return {
        "id": option.id,
        "position": option.position,
        "title": option.title,
        "description_text": plain_text(option.description_html),
        "description_html": option.description_html,
        "cost": option.cost,
    }


def vote_json(row) -> dict:
    """Return a vote with its options, from a (vote, published result id) row."""
    vote: Vote = row[0]
    return {
        "id": vote.id,
        "title": vote.title,
        "explanation_text": plain_text(vote.explanation_html),
        "explanation_html": vote.explanation_html,
        "kind": vote.kind.value,
        "phase": phase_of(vote),
        "opens_at": moment(vote.opens_at),
        "closes_at": moment(vote.closes_at),
        "eligibility": vote.eligibility.value,
        "districts": list(vote.districts or []),
        "max_choices": vote.max_choices,
        "budget": vote.budget,
        "eligible_count": vote.eligible_count,
        "ballot_count": vote.ballot_count,
        "options": [option_json(option) for option in vote.options],
        "url": link("api.vote", vote_id=vote.id),
        "html_url": link("votes.detail", vote_id=vote.id),
        **result_links("vote", vote.id, row[1]),
    }


def update_json(update: ImplementationUpdate) -> dict:
    """Return a dated update of an implementation."""
    photo = link("implementation.photo", update_id=update.id) if update.photo_name else None
    return {
        "id": update.id,
        "happened_on": day(update.happened_on),
        "text_text": plain_text(update.text_html),
        "text_html": update.text_html,
        "status": update.status.value,
        "progress": update.progress,
        "photo_url": photo,
        "photo_alt": update.photo_alt if photo else None,
    }


def implementation_json(implementation: Implementation) -> dict:
    """Return an implementation with its updates, the latest event first."""
    proposal, option = implementation.proposal, implementation.vote_option
    updates = sorted(implementation.updates, key=lambda u: (u.happened_on, u.id), reverse=True)
    return {
        "id": implementation.id,
        "subject": "proposal" if proposal is not None else "budget_project",
        "proposal_id": implementation.proposal_id,
        "vote_id": option.vote_id if option is not None else None,
        "vote_option_id": implementation.vote_option_id,
        "title": proposal.title if proposal is not None else option.title,
        "category": proposal.category if proposal is not None else None,
        "department": implementation.department or None,
        "status": implementation.status.value,
        "progress": implementation.progress,
        "planned_completion": day(implementation.planned_completion),
        "actual_completion": day(implementation.actual_completion),
        "updated_at": moment(implementation.updated_at),
        "url": link("api.implementation", implementation_id=implementation.id),
        "html_url": link("implementation.detail", implementation_id=implementation.id),
        "updates": [update_json(update) for update in updates],
    }


def category_json(name: str, count: int) -> dict:
    """Return a category with how many proposals the list shows of it."""
    return {
        "name": name,
        "proposal_count": count,
        "proposals_url": link("api.proposals", category=name),
        "proposals_html_url": link("proposals.index", category=name),
    }
