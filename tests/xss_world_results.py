"""The XSS world's surveys, votes, council publications and implementation tracking (see
tests/xss_world.py for the plan): one big survey and a few open votes hold every payload in
their rows; each payload also titles a survey of its own and a closed vote (the lists show
them all); publications are made for the sampled payloads, and one publication is corrected
once per payload."""

from __future__ import annotations

import io
from datetime import timedelta

from fpdf import FPDF
from sqlalchemy import select

from participation.core.clock import town_today
from participation.extensions import db
from participation.proposals.models import Proposal, ProposalStatus
from participation.results import documents, publication
from participation.results import implementation as tracking
from participation.results import implementation_photos as photos
from participation.results.models import ImplementationStatus
from participation.surveys.models import Answer, QuestionType, Response, Survey
from participation.surveys.seed import build_survey
from participation.votes import builder_options
from participation.votes.models import MAX_OPTIONS, Eligibility, VoteKind
from participation.votes.seed import build_vote
from tests import xss_corpus as corpus
from tests.xss_corpus import fit
from tests.xss_world import AUTHOR, STAFF, World, png

T = QuestionType
DAY = timedelta(days=1)
CLOSED = {"opens_in": -20 * DAY, "open_for": 14 * DAY}


def seed_results(world: World, people: dict) -> None:
    """Write the surveys, votes, publications and implementations of every payload."""
    staff, council = people["staff"], people["council"]
    seed_big_survey(world)
    build_survey({"title": FORM_SURVEY, "sections": [FREE_TEXT]})
    for payload in world.payloads:
        seed_survey(world, payload)
        seed_vote(world, payload, staff, council)
    seed_option_votes(world, staff)
    seed_corrections(world, staff, council)
    seed_tracking(world, staff)
    db.session.commit()
    world.see(STAFF, "/results/manage/")


def section_of(payload: str) -> dict:
    """Return a survey section whose every text is the payload."""
    return {
        "heading": fit(payload, 200),
        "description": fit(payload, 2000),
        "questions": [
            {
                "kind": T.SINGLE,
                "text": fit(payload, 500),
                "help_text": payload,
                "options": [fit(payload, 300), "Zweite Antwort"],
            },
            {
                "kind": T.SCALE,
                "text": fit(payload, 500),
                "scale": (1, 5, fit(payload, 100), fit(payload, 100)),
            },
        ],
    }


FORM_SURVEY = "Umfrage für die Formulare"  # answered through its form by the HTTP check
FREE_TEXT = {
    "heading": "Freie Antworten",
    "questions": [
        {"kind": T.SINGLE, "text": "Auswahl", "options": ["Ja", "Nein"], "allow_other": True},
        {"kind": T.LONG_TEXT, "text": "Freitext", "required": False},
    ],
}


