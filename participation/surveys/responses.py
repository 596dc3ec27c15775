"""Storing a response: participation, response, answers and the count in one transaction;
drafts to continue later; the plain-words summary of answers shown before sending."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.core.models import utcnow
from participation.extensions import db
from participation.surveys.answering import Row
from participation.surveys.models import (
    Answer,
    Draft,
    Participation,
    Question,
    QuestionType,
    Response,
    Survey,
    random_response_id,
)

T = QuestionType


class AlreadyAnswered(Exception):
    """The account has already answered this survey (possibly a moment ago, in parallel)."""


def has_answered(survey: Survey, user) -> bool:
    """Whether the signed-in `user` has already answered the survey."""
    key = {"survey_id": survey.id, "user_id": user.id}
    return db.session.get(Participation, key) is not None


def submit(survey: Survey, user, answers: dict[int, list[Row]]) -> Response:
    """Store a response (flushed): `user` is None for guests; raise AlreadyAnswered on a second one."""
    today = town_today()
    if user is not None:
        claim_participation(survey, user, today)
    response = Response(
        id=random_response_id(),  # known now: the response and its answers go in one flush
        survey_id=survey.id,
        user_id=None if survey.anonymous or user is None else user.id,
        channel=Channel.ONLINE,
        submitted_on=today,
        submitted_at=None if survey.anonymous else utcnow(),
    )
    db.session.add(response)
    db.session.add_all(
        Answer(response_id=response.id, question_id=question_id, **row._asdict())
        for question_id, rows in answers.items()
        for row in rows
    )
    # Counted in SQL, so two responses sent at the same moment both count.
    db.session.execute(
        update(Survey)
        .where(Survey.id == survey.id)
        .values(response_count=Survey.response_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(survey, ["response_count"])
    if user is not None:
        delete_draft(survey, user)
    db.session.flush()
    return response


def claim_participation(survey: Survey, user, today) -> None:
    """Record that `user` answers; the primary key refuses a second (or parallel) response."""
    try:
        with db.session.begin_nested():
            db.session.add(
                Participation(
                    survey_id=survey.id, user_id=user.id, channel=Channel.ONLINE, day=today
                )
            )
    except IntegrityError as error:
        raise AlreadyAnswered from error


def save_draft(survey: Survey, user, values: dict[str, list[str]]) -> Draft:
    """Keep the posted values of `user` to continue later (replaces an earlier draft)."""
    draft = db.session.get(Draft, {"survey_id": survey.id, "user_id": user.id})
    if draft is None:
        draft = Draft(survey_id=survey.id, user_id=user.id, data={})
        db.session.add(draft)
    draft.data = values
    draft.saved_at = utcnow()
    db.session.flush()
    return draft


def load_draft(survey: Survey, user) -> Draft | None:
    """Return the saved draft of `user` for the survey, if any."""
    return db.session.get(Draft, {"survey_id": survey.id, "user_id": user.id})


def delete_draft(survey: Survey, user) -> None:
    """Forget the saved draft (the response is sent)."""
    db.session.execute(delete(Draft).where(Draft.survey_id == survey.id, Draft.user_id == user.id))


def draft_values(draft: Draft | None) -> dict[str, list[str]]:
    """Return a draft's values in the form's shape (nothing odd from an old draft)."""
    if draft is None or not isinstance(draft.data, dict):
        return {}
    return {
        str(name): [str(value) for value in given]
        for name, given in draft.data.items()
        if isinstance(given, list)
    }


def answered_survey_ids(user, survey_ids: list[int]) -> set[int]:
    """Return which of the surveys the signed-in `user` has answered (one query)."""
    if not survey_ids:
        return set()
    query = select(Participation.survey_id).where(
        Participation.user_id == user.id, Participation.survey_id.in_(survey_ids)
    )
    return set(db.session.scalars(query))


def describe(question: Question, rows: list[Row]) -> list[str]:
    """Return the answer in plain words, one line per value (for the check page)."""
    if not rows:
        return [_("Keine Antwort")]
    labels = {option.id: option.label for option in question.options}
    kind = question.kind
    if kind in (T.SINGLE, T.MULTIPLE):
        return [
            labels[row.option_id]
            if row.option_id
            else _("Sonstiges: %(text)s", text=row.value_text)
            for row in rows
        ]
    if kind is T.YES_NO:
        return [_("Ja") if rows[0].value_int else _("Nein")]
    if kind is T.SCALE:
        return [scale_words(question, rows[0].value_int)]
    if kind is T.MATRIX:
        return [f"{labels[row.option_id]}: {scale_words(question, row.value_int)}" for row in rows]
    if kind is T.RANKING:
        ordered = sorted(rows, key=lambda row: row.value_int)
        return [
            _("Platz %(number)s: %(label)s", number=row.value_int, label=labels[row.option_id])
            for row in ordered
        ]
    if kind is T.NUMBER:
        return [format_decimal(rows[0].value_number)]
    return [rows[0].value_text]


def scale_words(question: Question, point: int) -> str:
    """Return a scale point with its range and, at the ends, its label."""
    words = _(
        "%(point)s auf einer Skala von %(low)s bis %(high)s",
        point=point,
        low=question.scale_min,
        high=question.scale_max,
    )
    end = {
        question.scale_min: question.scale_min_label,
        question.scale_max: question.scale_max_label,
    }
    return f"{words} ({end[point]})" if end.get(point) else words
