"""Survey pages for residents: the list, a survey with its form, checking and sending."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from participation.comments.services import load_thread_view
from participation.core.models import utcnow
from participation.core.permissions import public
from participation.extensions import db, limiter
from participation.surveys import answering, guests, permissions, responses
from participation.surveys.models import Phase, Question, Section, Survey

bp = Blueprint("surveys", __name__, url_prefix="/surveys")
# Sections, questions and options in three queries, whatever the survey's length.
WITH_QUESTIONS = (
    selectinload(Survey.sections).selectinload(Section.questions).selectinload(Question.options)
)


def load_visible(survey_id: int) -> Survey:
    """Return the survey if the viewer may see it (drafts only for staff), else 404."""
    survey = db.session.get(Survey, survey_id, options=[WITH_QUESTIONS])
    if survey is None or not permissions.may_see(current_user, survey):
        abort(404)
    return survey


def signed_in_user():
    """Return the signed-in account, or None for a guest."""
    return current_user if current_user.is_authenticated else None


def already_answered(survey: Survey) -> bool:
    """Whether the viewer (account, or this browser for guests) has answered the survey."""
    user = signed_in_user()
    if user is None:
        return guests.has_answered(survey.id)
    return responses.has_answered(survey, user)


def numbered_sections(survey: Survey) -> list[tuple]:
    """Return (section, [(question, number), …]) with numbers running over all sections."""
    number, result = 0, []
    for section in survey.sections:
        numbered = []
        for question in section.questions:
            number += 1
            numbered.append((question, number))
        result.append((section, numbered))
    return result


def manage_url() -> str | None:
    """Return the builder overview's address for staff (None for everyone else)."""
    if not permissions.may_manage(current_user):
        return None
    if "survey_builder.index" in current_app.view_functions:
        return url_for("survey_builder.index")
    return "/surveys/manage/"


def render_survey(survey: Survey, values=None, errors=None, status=200, notice=None, answered=None):
    """Render the survey page: facts, the form (or why not) and the discussion."""
    refusal = permissions.answer_refusal(current_user, survey)
    if answered is None:
        answered = survey.phase() is not Phase.DRAFT and already_answered(survey)
    context = {
        "survey": survey,
        "phase": survey.phase(),
        "refusal": refusal,
        "answered": answered,
        "show_form": refusal is None and not answered,
        "may_save": permissions.may_save_draft(current_user, survey),
        "sections": numbered_sections(survey),
        "values": values or {},
        "errors": errors or {},
        "draft_saved_at": notice,
        "thread_view": load_thread_view(survey.thread, sort=request.args.get("sort")),
    }
    return render_template("surveys/detail.html", **context), status


def refused_send(survey: Survey):
    """Return the page to show when the viewer may not send a response now, else None."""
    if permissions.answer_refusal(current_user, survey) is not None:
        return render_survey(survey, status=403)
    if already_answered(survey):
        return render_survey(survey, status=403)
    return None


@bp.get("/")
@public
def index():
    """List the published surveys: open ones first, then upcoming, then closed."""
    now = utcnow()
    group = case((Survey.opens_at > now, 1), (Survey.closes_at > now, 0), else_=2)
    query = (
        select(Survey)
        .where(Survey.published_at.is_not(None))
        .order_by(group, Survey.closes_at, Survey.id)
    )
    surveys = list(db.session.scalars(query))
    groups = {phase: [s for s in surveys if s.phase(now) is phase] for phase in Phase}
    groups[Phase.CLOSED].reverse()  # the most recently closed first
    user = signed_in_user()
    answered = responses.answered_survey_ids(user, [s.id for s in surveys]) if user else set()
    if user is None:
        answered = set(guests.answered_ids())
    return render_template(
        "surveys/list.html", groups=groups, answered=answered, manage_url=manage_url()
    )


@bp.get("/<int:survey_id>")
@public
def detail(survey_id: int):
    """Show a survey with its form (prefilled from a saved draft) or why it cannot be answered."""
    survey = load_visible(survey_id)
    values, notice = {}, None
    user = signed_in_user()
    if user is not None and permissions.may_save_draft(user, survey):
        draft = responses.load_draft(survey, user)
        values = responses.draft_values(draft)
        if draft is not None:
            notice = draft.saved_at
    return render_survey(survey, values, notice=notice)


@bp.post("/<int:survey_id>")
@public
def answer(survey_id: int):
    """Check the posted answers and show them for review; or keep them as a draft."""
    survey = load_visible(survey_id)
    if (refusal := refused_send(survey)) is not None:
        return refusal
    values = answering.posted_values(request.form)
    action = request.form.get("action", "check")
    if action == "change":
        return render_survey(survey, values)
    if action == "save":
        return save_draft(survey, values)
    answers, errors = answering.parse(survey.questions(), values)
    if errors:
        return render_survey(survey, values, errors, status=400)
    return render_check(survey, values, answers)


def save_draft(survey: Survey, values):
    """Keep the values for the signed-in person and say so."""
    if not permissions.may_save_draft(current_user, survey):
        abort(403)
    allowed = set().union(*(answering.known_fields(q) for q in survey.questions()))
    responses.save_draft(survey, current_user, {k: v for k, v in values.items() if k in allowed})
    db.session.commit()
    flash(
        _("Ihre Antworten sind zwischengespeichert. Sie können später hier weitermachen."),
        "success",
    )
    return redirect(url_for("surveys.detail", survey_id=survey.id, _anchor="survey-form"))


def render_check(survey: Survey, values, answers):
    """Show every question with its answer, to send or to change."""
    lines = {
        question.id: responses.describe(question, answers.get(question.id, []))
        for question in survey.questions()
    }
    return render_template(
        "surveys/check.html",
        survey=survey,
        sections=numbered_sections(survey),
        lines=lines,
        values=values,
    )


def guest_limit() -> str:
    return current_app.config["SURVEY_RESPONSE_LIMIT"]


def is_signed_in() -> bool:
    return bool(current_user.is_authenticated)


@bp.post("/<int:survey_id>/send")
@public
@limiter.limit(guest_limit, exempt_when=is_signed_in)
def send(survey_id: int):
    """Store the checked answers (checked again) and thank the sender."""
    survey = load_visible(survey_id)
    if (refusal := refused_send(survey)) is not None:
        return refusal
    values = answering.posted_values(request.form)
    answers, errors = answering.parse(survey.questions(), values)
    if errors:
        return render_survey(survey, values, errors, status=400)
    try:
        responses.submit(survey, signed_in_user(), answers)
    except responses.AlreadyAnswered:
        return render_survey(survey, status=403, answered=True)
    db.session.commit()
    reply = make_response(redirect(url_for("surveys.thanks", survey_id=survey.id)))
    if signed_in_user() is None:
        guests.remember(reply, survey.id)
    return reply


@bp.get("/<int:survey_id>/thanks")
@public
def thanks(survey_id: int):
    """Confirm that the response has arrived."""
    survey = load_visible(survey_id)
    return render_template("surveys/thanks.html", survey=survey)