def seed_big_survey(world: World) -> None:
    """Write an open survey with a section per payload, answered once per payload with the
    payload as free text and as "other" answer."""
    sections = [FREE_TEXT, *(section_of(payload) for payload in world.payloads)]
    survey = build_survey({"title": "Umfrage mit allen Nutzlasten", "sections": sections})
    other, free = survey.sections[0].questions
    for payload in world.payloads:
        answer(survey, {other.id: fit(payload, 200), free.id: fit(payload, 5000)})
    base, manage = f"/surveys/{survey.id}", f"/surveys/manage/{survey.id}"
    world.see(AUTHOR, base)
    world.see(STAFF, f"{base}/results", manage, f"{manage}/preview")
    for question in (other, free):
        for number in range(1, len(world.payloads) // 50 + 2):
            world.see(STAFF, f"{base}/results/questions/{question.id}/texts?page={number}")


def answer(survey: Survey, texts: dict[int, str]) -> None:
    """Store one online response with these texts (question id → text), as answering does."""
    response = Response(survey_id=survey.id, submitted_on=town_today())
    db.session.add(response)
    db.session.flush()
    db.session.add_all(
        Answer(response_id=response.id, question_id=question_id, value_text=text)
        for question_id, text in texts.items()
    )
    survey.response_count += 1


def seed_survey(world: World, payload: str) -> None:
    """Write an open survey titled and introduced with the payload; a sampled one has a
    section of the payload too, whose builder pages are checked."""
    sampled = payload in corpus.sample()
    sections = [section_of(payload)] if sampled else [FREE_TEXT]
    survey = build_survey({"title": fit(payload, 200), "intro": payload, "sections": sections})
    if not sampled:
        return
    manage, section = f"/surveys/manage/{survey.id}", survey.sections[0]
    world.see_sampled(payload, AUTHOR, f"/surveys/{survey.id}")
    world.see_sampled(payload, STAFF, manage, f"{manage}/settings", f"{manage}/preview")
    world.see_sampled(payload, STAFF, f"{manage}/sections/{section.id}")
    for question in section.questions:
        world.see_sampled(payload, STAFF, f"{manage}/questions/{question.id}")


def seed_vote(world: World, payload: str, staff, council) -> None:
    """Write a closed vote of the payload; publish the result of a sampled one with the
    payload as statement, decision and document title."""
    spec = {
        "title": fit(payload, 200),
        "kind": VoteKind.SINGLE,
        "explanation": payload,
        "options": [(fit(payload, 200), fit(payload, 2000)), ("Zweite Möglichkeit", "")],
    }
    vote = build_vote(spec, author=staff, eligibility=Eligibility.RESIDENTS, **CLOSED)
    if payload not in corpus.sample():
        return
    found = publication.draft_for(vote, staff)
    publication.save_draft(found, payload, fit(payload, 300), town_today() - 2 * DAY, staff)
    documents.attach(found, io.BytesIO(a_pdf()), fit(payload, 200), staff)
    publication.publish(found, council)
    world.see_sampled(payload, None, f"/votes/{vote.id}", f"/results/{found.id}")
    world.see_sampled(payload, None, f"/results/{found.id}/print")
    world.see_sampled(payload, STAFF, f"/results/manage/{found.id}", f"/votes/manage/{vote.id}")
    world.see_sampled(payload, STAFF, f"/votes/manage/{vote.id}/settings")
    world.see_sampled(payload, STAFF, f"/votes/manage/{vote.id}/options/{vote.options[0].id}")


def a_pdf() -> bytes:
    """Return a small real PDF."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Niederschrift")
    return bytes(pdf.output())


def seed_corrections(world: World, staff, council) -> None:
    """Publish one closed vote's result and correct it once per payload."""
    vote = build_vote(
        {"title": "Ergebnis mit allen Korrekturen", "kind": VoteKind.YES_NO,
         "options": [("Ja", ""), ("Nein", "")]},
        author=staff, **CLOSED,
    )  # fmt: skip
    found = publication.draft_for(vote, staff)
    publication.save_draft(found, "Der Stadtrat folgt dem Ergebnis.", "", None, staff)
    publication.publish(found, council)
    for payload in world.payloads:
        publication.correct(found, fit(payload, 2000), council)
    world.see(None, f"/results/{found.id}", f"/results/{found.id}/print")
    world.see(STAFF, f"/results/manage/{found.id}")


def seed_option_votes(world: World, staff) -> None:
    """Write open votes whose options are the payloads; staff then correct each option's
    description (audited with the payload before and after)."""
    payloads = world.payloads
    for start in range(0, len(payloads), MAX_OPTIONS):
        chunk = payloads[start : start + MAX_OPTIONS]
        spec = {
            "title": f"Abstimmung mit Nutzlasten {start // MAX_OPTIONS + 1}",
            "kind": VoteKind.MULTIPLE,
            "max_choices": 3,
            "options": list(zip(distinct_titles(chunk), (p[::-1] for p in chunk), strict=True)),
        }
        vote = build_vote(spec, author=staff, eligibility=Eligibility.RESIDENTS)
        for option, payload in zip(vote.options, chunk, strict=True):
            fields = builder_options.OptionFields(option.title, fit(payload, 2000))
            builder_options.update_option(option, fields, staff)
        world.see(AUTHOR, f"/votes/{vote.id}")
        world.see(STAFF, f"/votes/manage/{vote.id}/options", f"/votes/manage/{vote.id}/preview")


def distinct_titles(chunk: tuple[str, ...]) -> list[str]:
    """Return the payloads as option titles, told apart where cutting made two equal."""
    titles, seen = [], set()
    for number, payload in enumerate(chunk, start=1):
        title = fit(payload, 200)
        if title.casefold() in seen:
            title = f"{fit(payload, 190)} ({number})"
        titles.append(title)
        seen.add(title.casefold())
    return titles


def seed_tracking(world: World, staff) -> None:
    """Track every accepted proposal with its payload as department; the first gets an update
    per payload (text and photo description)."""
    accepted = db.session.scalars(
        select(Proposal).where(Proposal.status == ProposalStatus.ACCEPTED).order_by(Proposal.id)
    )
    tracked = []
    for proposal, payload in zip(accepted, world.payloads, strict=False):
        settings = tracking.Settings(fit(payload, 200), ImplementationStatus.PLANNED, 0)
        tracked.append(tracking.start(proposal, staff, settings)[0])
        world.see_sampled(payload, None, f"/implementation/{tracked[-1].id}")
        world.see_sampled(payload, STAFF, f"/implementation/{tracked[-1].id}/edit")
    today = town_today()
    for payload in world.payloads:
        photo = photos.cleaned(io.BytesIO(png("#1565c0")))
        fields = tracking.UpdateFields(
            today, fit(payload, 10_000), ImplementationStatus.IN_PROGRESS, 40,
            photo_alt=fit(payload, 300),
        )  # fmt: skip
        tracking.add_update(tracked[0], staff, fields, photo)
    world.see(None, f"/implementation/{tracked[0].id}")
