"""The council's publication of a closed vote or survey. Services: they flush, never commit.

Staff or the council prepare a draft (statement in Markdown, the decision it relates to and
its date, documents); only the council publishes it. Publishing copies the figures (freeze.py):
the public page shows them however the live counts change later (a ballot entered late).
After publication every change needs a correction: a dated note shown on the page; a
correction may also take the current figures, and keeps the ones it replaced. Every step is
audited; publishing tells the participants and those who discussed it (notifications).
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participation.core import audit, events
from participation.core.errors import Refusal
from participation.core.markup import render_markdown
from participation.core.models import utcnow
from participation.extensions import db
from participation.results import freeze
from participation.results.models import Correction, Publication, PublicationState
from participation.surveys import results as survey_results
from participation.surveys.models import Question, Section, Survey
from participation.votes import mixing
from participation.votes import tally as tallies
from participation.votes.models import Vote, VoteKind

audit.register_actions(
    {
        "results.draft_saved": _l("Veröffentlichung vorbereitet"),
        "results.published": _l("Ergebnis veröffentlicht"),
        "results.corrected": _l("Veröffentlichtes Ergebnis korrigiert"),
        "results.withdrawn": _l("Entwurf einer Veröffentlichung gelöscht"),
    }
)
audit.register_target_types({"publications": _l("Veröffentlichung")})

RESULTS_PUBLISHED = events.RESULTS_PUBLISHED
REFUSALS = {
    "open": _l("Die Abstimmung oder Umfrage läuft noch. Veröffentlichen können Sie erst danach."),
    "published": _l("Das Ergebnis ist schon veröffentlicht. Ändern Sie es mit einer Korrektur."),
    "draft": _l("Das Ergebnis ist noch nicht veröffentlicht."),
    "statement": _l("Bitte schreiben Sie die Erklärung des Stadtrats, bevor Sie veröffentlichen."),
}


class PublicationRefused(Refusal):
    """The step is not possible now; `reason` is a REFUSALS key."""

    reasons = REFUSALS


def subject_closed(subject: Vote | Survey) -> bool:
    """Whether the vote or survey has closed (only then are its results final)."""
    return subject.phase().value == "closed"


def of_subject(subject: Vote | Survey) -> Publication | None:
    """Return the publication of a vote or survey (None: none prepared)."""
    column = Publication.vote_id if isinstance(subject, Vote) else Publication.survey_id
    return db.session.scalar(select(Publication).where(column == subject.id))


def with_figure_rows() -> list:
    """Return the loader options of a publication's subject and the rows its figures name
    (a survey's sections, questions and options: three queries, not one per section)."""
    questions = selectinload(Survey.sections).selectinload(Section.questions)
    return [
        selectinload(Publication.vote),
        selectinload(Publication.survey).options(questions.selectinload(Question.options)),
    ]


def draft_for(subject: Vote | Survey, staff) -> Publication:
    """Return the publication of a closed vote or survey, making a draft if there is none."""
    if not subject_closed(subject):
        raise PublicationRefused("open")
    publication = of_subject(subject)
    if publication is not None:
        return publication
    is_vote = isinstance(subject, Vote)
    publication = Publication(
        vote_id=subject.id if is_vote else None,
        survey_id=None if is_vote else subject.id,
        created_by_id=staff.id,
    )
    db.session.add(publication)
    db.session.flush()
    return publication


def save_draft(publication: Publication, statement: str, decision: str, on: date | None, staff):
    """Store the draft's statement, decision and its date (refused once published)."""
    if publication.is_published:
        raise PublicationRefused("published")
    set_text(publication, statement, decision, on)
    audit.record("results.draft_saved", publication, actor=staff)
    db.session.flush()


def set_text(publication: Publication, statement: str, decision: str, on: date | None) -> None:
    """Set the statement (rendered now), the decision and its date."""
    statement = statement or ""  # a form sent without these fields gives None
    publication.statement = statement
    publication.statement_html = str(render_markdown(statement))
    publication.decision, publication.decision_date = decision or "", on
    publication.updated_at = utcnow()


def current_figures(publication: Publication) -> dict:
    """Return the subject's figures as they are now, frozen."""
    if publication.vote_id is not None:
        vote = publication.vote
        mixing.ensure_mixed(vote)
        counted = tallies.count(vote)
        funded = tallies.budget_result(vote, counted) if vote.kind is VoteKind.BUDGET else None
        return freeze.vote_figures(counted, funded)
    found = survey_results.aggregate(publication.survey, public=True)
    return freeze.survey_figures(found)


def publish(publication: Publication, council) -> None:
    """Publish the draft: freeze its figures, date it and tell the people concerned."""
    if publication.is_published:
        raise PublicationRefused("published")
    if not subject_closed(publication.subject):
        raise PublicationRefused("open")
    if not publication.statement.strip():
        raise PublicationRefused("statement")
    publication.figures = current_figures(publication)
    publication.state = PublicationState.PUBLISHED
    publication.published_at = publication.updated_at = utcnow()
    publication.published_by_id = council.id
    audit.record("results.published", publication, actor=council, after=facts(publication))
    db.session.flush()
    events.emit(RESULTS_PUBLISHED, publication_id=publication.id, actor_id=council.id)


def correct(publication: Publication, note: str, council, *, refresh=False, **text):
    """Change a published publication with a dated note: the current figures (the replaced
    figures are kept with the note) and/or a new `statement`, `decision` or `decision_date`."""
    if not publication.is_published:
        raise PublicationRefused("draft")
    before = publication.figures if refresh else None
    if refresh:
        publication.figures = current_figures(publication)
    if text:
        set_text(
            publication,
            text.get("statement", publication.statement),
            text.get("decision", publication.decision),
            text.get("decision_date", publication.decision_date),
        )
    publication.updated_at = utcnow()
    correction = Correction(
        publication_id=publication.id, author_id=council.id, note=note, figures_before=before
    )
    db.session.add(correction)
    audit.record("results.corrected", publication, actor=council, after={"refresh": refresh})
    db.session.flush()
    return correction


def discard(publication: Publication, staff) -> None:
    """Delete a draft (a published result stays: it is corrected, never deleted)."""
    if publication.is_published:
        raise PublicationRefused("published")
    audit.record("results.withdrawn", publication, actor=staff, before=facts(publication))
    db.session.delete(publication)
    db.session.flush()


def facts(publication: Publication) -> dict:
    """Return what the audit log keeps of a publication: its subject and decision."""
    kind = "vote" if publication.vote_id is not None else "survey"
    subject_id = publication.vote_id or publication.survey_id
    return {kind: subject_id, "decision": publication.decision}


def thawed_figures(publication: Publication, data: dict | None = None) -> dict:
    """Return the published figures (or `data`, frozen figures of the publication's subject)
    as the objects the result templates show."""
    data = (publication.figures if data is None else data) or {}
    if publication.vote_id is not None:
        return {
            "tally": freeze.thawed(data.get("tally"), {}),
            "funded": freeze.thawed(data.get("funded"), {}),
        }
    rows = freeze.survey_rows(publication.survey)
    return {"found": freeze.thawed(data.get("results"), rows)}


def published_query():
    """Return the query of published publications, newest first."""
    return (
        select(Publication)
        .where(Publication.state == PublicationState.PUBLISHED)
        .order_by(Publication.published_at.desc(), Publication.id.desc())
    )
