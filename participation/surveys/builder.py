"""Building a survey (staff): settings, sections, publishing, deleting. They flush, never commit.

Once a survey has responses, what people answered must keep its meaning: answered questions and
options cannot be removed or changed in meaning (builder_questions.py), the survey cannot go
back to draft or be deleted, and `anonymous` and the audience stay as they were promised.
Wording fixes stay possible and are written to the audit log with the old and the new text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from participation.comments.models import Comment, CommentThread
from participation.comments.threads import create_thread
from participation.core import audit
from participation.core.markup import render_markdown
from participation.core.models import utcnow
from participation.extensions import db
from participation.surveys.models import Answer, Audience, Question, Response, Section, Survey

audit.register_actions(
    {
        "survey.created": _l("Umfrage angelegt"),
        "survey.published": _l("Umfrage veröffentlicht"),
        "survey.unpublished": _l("Umfrage zurück in den Entwurf genommen"),
        "survey.deleted": _l("Umfrage gelöscht"),
        "survey.wording_fixed": _l("Umfrage: Wortlaut nach ersten Antworten korrigiert"),
    }
)
audit.register_target_types(
    {"surveys": _l("Umfrage"), "survey_questions": _l("Frage einer Umfrage")}
)


class BuilderError(Exception):
    """A building rule was broken; `field` names the form field the message belongs to."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


@dataclass
class SurveySettings:
    """The survey's own fields as the settings form delivers them (times in UTC)."""

    title: str
    intro: str
    opens_at: datetime
    closes_at: datetime
    audience: Audience
    anonymous: bool


def touch(survey: Survey) -> None:
    """Mark the survey as changed now."""
    survey.updated_at = utcnow()


def has_responses(survey: Survey) -> bool:
    """Whether anyone has answered (online or on paper)."""
    if survey.response_count > 0:
        return True
    return bool(db.session.scalar(select(exists().where(Response.survey_id == survey.id))))


def answered_question_ids(survey: Survey) -> set[int]:
    """Return the ids of the survey's questions that have at least one answer."""
    query = (
        select(Answer.question_id)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.survey_id == survey.id)
        .distinct()
    )
    return set(db.session.scalars(query))


def find_created(author, key: str | None) -> Survey | None:
    """Return the survey a "new survey" form with `key` already created, if any."""
    key = usable_key(key)
    if key is None:
        return None
    query = select(Survey).where(Survey.submission_key == key, Survey.created_by_id == author.id)
    return db.session.scalar(query)


def usable_key(key: str | None) -> str | None:
    """Return the form's submission key, or None when it is missing or tampered (too long)."""
    return key if key and len(key) <= 64 else None


def create_survey(author, settings: SurveySettings, key: str | None = None) -> Survey:
    """Create a draft survey with its comment thread and a first, empty section; the same form
    sent twice (even at the same moment) creates one survey."""
    survey = Survey(
        created_by_id=author.id if author else None,
        thread_id=create_thread("survey").id,
        published_at=None,
        submission_key=usable_key(key),
    )
    apply_settings(survey, settings)
    try:
        with db.session.begin_nested():
            db.session.add(survey)
    except IntegrityError:  # the same form arrived twice at the same moment
        return find_created(author, key)
    db.session.add(Section(survey_id=survey.id, position=1, heading=str(_l("Abschnitt 1"))))
    db.session.flush()
    audit.record("survey.created", survey, actor=author, after={"title": survey.title})
    return survey


def apply_settings(survey: Survey, settings: SurveySettings) -> None:
    """Copy the settings onto the survey and render the introduction."""
    survey.title = settings.title
    survey.intro = settings.intro
    survey.intro_html = str(render_markdown(settings.intro)) if settings.intro else ""
    survey.opens_at = settings.opens_at
    survey.closes_at = settings.closes_at
    survey.audience = settings.audience
    survey.anonymous = settings.anonymous
    touch(survey)


def update_settings(survey: Survey, settings: SurveySettings, actor) -> None:
    """Change the settings; with responses the promise (audience, anonymity) stays, and changed
    wording is logged."""
    answered = has_responses(survey)
    if answered and settings.anonymous != survey.anonymous:
        raise BuilderError(
            _l("Das kann nicht mehr geändert werden: Es gibt schon Antworten."), "anonymous"
        )
    if answered and settings.audience != survey.audience:
        raise BuilderError(
            _l("Das kann nicht mehr geändert werden: Es gibt schon Antworten."), "audience"
        )
    before = {"title": survey.title, "intro": survey.intro}
    apply_settings(survey, settings)
    after = {"title": survey.title, "intro": survey.intro}
    if answered:
        log_wording(survey, survey, before, after, actor)


def log_wording(survey: Survey, target, before: dict, after: dict, actor) -> None:
    """Write the changed texts of a survey with responses to the audit log."""
    changed = [key for key in after if before.get(key) != after[key]]
    if changed:
        audit.record(
            "survey.wording_fixed",
            target,
            actor=actor,
            before={"survey": survey.id, **{key: before.get(key) for key in changed}},
            after={"survey": survey.id, **{key: after[key] for key in changed}},
        )


def publish(survey: Survey, actor) -> None:
    """Make a draft visible (upcoming or open by its times); it needs a question and a future end."""
    if survey.published_at is not None:
        return
    if not any(section.questions for section in survey.sections):
        raise BuilderError(_l("Eine Umfrage braucht mindestens eine Frage."))
    if survey.closes_at <= utcnow():
        raise BuilderError(
            _l("Das Ende der Umfrage liegt in der Vergangenheit. Bitte ändern Sie es.")
        )
    survey.published_at = utcnow()
    touch(survey)
    audit.record("survey.published", survey, actor=actor, after={"title": survey.title})


def unpublish(survey: Survey, actor) -> None:
    """Take a published survey back to draft while nobody has answered it."""
    if survey.published_at is None:
        return
    if has_responses(survey):
        raise BuilderError(_l("Die Umfrage hat schon Antworten. Sie bleibt veröffentlicht."))
    survey.published_at = None
    touch(survey)
    audit.record("survey.unpublished", survey, actor=actor, after={"title": survey.title})


def delete_survey(survey: Survey, actor) -> None:
    """Delete a survey nobody has answered; its thread goes too unless it holds comments."""
    if has_responses(survey):
        raise BuilderError(_l("Die Umfrage hat schon Antworten. Sie kann nicht gelöscht werden."))
    audit.record("survey.deleted", survey, actor=actor, before={"title": survey.title})
    thread = db.session.get(CommentThread, survey.thread_id)
    db.session.delete(survey)
    db.session.flush()
    comments = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.thread_id == survey.thread_id)
    )
    if thread is not None and not comments:  # comments stay for moderation's records
        db.session.delete(thread)
        db.session.flush()


# --- sections ------------------------------------------------------------------------------


def add_section(survey: Survey, heading: str, description: str) -> Section:
    """Add a section at the end of the survey."""
    position = max((section.position for section in survey.sections), default=0) + 1
    section = Section(survey=survey, position=position, heading=heading, description=description)
    db.session.add(section)
    touch(survey)
    db.session.flush()
    return section


def update_section(section: Section, heading: str, description: str, actor) -> None:
    """Change a section's heading and description (logged once the survey has responses)."""
    survey = section.survey
    before = {"heading": section.heading, "description": section.description}
    section.heading, section.description = heading, description
    touch(survey)
    if has_responses(survey):
        after = {"heading": heading, "description": description}
        log_wording(survey, survey, before, after, actor)


def delete_section(section: Section) -> None:
    """Delete a section with its questions, unless one of them has answers."""
    survey = section.survey
    answered = answered_question_ids(survey)
    if any(question.id in answered for question in section.questions):
        raise BuilderError(
            _l("Dieser Abschnitt enthält Fragen mit Antworten. Er kann nicht gelöscht werden.")
        )
    survey.sections.remove(section)
    renumber(survey.sections)
    touch(survey)
    db.session.flush()


def move_section(section: Section, step: int) -> None:
    """Move a section one place up (step -1) or down (+1)."""
    sections = list(section.survey.sections)
    index = sections.index(section)
    target = index + step
    if not 0 <= target < len(sections):
        raise BuilderError(_l("Der Abschnitt kann nicht weiter verschoben werden."))
    sections[index], sections[target] = sections[target], sections[index]
    renumber(sections)
    touch(section.survey)
    db.session.flush()


def renumber(items) -> None:
    """Give `items` the positions 1, 2, 3 … in their current order."""
    for position, item in enumerate(items, start=1):
        item.position = position
